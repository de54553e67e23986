using WeightInit.Models;
using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>
/// One plain-SGD step of an <see cref="Mlp"/> with cross-entropy, back-propagated by hand instead of by autograd:
/// the same gradients (checked against autograd in the tests), fewer operations and no graph.
/// <list type="bullet">
/// <item>Forward: <c>sℓ = addmm(bℓ, hℓ₋₁, Wℓᵀ)</c>, <c>hℓ = f(sℓ)</c> in place (tanh by <see cref="VectorTanh"/>).</item>
/// <item>Loss gradient: for the mean cross-entropy over a batch of n, <c>∂L/∂s = (softmax(s) − onehot(y)) / n</c>.</item>
/// <item>Backward, last layer first: <c>∂L/∂hℓ₋₁ = gℓ·Wℓ</c> (before Wℓ changes), then <c>gℓ₋₁ = ∂L/∂hℓ₋₁ ⊙ f′</c>, with
/// f′ written from the output h: tanh 1 − h², sigmoid h(1 − h), ReLU [h &gt; 0], leaky ReLU 1 or the slope.</item>
/// <item>Update, fused into the weight-gradient product: <c>Wℓ ← Wℓ − lr·gℓᵀ·hℓ₋₁</c> as one <c>addmm_</c>;
/// <c>bℓ ← bℓ − lr·Σ gℓ</c>.</item>
/// </list>
/// With an <see cref="InputColumnProfile"/> (sparse inputs such as MNIST's pixels), the first layer multiplies only the
/// input columns that are non-zero somewhere in the batch; the rest would contribute and receive exactly zero.
/// This is PyTorch's SGD without momentum or weight decay (<c>p ← p − lr·∇p</c>), so the trajectory equals the
/// autograd one up to float rounding. Used by <see cref="Trainer"/> when <see cref="IsSupported"/>; other optimizers,
/// activations with no output-only derivative (SELU, GELU) and probed steps go through autograd.
/// </summary>
internal sealed class DirectBackprop : IDisposable
{
    private readonly Mlp _model;
    private readonly float _step;
    private readonly Tensor[] _outputs;
    private readonly Tensor[] _upstream;
    private readonly Tensor _scratch;
    private readonly Tensor _minusOnes;
    private readonly InputColumnProfile? _columns;
    private bool _permuted;

    /// <summary>
    /// Allocates the step's work buffers once (layer outputs, upstream gradients, one scratch row block), so a step
    /// allocates only small tensors: the same few sizes every step keep the native heap from fragmenting.
    /// </summary>
    /// <param name="model">The model to train.</param>
    /// <param name="batchSize">The largest batch.</param>
    /// <param name="learningRate">SGD's lr.</param>
    /// <param name="columns">When given (and then owned), each step multiplies only the input columns its batch needs
    /// (see <see cref="InputColumnProfile"/>); the first layer's weight columns are then kept in the profile's order
    /// between steps, until <see cref="RestoreLayout"/>.</param>
    public DirectBackprop(Mlp model, int batchSize, double learningRate, InputColumnProfile? columns = null)
    {
        _model = model;
        _columns = columns;
        _step = (float)-learningRate;
        int layers = model.LayerCount;
        _outputs = new Tensor[layers];
        _upstream = new Tensor[layers - 1];
        long widest = 1;
        for (int l = 0; l < layers; l++)
        {
            long width = model.Spec.LayerShape(l).Out;
            _outputs[l] = empty(batchSize, width).DetachFromDisposeScope();
            if (l < layers - 1)
            {
                _upstream[l] = empty(batchSize, width).DetachFromDisposeScope();
                widest = Math.Max(widest, width);
            }
        }

        _scratch = empty(batchSize * widest).DetachFromDisposeScope();
        _minusOnes = full(batchSize, 1, -1f).DetachFromDisposeScope();
    }

    /// <summary>Whether a direct step can train with this activation and optimizer.</summary>
    public static bool IsSupported(Activation activation, OptimizerSpec optimizer) =>
        optimizer is SgdSpec { Momentum: 0, WeightDecay: 0, Nesterov: false }
        && activation.Kind is ActivationKind.Identity or ActivationKind.Tanh or ActivationKind.ReLU
            or ActivationKind.LeakyReLU or ActivationKind.Sigmoid;

    /// <summary>The input-column profile steps use, if any.</summary>
    public InputColumnProfile? Columns => _columns;

    /// <summary>
    /// Puts the first layer's weight columns back in input order (a no-op unless a step with an
    /// <see cref="InputColumnProfile"/> reordered them). Call before anything else reads or trains the model.
    /// </summary>
    public void RestoreLayout()
    {
        if (_permuted)
        {
            SetLayout(_columns!.Inverse);
            _permuted = false;
        }
    }

