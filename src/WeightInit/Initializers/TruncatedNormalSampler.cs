using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// Sampling of <c>N(μ, σ²)</c> truncated to [a, b], by one of three methods chosen by the interval's mass
/// <c>Z = Φ(β) − Φ(α)</c>, <c>α = (a − μ)/σ</c>, <c>β = (b − μ)/σ</c>:
/// <list type="bullet">
/// <item>PyTorch's <c>trunc_normal_</c>, call for call (<c>Z ≥ 1/4</c>, finite bounds, float32 or float64 tensors):
/// <c>l = (1 + erf(α/√2))/2</c>, <c>u = (1 + erf(β/√2))/2</c> in float64, then in place in the tensor's dtype
/// <c>uniform_(2l − 1, 2u − 1)</c>, <c>erfinv_()</c>, <c>mul_(σ·√2)</c>, <c>add_(μ)</c>, <c>clamp_(a, b)</c> — the same
/// tensor as PyTorch's on the same libtorch under the same generator state (libtorch 1.13's <c>erfinv_</c> rounds
/// differently from 2.10's). Two properties come with it (PyTorch's, kept for
/// parity): in float32 the tails beyond about ±3σ are quantized (erfinv's slope amplifies the uniform's 2⁻²⁴ steps:
/// 2·10⁻⁴σ at 4σ, 0.02σ at 5σ, nothing beyond about 5.4σ); and when α &lt; −8.3 (Φ(α) rounds to 0, e.g.
/// <c>trunc_normal_(std=0.02)</c> with its absolute default bounds ±2) the uniform's lower end −1, drawn with probability
/// 2⁻²⁴ per float32 element, becomes erfinv(−1) = −∞ and is clamped to a.</item>
/// <item>Rejection (<c>Z ≥ 1/4</c> with an infinite bound, where PyTorch's sequence can return −∞, or dtypes other than
/// float32/float64): draw the normal, redraw the elements outside [a, b] until none is left.</item>
/// <item>Inverse CDF (narrow or far-tail intervals, <c>Z &lt; 1/4</c>, where the uniform's float32 resolution would
/// distort PyTorch's sequence): <c>x = μ + σ · Φ⁻¹(u)</c>, <c>u ~ U(Φ(α), Φ(β))</c>, in float64, on the mirrored lower
/// tail when the interval lies mostly above the mean (where Φ keeps its precision).</item>
/// </list>
/// All draw only from the given generator, so a generator state fixes the result bit for bit.
/// </summary>
internal static class TruncatedNormalSampler
{
    private const double RejectionMinimumMass = 0.25;

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
        if (high - low >= RejectionMinimumMass)
        {
            if (double.IsFinite(a) && double.IsFinite(b) && target.dtype is ScalarType.Float32 or ScalarType.Float64)
            {
                FillLikePyTorch(target, generator, mean, std, a, b);
                return;
            }

            FillByRejection(target, generator, mean, std, a, b);
            return;
        }

        var u = empty(target.shape, ScalarType.Float64).uniform_(low, high, generator);
        // Bounds hold in float64; after rounding to a narrower dtype they hold for the bounds rounded alike.
        target.copy_(special.ndtri(u).mul_(flip ? -std : std).add_(mean).clamp_(a, b));
    }

    /// <summary><c>torch.nn.init.trunc_normal_</c>'s calls in its order, with its float64 expressions for the bounds.</summary>
    private static void FillLikePyTorch(Tensor target, Generator generator, double mean, double std, double a, double b)
    {
        double l = NormalCdf((a - mean) / std);
        double u = NormalCdf((b - mean) / std);
        target.uniform_((2 * l) - 1, (2 * u) - 1, generator).erfinv_().mul_(std * Math.Sqrt(2.0)).add_(mean).clamp_(a, b);
    }

    /// <summary>PyTorch's <c>norm_cdf</c>: <c>(1 + erf(x/√2)) / 2</c> with the C library's erf (Python's <c>math.erf</c>).</summary>
    internal static double NormalCdf(double x) => (1.0 + CLibraryErf.Erf(x / Math.Sqrt(2.0))) / 2.0;

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
