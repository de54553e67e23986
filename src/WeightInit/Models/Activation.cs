using System.Globalization;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>The nonlinearities a hidden layer can apply.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActivationKind>))]
public enum ActivationKind
{
    /// <summary><c>f(x) = x</c> (a linear network).</summary>
    Identity,

    /// <summary><c>f(x) = tanh(x)</c>; saturates at ±1.</summary>
    Tanh,

    /// <summary><c>f(x) = max(0, x)</c>.</summary>
    ReLU,

    /// <summary><c>f(x) = x</c> for x ≥ 0, <c>slope · x</c> otherwise.</summary>
    LeakyReLU,

    /// <summary><c>f(x) = 1 / (1 + e^(−x))</c>; saturates at 0 and 1.</summary>
    Sigmoid,

    /// <summary>Scaled exponential linear unit (Klambauer et al. 2017).</summary>
    Selu,

    /// <summary>Gaussian error linear unit, exact erf form (Hendrycks &amp; Gimpel 2016).</summary>
    Gelu,
}

/// <summary>
/// A hidden-layer nonlinearity and its parameter. Use the static members (<see cref="Tanh"/>, <see cref="LeakyReLU(double)"/>, …).
/// </summary>
/// <param name="Kind">Which function.</param>
/// <param name="NegativeSlope">Slope for x &lt; 0; used only by <see cref="ActivationKind.LeakyReLU"/> (0 for every other kind).</param>
public sealed record Activation(ActivationKind Kind, double NegativeSlope = 0)
{
    /// <summary>Threshold on |h| beyond which a tanh unit counts as saturated (Glorot &amp; Bengio 2010, §3.1).</summary>
    public const double SaturationThreshold = 0.97;

    /// <summary><c>f(x) = x</c>.</summary>
    public static Activation Identity { get; } = new(ActivationKind.Identity);

    /// <summary><c>tanh</c>.</summary>
    public static Activation Tanh { get; } = new(ActivationKind.Tanh);

    /// <summary><c>ReLU</c>.</summary>
    public static Activation ReLU { get; } = new(ActivationKind.ReLU);

    /// <summary>Logistic sigmoid.</summary>
    public static Activation Sigmoid { get; } = new(ActivationKind.Sigmoid);

    /// <summary>SELU.</summary>
    public static Activation Selu { get; } = new(ActivationKind.Selu);

    /// <summary>GELU (exact).</summary>
    public static Activation Gelu { get; } = new(ActivationKind.Gelu);

    /// <summary>Leaky ReLU with the given negative slope (PyTorch's default is 0.01).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is negative, ≥ 1 or not finite.</exception>
    public static Activation LeakyReLU(double negativeSlope = 0.01)
    {
        if (!double.IsFinite(negativeSlope) || negativeSlope < 0 || negativeSlope >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, $"the leaky ReLU slope must be in [0, 1); got {negativeSlope.ToString(CultureInfo.InvariantCulture)}");
        }

