using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>
/// The optimizer step the <see cref="Trainer"/> applies: PyTorch's SGD and Adam update rules, in place under
/// <c>no_grad</c>. TorchSharp 0.107's own <c>optim.SGD</c>/<c>optim.Adam</c> are not used because their steps pass
/// temporary <see cref="Scalar"/>s to native calls (<c>param.add_(grad, alpha: -lr)</c>) without keeping them alive:
/// the JIT may consider the temporary dead once its handle is read, a collection on another thread then finalizes it,
/// and libtorch reads freed memory mid-call. Seen here as a nondeterministic
/// <c>"Expected false to be true" … toFloat at c10/core/Scalar.h</c> in <c>SGD.step</c> on a loaded machine with
/// runs training in parallel. Every <see cref="Scalar"/> here is owned by the update or by a <c>using</c> that
/// outlives the native call.
/// </summary>
internal abstract class ParameterUpdate : IDisposable
{
    private protected ParameterUpdate(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
    }

    /// <summary>The parameters updated, in module order.</summary>
    protected IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Creates the update for <paramref name="spec"/>.</summary>
    public static ParameterUpdate Create(OptimizerSpec spec, IEnumerable<Parameter> parameters) => spec switch
    {
        SgdSpec sgd => new SgdUpdate(sgd, parameters),
        AdamSpec adam => new AdamUpdate(adam, parameters),
        _ => throw new ArgumentException($"no update rule for optimizer {spec?.GetType().Name ?? "null"}; expected SgdSpec or AdamSpec", nameof(spec)),
    };

    /// <summary>Zeroes every gradient that exists (PyTorch's <c>zero_grad(set_to_none=False)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>Applies one update from the current gradients; parameters without a gradient are left alone.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        for (int i = 0; i < Parameters.Count; i++)
        {
            var grad = Parameters[i].grad;
            if (grad is not null)
            {
                Update(i, Parameters[i], grad);
            }
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place.</summary>
    protected abstract void Update(int index, Parameter parameter, Tensor grad);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the state tensors and scalars.</summary>
    protected abstract void Dispose(bool disposing);
}

/// <summary>PyTorch's SGD (dampening 0): <c>g ← ∇ + λ·w</c>; <c>v ← μ·v + g</c> (v₁ = g); <c>g ← g + μ·v</c> (Nesterov) or <c>v</c>; <c>w ← w − lr·g</c>.</summary>
internal sealed class SgdUpdate : ParameterUpdate
{
    private readonly SgdSpec _spec;
    private readonly Scalar _minusLr;
    private readonly Scalar _decay;
    private readonly Scalar _momentum;
    private readonly Tensor?[] _buffers;

    public SgdUpdate(SgdSpec spec, IEnumerable<Parameter> parameters)
        : base(parameters)
    {
        _spec = spec;
        _minusLr = (-spec.LearningRate).ToScalar();
        _decay = spec.WeightDecay.ToScalar();
        _momentum = spec.Momentum.ToScalar();
        _buffers = new Tensor?[Parameters.Count];
    }

    protected override void Update(int index, Parameter parameter, Tensor grad)
    {
        if (_spec.WeightDecay != 0)
        {
            grad = grad.add(parameter, _decay);
        }

        if (_spec.Momentum != 0)
        {
            var buffer = _buffers[index];
            if (buffer is null)
            {
                buffer = _buffers[index] = grad.clone().detach().DetachFromDisposeScope();
            }
            else
            {
                buffer.mul_(_momentum).add_(grad, HeldScalars.One);
            }

            grad = _spec.Nesterov ? grad.add(buffer, _momentum) : buffer;
        }

        parameter.add_(grad, _minusLr);
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var buffer in _buffers)
        {
            buffer?.Dispose();
        }

        _minusLr.Dispose();
        _decay.Dispose();
        _momentum.Dispose();
    }
}

/// <summary>
/// PyTorch's Adam (Kingma &amp; Ba 2015, no AMSGrad): <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c>,
/// <c>w ← w − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)</c>, with <c>g ← ∇ + λ·w</c> when λ &gt; 0.
/// </summary>
internal sealed class AdamUpdate : ParameterUpdate
{
    private readonly AdamSpec _spec;
    private readonly Scalar _beta1;
    private readonly Scalar _beta2;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _epsilon;
    private readonly Scalar _decay;
    private readonly Tensor[] _mean;
    private readonly Tensor[] _square;
    private readonly long[] _steps;

    public AdamUpdate(AdamSpec spec, IEnumerable<Parameter> parameters)
        : base(parameters)
    {
        _spec = spec;
        _beta1 = spec.Beta1.ToScalar();
        _beta2 = spec.Beta2.ToScalar();
        _oneMinusBeta1 = (1 - spec.Beta1).ToScalar();
        _oneMinusBeta2 = (1 - spec.Beta2).ToScalar();
        _epsilon = spec.Epsilon.ToScalar();
        _decay = spec.WeightDecay.ToScalar();
        _mean = [.. Parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _square = [.. Parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _steps = new long[Parameters.Count];
    }

    protected override void Update(int index, Parameter parameter, Tensor grad)
    {
        long step = ++_steps[index];
        if (_spec.WeightDecay != 0)
        {
            grad = grad.add(parameter, _decay);
        }

        _mean[index].mul_(_beta1).add_(grad, _oneMinusBeta1);
        _square[index].mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
        double correction1 = 1 - Math.Pow(_spec.Beta1, step);
        double correction2 = 1 - Math.Pow(_spec.Beta2, step);
        using var rootCorrection = Math.Sqrt(correction2).ToScalar();
        using var minusStepSize = (-_spec.LearningRate / correction1).ToScalar();
        var denominator = _square[index].sqrt().div_(rootCorrection).add_(_epsilon, HeldScalars.One);
        parameter.addcdiv_(_mean[index], denominator, minusStepSize);
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var t in _mean.Concat(_square))
        {
            t.Dispose();
        }

        foreach (var s in new[] { _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _epsilon, _decay })
        {
            s.Dispose();
        }
    }
}

/// <summary>
/// Scalars that live as long as the process, for TorchSharp overloads that would otherwise create a temporary one
/// (e.g. <c>add_(tensor)</c> calls <c>add_(tensor, 1)</c>; see <see cref="ParameterUpdate"/> for why a temporary is unsafe).
/// </summary>
internal static class HeldScalars
{
    /// <summary>The integer 1 (as <c>alpha</c> it keeps the tensor's dtype).</summary>
    public static readonly Scalar One = 1.ToScalar();
}
