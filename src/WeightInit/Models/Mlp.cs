using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>
/// A multilayer perceptron built from an <see cref="MlpSpec"/>: layer ℓ computes <c>sℓ = hℓ₋₁·Wℓᵀ + bℓ</c> and, for
/// hidden layers, <c>hℓ = f(sℓ)</c>; the last layer returns the logits <c>s</c>. Parameters are created empty (no
/// global RNG is touched, unlike <c>nn.Linear</c>) and filled only from the generator given to <see cref="Create"/>.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Parameter[] _weights;
    private readonly Parameter[] _biases;

    private Mlp(MlpSpec spec) : base(nameof(Mlp))
    {
        Spec = spec;
        _weights = new Parameter[spec.LayerCount];
        _biases = new Parameter[spec.LayerCount];
        for (int l = 0; l < spec.LayerCount; l++)
        {
            var (fanIn, fanOut) = spec.LayerShape(l);
            _weights[l] = new Parameter(empty(fanOut, fanIn), requires_grad: true);
            _biases[l] = new Parameter(empty(fanOut), requires_grad: true);
            _weights[l].DetachFromDisposeScope();
            _biases[l].DetachFromDisposeScope();
            register_parameter($"weight{l}", _weights[l]);
            register_parameter($"bias{l}", _biases[l]);
        }
    }

    /// <summary>The architecture.</summary>
    public MlpSpec Spec { get; }

    /// <summary>Number of linear layers (hidden + output).</summary>
    public int LayerCount => _weights.Length;

    /// <summary>
    /// Builds a model and initializes it with <paramref name="scheme"/>, drawing only from <paramref name="generator"/>
    /// in this order: layer 0 weight, layer 0 bias, layer 1 weight, … (so the same generator state gives the same
    /// weights, bit for bit). LSUV, being data dependent, is not run here: see <see cref="Lsuv.Refine"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Mlp Create(MlpSpec spec, InitializationScheme scheme, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(generator);
        var model = new Mlp(spec);
        try
        {
            model.Initialize(scheme, generator);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The weight <c>[out, in]</c> of linear layer <paramref name="layer"/> (0-based).</summary>
    public Parameter Weight(int layer) => _weights[CheckLayer(layer)];

    /// <summary>The bias <c>[out]</c> of linear layer <paramref name="layer"/> (0-based).</summary>
    public Parameter Bias(int layer) => _biases[CheckLayer(layer)];

    /// <summary>Overwrites every parameter from <paramref name="scheme"/> (see <see cref="Create"/> for the draw order).</summary>
    /// <exception cref="ArgumentException">The scheme overrides a layer this model does not have.</exception>
    public void Initialize(InitializationScheme scheme, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(generator);
        int bad = scheme.OverriddenLayers.FirstOrDefault(l => l >= LayerCount, -1);
        if (bad >= 0)
        {
            throw new ArgumentException($"scheme '{scheme.Name}' overrides layer {bad}, but the model has layers 0..{LayerCount - 1}", nameof(scheme));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int l = 0; l < LayerCount; l++)
        {
            var weight = _weights[l];
            var fan = Fan.FromWeight(weight.shape);
            if (scheme.Layout == WeightLayout.InOutTransposed)
            {
                var inOut = empty(weight.shape[1], weight.shape[0]);
                scheme.WeightsFor(l).Fill(inOut, generator, fan);
                weight.copy_(inOut.t());
            }
            else
            {
                scheme.WeightsFor(l).Fill(weight, generator, fan);
            }

            scheme.BiasesFor(l).Fill(_biases[l], generator, fan);
        }
    }

    /// <summary>Logits <c>[N, classes]</c> for inputs <c>[N, InputSize]</c>.</summary>
    public override Tensor forward(Tensor input) => Forward(input, null, null);

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
            var s = nn.functional.linear(h, _weights[l], _biases[l]);
            preActivations?.Add(s);
            if (l == LayerCount - 1)
            {
                return s;
            }

            h = Spec.Activation.Apply(s);
            hiddenOutputs?.Add(h);
        }

        throw new InvalidOperationException("unreachable: an MLP has at least one layer");
    }

    /// <summary>The input of layer <paramref name="layer"/>: <c>h_{layer−1}</c> (the input itself for layer 0).</summary>
    internal Tensor InputOf(int layer, Tensor input)
    {
        var h = input;
        for (int l = 0; l < layer; l++)
        {
            h = Spec.Activation.Apply(nn.functional.linear(h, _weights[l], _biases[l]));
        }

        return h;
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
