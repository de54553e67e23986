using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// The one core behind Xavier/Glorot, He/Kaiming and LeCun: draws with mean 0 and variance <c>scale / n</c>,
/// where <c>n</c> is the fan chosen by <see cref="Mode"/> (see <see cref="Fan.Count(FanMode)"/>), from the
/// chosen <see cref="ScalingDistribution"/>: normal with <c>std = √(scale / n)</c>; truncated normal with Keras'
/// correction (std <c>√(scale / n) / 0.87962566103423978</c> truncated at ±2 of those std); uniform on
/// <c>±√(3 · scale / n)</c>. These are the draws of Keras 3's <c>VarianceScaling</c> (keras/src/initializers/random_initializers.py)
/// with one difference in naming: Keras' <c>distribution="normal"</c> means <see cref="ScalingDistribution.TruncatedNormal"/>,
/// and Keras' <c>"untruncated_normal"</c> is <see cref="ScalingDistribution.Normal"/>. Fans default to PyTorch's
/// <c>[out, in]</c> layout (<see cref="Fan.FromWeight(long[])"/>); Keras keeps kernels <c>[in, out]</c>. To read a Keras
/// config or identifier with Keras' names, defaults and fans, use <see cref="KerasInitializers.FromConfig(string, KernelLayout)"/>.
/// The presets that mirror a <c>torch.nn.init</c> function (Xavier, He, <see cref="PyTorchLinearDefault"/>) compute the
/// standard deviation with PyTorch's own float64 expression (<c>gain · √(2 / (fan_in + fan_out))</c>,
/// <c>gain / √fan</c>) rather than <c>√(scale / n)</c>: the two differ in the last bit for some fans, and that bit
/// reaches float64 tensors.
/// </summary>
/// <remarks>
/// References: LeCun et al. (1998) "Efficient BackProp"; Glorot &amp; Bengio (2010) "Understanding the difficulty
/// of training deep feedforward neural networks"; He et al. (2015) "Delving Deep into Rectifiers".
/// </remarks>
public class VarianceScaling : IInitializer
{
    /// <summary>
    /// Standard deviation of <c>N(0, 1)</c> truncated to [−2, 2]: <c>√(1 − 4φ(2) / (2Φ(2) − 1))</c>, Keras' constant.
    /// Dividing by it makes the truncated draw have the intended standard deviation.
    /// </summary>
    public const double TruncationCorrection = 0.87962566103423978;

    /// <summary>Creates the initializer; the defaults are Keras' (scale 1, fan-in, truncated normal).</summary>
    /// <param name="scale">The variance numerator, <c>gain²</c> in PyTorch's terms (finite, &gt; 0).</param>
    /// <param name="mode">The fan to normalize by.</param>
    /// <param name="distribution">The distribution to draw from.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not finite and positive, or an enum value is undefined.</exception>
    public VarianceScaling(double scale = 1.0, FanMode mode = FanMode.FanIn, ScalingDistribution distribution = ScalingDistribution.TruncatedNormal)
        : this(null, scale, mode, distribution)
    {
    }

    /// <summary>For presets: the same draw under the preset's own <see cref="Name"/>.</summary>
    /// <param name="name">The preset's name, or <see langword="null"/> for the generic <c>variance_scaling(…)</c> name.</param>
    /// <param name="scale">See <see cref="Scale"/>.</param>
    /// <param name="mode">See <see cref="Mode"/>.</param>
    /// <param name="distribution">See <see cref="Distribution"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not finite and positive, or an enum value is undefined.</exception>
    protected VarianceScaling(string? name, double scale, FanMode mode, ScalingDistribution distribution)
        : this(name, scale, mode, distribution, null)
    {
    }

    /// <summary>For the presets that mirror PyTorch: <paramref name="standardDeviation"/> is PyTorch's expression for the std.</summary>
    private protected VarianceScaling(string? name, double scale, FanMode mode, ScalingDistribution distribution, Func<Fan, double>? standardDeviation)
    {
        this.standardDeviation = standardDeviation;
        Scale = Guard.Positive(scale, nameof(scale));
        Mode = mode;
        Distribution = distribution;
        string modeToken = InitializerName.Token(mode);
        string distributionToken = InitializerName.Token(distribution);
        Name = name ?? InitializerName.Of("variance_scaling", ("scale", scale), ("mode", modeToken), ("distribution", distributionToken));
    }

    private readonly Func<Fan, double>? standardDeviation;

    /// <summary>The variance numerator: the drawn values have variance <c>Scale / n</c>.</summary>
    public double Scale { get; }

    /// <summary>The fan <c>n</c> divides by.</summary>
    public FanMode Mode { get; }

    /// <summary>The distribution drawn from.</summary>
    public ScalingDistribution Distribution { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>
    /// The standard deviation of the drawn values for a weight with fans <paramref name="fan"/>: <c>√(Scale / n)</c>, or
    /// PyTorch's expression for it (equal up to the last bit) in the presets that mirror a <c>torch.nn.init</c> function.
    /// </summary>
    public double StandardDeviation(Fan fan) => standardDeviation?.Invoke(fan) ?? Math.Sqrt(Scale / fan.Count(Mode));

    /// <summary><c>√(Scale / n)</c> (see <see cref="StandardDeviation"/>); null when there are no fans (rank &lt; 2 and none given).</summary>
    public double? TargetStd(IReadOnlyList<long> shape, Fan? fan)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return fan is { } f ? StandardDeviation(f) : shape.Count >= 2 && shape.All(d => d > 0) ? StandardDeviation(Fan.FromWeight([.. shape])) : null;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The tensor is not floating-point, or <paramref name="fan"/> is null and the tensor has rank &lt; 2.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        double std = StandardDeviation(Fan.Resolve(tensor, fan));
        using var noGrad = no_grad();
        switch (Distribution)
        {
            case ScalingDistribution.Normal:
                tensor.normal_(0.0, std, generator);
                break;
            case ScalingDistribution.Uniform:
                double limit = Math.Sqrt(3.0) * std;
                tensor.uniform_(-limit, limit, generator);
                break;
            default:
                double wide = std / TruncationCorrection;
                TruncatedNormalSampler.Fill(tensor, generator, 0.0, wide, -2.0 * wide, 2.0 * wide);
                break;
        }
    }
}
