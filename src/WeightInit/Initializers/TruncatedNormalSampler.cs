using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// Exact sampling of <c>N(μ, σ²)</c> truncated to [a, b], by one of two methods chosen by the interval's mass
/// <c>Z = Φ(β) − Φ(α)</c>, <c>α = (a − μ)/σ</c>, <c>β = (b − μ)/σ</c>:
/// <list type="bullet">
/// <item>Central inverse CDF (<c>Z ≥ 1/4</c> and both bounds within ±3σ, e.g. Keras' and PyTorch's ±2σ; float32 or
/// float64 tensors): <c>x = μ + σ·√2·erfinv(v)</c>, <c>v ~ U(2Φ(α) − 1, 2Φ(β) − 1)</c>, in place in the tensor's own dtype.
/// Three passes (uniform, erfinv, scale) cost about 1.2× one <c>normal_</c>; within ±3σ float32 keeps erfinv's
/// resolution (the slope there is below 90, so a float32 step in v moves x by under 1e-5 σ).</item>
/// <item>Rejection (other intervals with <c>Z ≥ 1/4</c>, or other dtypes): draw the normal, redraw the elements outside [a, b]
/// until none is left. Each element is a normal conditioned on [a, b].</item>
/// <item>Inverse CDF (narrow or far-tail intervals): <c>x = μ + σ · Φ⁻¹(u)</c>, <c>u ~ U(Φ(α), Φ(β))</c>, in float64,
/// on the mirrored lower tail when the interval lies mostly above the mean (where Φ keeps its precision).</item>
/// </list>
/// Both draw only from the given generator, so a generator state fixes the result bit for bit.
/// </summary>
internal static class TruncatedNormalSampler
{
    private const double RejectionMinimumMass = 0.25;

    /// <summary>Largest |bound| in standard deviations for which the in-place erfinv path keeps float32 resolution.</summary>
    private const double CentralBound = 3.0;

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
        double alpha = (a - mean) / std, beta = (b - mean) / std;
        if (high - low >= RejectionMinimumMass)
        {
            if (Math.Abs(alpha) <= CentralBound && Math.Abs(beta) <= CentralBound && target.dtype is ScalarType.Float32 or ScalarType.Float64)
            {
                // v = 2Φ(x) − 1 = erf(x/√2); on the mirrored interval when flipped, so the sign comes back with σ.
                target.uniform_((2 * low) - 1, (2 * high) - 1, generator).erfinv_().mul_((flip ? -std : std) * Math.Sqrt(2.0)).add_(mean).clamp_(a, b);
                return;
            }

            FillByRejection(target, generator, mean, std, a, b);
            return;
        }

        var u = empty(target.shape, ScalarType.Float64).uniform_(low, high, generator);
        // Bounds hold in float64; after rounding to a narrower dtype they hold for the bounds rounded alike.
        target.copy_(special.ndtri(u).mul_(flip ? -std : std).add_(mean).clamp_(a, b));
    }

    private static void FillByRejection(Tensor target, Generator generator, double mean, double std, double a, double b)
    {
        var work = target.is_contiguous() ? target : empty(target.shape, target.dtype);
        var flat = work.view(-1);
        flat.normal_(mean, std, generator);
        var outside = flat.lt(a).logical_or_(flat.gt(b)).nonzero().view(-1);
        while (outside.numel() > 0)
        {
            var redraw = empty(outside.numel(), work.dtype).normal_(mean, std, generator);
            var inside = redraw.ge(a).logical_and_(redraw.le(b));
            flat.index_put_(redraw.masked_select(inside), outside.masked_select(inside));
            outside = outside.masked_select(inside.logical_not_());
        }

        if (!ReferenceEquals(work, target))
        {
            target.copy_(work);
        }
    }
}