    /// <summary>
    /// Trains on one batch of at most the constructor's batch size; returns the batch's mean loss (a 0-d tensor) and
    /// its logits, in the caller's dispose scope (the logits are a view of a work buffer, valid until the next step).
    /// Parameters are updated in place.
    /// </summary>
    /// <param name="x">Inputs <c>[n, D]</c>.</param>
    /// <param name="y">Labels <c>[n]</c>.</param>
    /// <param name="usedColumns">With an <see cref="InputColumnProfile"/>: how many of its leading columns hold every
    /// non-zero of this batch (<see cref="InputColumnProfile.ColumnsFor"/>); ignored without one.</param>
    public (Tensor Loss, Tensor Logits) Step(Tensor x, Tensor y, int usedColumns = 0)
    {
        int layers = _model.LayerCount;
        var activation = _model.Spec.Activation;
        long n = x.shape[0];
        using var noGrad = no_grad();
        var weights = new Tensor[layers];
        for (int l = 0; l < layers; l++)
        {
            weights[l] = _model.Weight(l);
        }

        var inputs = new Tensor[layers];
        inputs[0] = x;
        if (_columns is not null)
        {
            if (!_permuted)
            {
                SetLayout(_columns.Order);
                _permuted = true;
            }

            // All columns are gathered (one allocation of the same size every step: varying sizes fragment the
            // native heap), then only the leading ones are multiplied, through a strided view.
            inputs[0] = x.index_select(1, _columns.Order).narrow(1, 0, usedColumns);
            weights[0] = weights[0].narrow(1, 0, usedColumns);
        }

        Tensor logits = x;
        for (int l = 0; l < layers; l++)
        {
            var s = _outputs[l].narrow(0, 0, n);
            s.copy_(_model.Bias(l));
            s.addmm_(inputs[l], weights[l].t(), 1, 1);
            if (l == layers - 1)
            {
                logits = s;
            }
            else
            {
                inputs[l + 1] = ApplyInPlace(activation, s);
            }
        }

        var logProbabilities = logits.log_softmax(1);
        var target = y.unsqueeze(1);
        var loss = logProbabilities.gather(1, target).mean().neg();
        var g = logProbabilities.exp_();
        g.scatter_add_(1, target, _minusOnes.narrow(0, 0, n));
        g.div_(n);
        for (int l = layers - 1; l >= 0; l--)
        {
            var weight = weights[l];
            Tensor? upstream = null;
            if (l > 0)
            {
                upstream = _upstream[l - 1].narrow(0, 0, n);
                upstream.addmm_(g, weight, 0, 1);
                var h = inputs[l];
                MultiplyByDerivative(activation, upstream, h, _scratch.narrow(0, 0, h.NumberOfElements).view(h.shape));
            }

            weight.addmm_(g.t(), inputs[l], 1, _step);
            _model.Bias(l).add_(g.sum(0L), _step);
            if (upstream is not null)
            {
                g = upstream;
            }
        }

        return (loss, logits);
    }

    /// <summary>Restores the weight layout and frees the work buffers and the profile.</summary>
    public void Dispose()
    {
        RestoreLayout();
        _columns?.Dispose();
        foreach (var t in _outputs.Concat(_upstream).Append(_scratch).Append(_minusOnes))
        {
            t.Dispose();
        }
    }

    private void SetLayout(Tensor columnOrder)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var first = _model.Weight(0);
        first.copy_(first.index_select(1, columnOrder));
    }

    private static Tensor ApplyInPlace(Activation activation, Tensor s) => activation.Kind switch
    {
        ActivationKind.Identity => s,
        ActivationKind.Tanh => VectorTanh.ApplyInPlace(s),
        ActivationKind.ReLU => s.relu_(),
        ActivationKind.LeakyReLU => s.leaky_relu_(activation.NegativeSlope),
        ActivationKind.Sigmoid => s.sigmoid_(),
        _ => throw new InvalidOperationException($"{activation.Name} has no direct backward; the trainer should have used autograd"),
    };

    /// <summary><c>grad ← grad ⊙ f′</c>, f′ from the layer's output <paramref name="h"/>, using <paramref name="scratch"/> (shaped like h).</summary>
    private static void MultiplyByDerivative(Activation activation, Tensor grad, Tensor h, Tensor scratch)
    {
        switch (activation.Kind)
        {
            case ActivationKind.Identity:
                return;
            case ActivationKind.Tanh:
                // grad − grad ⊙ h²
                grad.addcmul_(grad, scratch.copy_(h).mul_(h), -1);
                return;
            case ActivationKind.ReLU:
                // h ≥ 0, so sign(h) is the indicator [h > 0]
                grad.mul_(scratch.copy_(h).sign_());
                return;
            case ActivationKind.LeakyReLU:
                grad.mul_(h.gt(0).to_type(ScalarType.Float32).mul_(1 - activation.NegativeSlope).add_(activation.NegativeSlope));
                return;
            case ActivationKind.Sigmoid:
                // h − h²
                grad.mul_(scratch.copy_(h).mul_(h).neg_().add_(h));
                return;
            default:
                throw new InvalidOperationException($"{activation.Name} has no direct backward; the trainer should have used autograd");
        }
    }
}
