using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// Inverse-CDF sampling of a normal truncated to [a, b]: <c>x = μ + σ · Φ⁻¹(u)</c> with
/// <c>u ~ U(Φ(α), Φ(β))</c>, <c>α = (a − μ)/σ</c>, <c>β = (b − μ)/σ</c>, computed in float64.
/// </summary>
internal static class TruncatedNormalSampler
{
    /// <summary>The probability mass of <c>N(0, 1)</c> between <paramref name="alpha"/> and <paramref name="beta"/>, computed in the tail where it is accurate.</summary>
    public static (double Low, double High, bool Flip) CdfInterval(double alpha, double beta)
    {
        // Φ near 1 has no resolution left in float64 (Φ(9) rounds to 1); when the interval lies mostly
        // above 0, sample the mirrored interval [−β, −α] in the lower tail, where Φ keeps full relative precision.
        bool flip = alpha + beta > 0;
        (double lo, double hi) = flip ? (-beta, -alpha) : (alpha, beta);
        using var scope = NewDisposeScope();
        // Φ(x) = erfc(−x/√2)/2: libtorch's ndtr loses the far lower tail (ndtr(−9.5) = 0), erfc keeps it (1.05e−21).
        var cdf = special.erfc(tensor(new[] { -lo, -hi }, ScalarType.Float64).div_(Math.Sqrt(2.0))).div_(2.0);
        return (cdf[0].ToDouble(), cdf[1].ToDouble(), flip);
    }

    public static void Fill(Tensor target, Generator generator, double mean, double std, double a, double b)
    {
        (double low, double high, bool flip) = CdfInterval((a - mean) / std, (b - mean) / std);
        if (!(high > low))
        {
            throw new ArgumentException(
                $"the interval [{Guard.Format(a)}, {Guard.Format(b)}] has no probability mass (in float64) under N({Guard.Format(mean)}, {Guard.Format(std)}²); " +
                "move the bounds closer to the mean or widen them");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var u = empty(target.shape, ScalarType.Float64).uniform_(low, high, generator);
        // Bounds hold in float64; after rounding to a narrower dtype they hold for the bounds rounded alike.
        target.copy_(special.ndtri(u).mul_(flip ? -std : std).add_(mean).clamp_(a, b));
    }
}