        return new Activation(ActivationKind.LeakyReLU, negativeSlope);
    }

    /// <summary>The names <see cref="Parse"/> accepts; <c>leaky_relu</c> also takes a slope, as in <c>leaky_relu(0.2)</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["identity", "tanh", "relu", "leaky_relu", "sigmoid", "selu", "gelu"];

    /// <summary>
    /// The one parser of activation names (case-insensitive): every name in <see cref="Names"/>, <c>leaky_relu</c> with
    /// PyTorch's default slope 0.01 or an explicit one (<c>leaky_relu(0.2)</c>); <see cref="Name"/> parses back to an equal value.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown or the slope does not read as a number in [0, 1); the message repeats the text and lists the names.</exception>
    public static Activation Parse(string name) =>
        TryParse(name, out var activation, out string? error) ? activation : throw new ArgumentException(error, nameof(name));

    /// <summary>Like <see cref="Parse"/>, returning the problem instead of throwing.</summary>
    public static bool TryParse(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Activation? activation, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        string text = name?.Trim().ToLowerInvariant() ?? "";
        activation = text switch
        {
            "identity" or "linear" => Identity,
            "tanh" => Tanh,
            "relu" => ReLU,
            "leaky_relu" => LeakyReLU(),
            "sigmoid" => Sigmoid,
            "selu" => Selu,
            "gelu" => Gelu,
            _ => null,
        };
        if (activation is null && text.StartsWith("leaky_relu(", StringComparison.Ordinal) && text.EndsWith(')')
            && double.TryParse(text["leaky_relu(".Length..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double slope)
            && double.IsFinite(slope) && slope >= 0 && slope < 1)
        {
            activation = LeakyReLU(slope);
        }

        error = activation is null ? $"unknown activation '{name}'; expected {string.Join(", ", Names)} or leaky_relu(SLOPE) with SLOPE in [0, 1)" : null;
        return activation is not null;
    }

    /// <summary>
    /// The gain PyTorch's <c>calculate_gain</c> gives this nonlinearity (<see cref="Initializers.Gain.For"/>): 1 for
    /// identity and sigmoid, 5/3 for tanh, √2 for ReLU, √(2 / (1 + slope²)) for leaky ReLU, 3/4 for SELU.
    /// </summary>
    [JsonIgnore]
    public double Gain => Kind == ActivationKind.LeakyReLU
        ? Initializers.Gain.For("leaky_relu", NegativeSlope)
        : Initializers.Gain.For(Name);

    /// <summary>This nonlinearity's mean-field moments (Poole et al. 2016), for predicting activation statistics by depth.</summary>
    [JsonIgnore]
    public Theory.MeanFieldActivation MeanField => Kind switch
    {
        ActivationKind.LeakyReLU => Theory.MeanFieldActivation.LeakyRelu(NegativeSlope),
        _ => Theory.MeanFieldActivation.FromName(Name),
    };

    /// <summary>Short name, e.g. <c>tanh</c> or <c>leaky_relu(0.01)</c>.</summary>
    [JsonIgnore]
    public string Name => Kind switch
    {
        ActivationKind.Identity => "identity",
        ActivationKind.Tanh => "tanh",
        ActivationKind.ReLU => "relu",
        ActivationKind.LeakyReLU => $"leaky_relu({NegativeSlope.ToString("R", CultureInfo.InvariantCulture)})",
        ActivationKind.Sigmoid => "sigmoid",
        ActivationKind.Selu => "selu",
        ActivationKind.Gelu => "gelu",
        _ => Kind.ToString(),
    };

    /// <summary>Whether the function has saturating tails (tanh, sigmoid), so a saturated fraction is meaningful.</summary>
    [JsonIgnore]
    public bool Saturates => Kind is ActivationKind.Tanh or ActivationKind.Sigmoid;

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Applies the function (not in place).</summary>
    internal Tensor Apply(Tensor x) => Kind switch
    {
        ActivationKind.Identity => x,
        ActivationKind.Tanh => x.tanh(),
        ActivationKind.ReLU => nn.functional.relu(x),
        ActivationKind.LeakyReLU => nn.functional.leaky_relu(x, NegativeSlope),
        ActivationKind.Sigmoid => x.sigmoid(),
        ActivationKind.Selu => nn.functional.selu(x),
        ActivationKind.Gelu => nn.functional.gelu(x),
        _ => throw new InvalidOperationException($"unknown activation kind {Kind}"),
    };

    /// <summary>The TorchSharp module computing the same function (same kernels as <see cref="Apply"/>).</summary>
    internal nn.Module<Tensor, Tensor> CreateModule() => Kind switch
    {
        ActivationKind.Identity => nn.Identity(),
        ActivationKind.Tanh => nn.Tanh(),
        ActivationKind.ReLU => nn.ReLU(),
        ActivationKind.LeakyReLU => nn.LeakyReLU(NegativeSlope),
        ActivationKind.Sigmoid => nn.Sigmoid(),
        ActivationKind.Selu => nn.SELU(),
        ActivationKind.Gelu => nn.GELU(),
        _ => throw new InvalidOperationException($"unknown activation kind {Kind}"),
    };

    /// <summary>
    /// Boolean mask of saturated units: <c>|h| &gt; 0.97</c> for tanh; for the sigmoid the same bound on the
    /// rescaled output, <c>|2h − 1| &gt; 0.97</c> (h &lt; 0.015 or h &gt; 0.985).
    /// </summary>
    internal Tensor SaturatedMask(Tensor h) => Kind switch
    {
        ActivationKind.Tanh => h.abs().gt(SaturationThreshold),
        ActivationKind.Sigmoid => h.mul(2).sub(1).abs().gt(SaturationThreshold),
        _ => throw new InvalidOperationException($"{Name} does not saturate"),
    };

    /// <summary>Default histogram range of this activation's outputs: the range of the function where bounded, else a fixed window.</summary>
    internal (double Min, double Max) DefaultHistogramRange => Kind switch
    {
        ActivationKind.Tanh => (-1, 1),
        ActivationKind.Sigmoid => (0, 1),
        ActivationKind.ReLU => (0, 4),
        _ => (-4, 4),
    };
}
