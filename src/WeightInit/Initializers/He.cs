namespace WeightInit.Initializers;

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
        : base(
            PresetArguments.HeName("he_normal", a, mode, nonlinearity),
            PresetArguments.HeScale(a, nonlinearity),
            mode,
            ScalingDistribution.Normal,
            PresetArguments.KaimingStd(PresetArguments.HeGain(a, nonlinearity), mode))
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
        : base(
            PresetArguments.HeName("he_uniform", a, mode, nonlinearity),
            PresetArguments.HeScale(a, nonlinearity),
            mode,
            ScalingDistribution.Uniform,
            PresetArguments.KaimingStd(PresetArguments.HeGain(a, nonlinearity), mode))
    {
    }
}
