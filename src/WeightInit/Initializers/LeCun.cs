namespace WeightInit.Initializers;

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
