namespace WeightInit.Initializers;

/// <summary>The distribution <see cref="VarianceScaling"/> draws from; each has mean 0 and standard deviation <c>√(scale / n)</c>.</summary>
public enum ScalingDistribution
{
    /// <summary>
    /// Normal <c>N(0, scale / n)</c>, untruncated: Keras 3's <c>"untruncated_normal"</c>. (Keras' <c>"normal"</c> is
    /// <see cref="TruncatedNormal"/>.)
    /// </summary>
    Normal,

    /// <summary>
    /// Normal truncated at two of its standard deviations, with the standard deviation first divided by
    /// 0.87962566103423978 (the standard deviation of a standard normal truncated to [−2, 2]) so that the
    /// result still has variance <c>scale / n</c>, as Keras 3's <c>VarianceScaling</c> does for <c>"truncated_normal"</c> and
    /// <c>"normal"</c> (its default).
    /// </summary>
    TruncatedNormal,

    /// <summary>Uniform <c>U(−limit, limit)</c> with <c>limit = √(3 · scale / n)</c>.</summary>
    Uniform,
}
