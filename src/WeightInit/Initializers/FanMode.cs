namespace WeightInit.Initializers;

/// <summary>Which fan a variance-scaling initializer normalizes by (see <see cref="Fan.Count(FanMode)"/>).</summary>
public enum FanMode
{
    /// <summary><c>n = fan_in</c>: preserves the variance of activations in the forward pass (LeCun 1998, He et al. 2015).</summary>
    FanIn,

    /// <summary><c>n = fan_out</c>: preserves the variance of gradients in the backward pass (He et al. 2015).</summary>
    FanOut,

    /// <summary><c>n = (fan_in + fan_out) / 2</c>: the compromise of Glorot &amp; Bengio (2010).</summary>
    FanAvg,

    /// <summary><c>n = √(fan_in · fan_out)</c>: the geometric mean (JAX's <c>jax.nn.initializers.variance_scaling</c> <c>fan_geo_avg</c>; Keras 3 has no such mode).</summary>
    FanGeoAvg,
}
