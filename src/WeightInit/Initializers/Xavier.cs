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
        : base(
            InitializerName.Of("xavier_normal", ("gain", gain)),
            PresetArguments.Squared(gain, nameof(gain)),
            FanMode.FanAvg,
            ScalingDistribution.Normal,
            PresetArguments.XavierStd(gain)) => Gain = gain;

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
        : base(
            InitializerName.Of("xavier_uniform", ("gain", gain)),
            PresetArguments.Squared(gain, nameof(gain)),
            FanMode.FanAvg,
            ScalingDistribution.Uniform,
            PresetArguments.XavierStd(gain)) => Gain = gain;

    /// <summary>The gain multiplying the bound.</summary>
    public double Gain { get; }
}
