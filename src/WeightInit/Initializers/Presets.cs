namespace WeightInit.Initializers;

/// <summary>
/// Xavier/Glorot normal: <c>N(0, std²)</c> with <c>std = gain · √(2 / (fan_in + fan_out))</c>
/// (Glorot &amp; Bengio 2010; PyTorch's <c>xavier_normal_</c>, done right: TorchSharp 0.107's draws a uniform).
/// </summary>
public sealed class XavierNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Multiplies the standard deviation (finite, &gt; 0); see <see cref="Gain.For(string, double?)"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gain"/> is not finite and positive.</exception>
    public XavierNormal(double gain = 1.0)
        : base(InitializerName.Of("xavier_normal", ("gain", gain)), PresetArguments.Squared(gain, nameof(gain)), FanMode.FanAvg, ScalingDistribution.Normal) => Gain = gain;

    /// <summary>The gain multiplying the standard deviation.</summary>
    public double Gain { get; }
}

/// <summary>
/// Xavier/Glorot uniform: <c>U(−b, b)</c> with <c>b = gain · √(6 / (fan_in + fan_out))</c>
/// (Glorot &amp; Bengio 2010; PyTorch's <c>xavier_uniform_</c>).
/// </summary>
public sealed class XavierUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Multiplies the bound (finite, &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gain"/> is not finite and positive.</exception>
    public XavierUniform(double gain = 1.0)
        : base(InitializerName.Of("xavier_uniform", ("gain", gain)), PresetArguments.Squared(gain, nameof(gain)), FanMode.FanAvg, ScalingDistribution.Uniform) => Gain = gain;

    /// <summary>The gain multiplying the bound.</summary>
    public double Gain { get; }
}

/// <summary>
/// He/Kaiming normal with PyTorch's <c>kaiming_normal_(a, mode, nonlinearity)</c> semantics:
/// <c>N(0, std²)</c>, <c>std = Gain.For(nonlinearity, a) / √fan_mode</c> (He et al. 2015). With the defaults
/// (<c>a = 0</c>, leaky_relu) that is <c>√(2 / fan_in)</c>. Unlike Keras' <c>HeNormal</c> this is not truncated.
/// </summary>
public sealed class HeNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="a">Negative slope of the leaky ReLU that follows; only meaningful (and only allowed non-zero) with <c>leaky_relu</c>.</param>
    /// <param name="mode"><see cref="FanMode.FanIn"/> keeps forward variance, <see cref="FanMode.FanOut"/> backward variance.</param>
    /// <param name="nonlinearity">An activation name of <see cref="Gain.Activations"/>.</param>
    /// <exception cref="ArgumentException">Unknown nonlinearity, or a non-zero <paramref name="a"/> with another nonlinearity than leaky_relu.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="a"/> is not finite, or <paramref name="mode"/> is undefined.</exception>
    public HeNormal(double a = 0.0, FanMode mode = FanMode.FanIn, string nonlinearity = "leaky_relu")
        : base(PresetArguments.HeName("he_normal", a, mode, nonlinearity), PresetArguments.HeScale(a, nonlinearity), mode, ScalingDistribution.Normal)
    {
    }
}

/// <summary>
/// He/Kaiming uniform with PyTorch's <c>kaiming_uniform_(a, mode, nonlinearity)</c> semantics:
/// <c>U(−b, b)</c>, <c>b = Gain.For(nonlinearity, a) · √(3 / fan_mode)</c> (He et al. 2015).
/// </summary>
public sealed class HeUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="a">Negative slope of the leaky ReLU that follows; only meaningful (and only allowed non-zero) with <c>leaky_relu</c>.</param>
    /// <param name="mode"><see cref="FanMode.FanIn"/> keeps forward variance, <see cref="FanMode.FanOut"/> backward variance.</param>
    /// <param name="nonlinearity">An activation name of <see cref="Gain.Activations"/>.</param>
    /// <exception cref="ArgumentException">Unknown nonlinearity, or a non-zero <paramref name="a"/> with another nonlinearity than leaky_relu.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="a"/> is not finite, or <paramref name="mode"/> is undefined.</exception>
    public HeUniform(double a = 0.0, FanMode mode = FanMode.FanIn, string nonlinearity = "leaky_relu")
        : base(PresetArguments.HeName("he_uniform", a, mode, nonlinearity), PresetArguments.HeScale(a, nonlinearity), mode, ScalingDistribution.Uniform)
    {
    }
}

/// <summary>LeCun normal: <c>N(0, 1 / fan_in)</c> (LeCun et al. 1998, "Efficient BackProp"; used with SELU). Keras truncates it; this does not — use <c>new VarianceScaling(1, FanMode.FanIn, ScalingDistribution.TruncatedNormal)</c> for Keras' version.</summary>
public sealed class LeCunNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public LeCunNormal()
        : base("lecun_normal", 1.0, FanMode.FanIn, ScalingDistribution.Normal)
    {
    }
}

/// <summary>LeCun uniform: <c>U(−b, b)</c> with <c>b = √(3 / fan_in)</c> (LeCun et al. 1998).</summary>
public sealed class LeCunUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public LeCunUniform()
        : base("lecun_uniform", 1.0, FanMode.FanIn, ScalingDistribution.Uniform)
    {
    }
}

/// <summary>
/// What TorchSharp's and PyTorch's <c>Linear</c> (and conv) layers do to their weight when left alone:
/// <c>kaiming_uniform_(a = √5)</c>, i.e. gain <c>√(2 / (1 + 5)) = 1/√3</c> and
/// <c>U(−1/√fan_in, 1/√fan_in)</c>. Named so experiments can compare against the framework default.
/// Its bias counterpart is <see cref="PyTorchLinearDefaultBias"/>.
/// </summary>
public sealed class PyTorchLinearDefault : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public PyTorchLinearDefault()
        : base("pytorch_default", 1.0 / 3.0, FanMode.FanIn, ScalingDistribution.Uniform)
    {
    }
}

/// <summary>Validation shared by the presets' constructors; only <see cref="VarianceScaling"/> has logic.</summary>
internal static class PresetArguments
{
    public static double Squared(double gain, string paramName) => Math.Pow(Guard.Positive(gain, paramName), 2);

    public static double HeScale(double a, string nonlinearity)
    {
        ArgumentNullException.ThrowIfNull(nonlinearity);
        Guard.Finite(a, nameof(a));
        bool leaky = nonlinearity.Trim().Equals("leaky_relu", StringComparison.OrdinalIgnoreCase);
        if (!leaky && a != 0.0)
        {
            throw new ArgumentException(
                $"a (the leaky ReLU slope) only applies to nonlinearity leaky_relu; got a = {Guard.Format(a)} with '{nonlinearity}'. Use a = 0 or nonlinearity leaky_relu.",
                nameof(a));
        }

        return Math.Pow(leaky ? Gain.For("leaky_relu", a) : Gain.For(nonlinearity), 2);
    }

    public static string HeName(string name, double a, FanMode mode, string nonlinearity) =>
        InitializerName.Of(name, ("a", a), ("mode", mode), ("nonlinearity", nonlinearity?.Trim().ToLowerInvariant() ?? string.Empty));
}
