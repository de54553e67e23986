using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>
/// A multilayer perceptron built from an <see cref="MlpSpec"/>: <c>Linear</c> modules <c>linear0 … linearL</c> computing
/// <c>sℓ = hℓ₋₁·Wℓᵀ + bℓ</c>, each hidden one followed by an activation module <c>activationℓ</c> computing
/// <c>hℓ = f(sℓ)</c>; the last returns the logits. Parameters are created empty (no global RNG is touched, unlike
/// <c>nn.Linear</c>'s constructor) and filled only by an <see cref="InitializationScheme"/>. Being an ordinary module tree,
/// it is initialized, probed, refined and trained by the same code as any user model.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear[] _linears;
    private readonly nn.Module<Tensor, Tensor>[] _activations;

    private Mlp(MlpSpec spec) : base(nameof(Mlp))
    {
        Spec = spec;
        _linears = new Linear[spec.LayerCount];
        _activations = new nn.Module<Tensor, Tensor>[spec.LayerCount - 1];
        for (int l = 0; l < spec.LayerCount; l++)
        {
            var (fanIn, fanOut) = spec.LayerShape(l);
            _linears[l] = EmptyLinear(fanIn, fanOut);
            register_module($"linear{l}", _linears[l]);
            if (l < spec.LayerCount - 1)
            {
                _activations[l] = spec.Activation.CreateModule();
                register_module($"activation{l}", _activations[l]);
            }
        }
    }

    /// <summary>The architecture.</summary>
    public MlpSpec Spec { get; }

    /// <summary>Number of linear layers (hidden + output).</summary>
    public int LayerCount => _linears.Length;

    /// <summary>
    /// Builds a model and initializes it with <paramref name="scheme"/> (<see cref="InitializationScheme.Apply"/>), drawing
    /// only from <paramref name="generator"/> in this order: layer 0 weight, layer 0 bias, layer 1 weight, … (so the same
    /// generator state gives the same weights, bit for bit). LSUV, being data dependent, is not run here: see <see cref="Lsuv.Refine"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The scheme overrides a layer this model does not have.</exception>
    public static Mlp Create(MlpSpec spec, InitializationScheme scheme, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(generator);
        var model = new Mlp(spec);
        try
        {
            scheme.Apply(model, generator);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A model whose parameters hold whatever memory they were given (for callers that initialize right after).</summary>
    internal static Mlp CreateUninitialized(MlpSpec spec) => new(spec);

    /// <summary>The <c>Linear</c> module of layer <paramref name="layer"/> (0-based).</summary>
    public Linear Layer(int layer) => _linears[CheckLayer(layer)];

    /// <summary>The weight <c>[out, in]</c> of linear layer <paramref name="layer"/> (0-based).</summary>
    public Parameter Weight(int layer) => _linears[CheckLayer(layer)].weight;

    /// <summary>The bias <c>[out]</c> of linear layer <paramref name="layer"/> (0-based).</summary>
    public Parameter Bias(int layer) => _linears[CheckLayer(layer)].bias!;

    /// <summary>Overwrites every parameter from <paramref name="scheme"/> (see <see cref="Create"/> for the draw order).</summary>
    /// <exception cref="ArgumentException">The scheme overrides a layer this model does not have.</exception>
    public InitializationPlan Initialize(InitializationScheme scheme, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return scheme.Apply(this, generator);
    }

    /// <summary>Logits <c>[N, classes]</c> for inputs <c>[N, InputSize]</c>; calls each layer's module, so module hooks run.</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var h = input;
        for (int l = 0; l < _activations.Length; l++)
        {
            h = _activations[l].call(_linears[l].call(h));
        }

        return _linears[^1].call(h);
    }

    /// <summary>
    /// Logits, also collecting each layer's pre-activation <c>sℓ</c> (every layer, output included) and each hidden
    /// layer's output <c>hℓ</c> when lists are given. The collected tensors belong to the caller's dispose scope.
    /// </summary>
    public Tensor Forward(Tensor input, IList<Tensor>? preActivations, IList<Tensor>? hiddenOutputs)
    {
        ArgumentNullException.ThrowIfNull(input);
        var h = input;
        for (int l = 0; l < LayerCount; l++)
        {
            var s = _linears[l].call(h);
            preActivations?.Add(s);
            if (l == LayerCount - 1)
            {
                return s;
            }

            h = _activations[l].call(s);
            hiddenOutputs?.Add(h);
        }

        throw new InvalidOperationException("unreachable: an MLP has at least one layer");
    }

    private static Linear EmptyLinear(long inputs, long outputs)
    {
        // nn.Linear's constructor fills its tensors from the global RNG; on the meta device nothing is drawn or allocated.
        var linear = nn.Linear(inputs, outputs, hasBias: true, device: META);
        linear.weight = new Parameter(empty(outputs, inputs), requires_grad: true);
        linear.bias = new Parameter(empty(outputs), requires_grad: true);
        return linear;
    }

    private int CheckLayer(int layer)
    {
        if (layer < 0 || layer >= LayerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {LayerCount}); got {layer}");
        }

        return layer;
    }
}
