using System.Globalization;
using ScottPlot;

namespace WeightInit.Experiments.Figures;

/// <summary>
/// Ticks for an axis drawn in log₁₀ units: a tick at every <c>m·10ᵏ</c> (m = 1 … 9) in view, labelled so that at least
/// two labels are always visible. Decades (m = 1) are always labelled; when fewer than two decades are in view, 2·10ᵏ and
/// 5·10ᵏ are labelled too, and when that gives fewer than three labels, every <c>m·10ᵏ</c>. An axis spanning less than that
/// (under a factor 1.5 or so) is labelled at evenly spaced positions with 3 significant figures. Unlabelled ticks are
/// minor ticks (grid lines only).
/// </summary>
public sealed class LogTickGenerator : ITickGenerator
{
    private const int EvenLabels = 4;

    /// <inheritdoc/>
    public Tick[] Ticks { get; set; } = [];

    /// <inheritdoc/>
    public int MaxTickCount { get; set; } = 10_000;

    /// <inheritdoc/>
    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle) =>
        Ticks = For(range.Min, range.Max, Math.Max(2, (int)(size.Length / PixelsPerLabel)));

    /// <summary>Pixels the axis needs per label so that labels never overlap (a label is about 15 px high).</summary>
    public const double PixelsPerLabel = 24;

    /// <summary>Beyond this many decades in view, only the decades get (minor) ticks: 2…9 × 10ᵏ would blacken the grid.</summary>
    private const int DecadesWithMultiples = 12;

    /// <summary>
    /// The ticks of a log₁₀ axis showing <paramref name="low"/> … <paramref name="high"/> (in log₁₀ units), with at most
    /// <paramref name="maxLabels"/> labelled decades (every n-th decade, at multiples of n, when more are in view).
    /// </summary>
    public static Tick[] For(double low, double high, int maxLabels = int.MaxValue)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || high <= low)
        {
            return [];
        }

        int decades = (int)Math.Ceiling(high) - (int)Math.Floor(low);
        if (decades > maxLabels && maxLabels >= 2)
        {
            int step = (int)Math.Ceiling((double)decades / maxLabels);
            return Enumerable.Range((int)Math.Ceiling(low), (int)Math.Floor(high) - (int)Math.Ceiling(low) + 1)
                .Select(k => k % step == 0 ? new Tick(k, LogAxis.FormatMultiple(1, k), true) : new Tick(k, string.Empty, false))
                .ToArray();
        }

        var candidates = new List<(double Position, int M, int K)>();
        for (int k = (int)Math.Floor(low); k <= (int)Math.Ceiling(high) && candidates.Count < 10_000; k++)
        {
            for (int m = 1; m <= (decades > DecadesWithMultiples ? 1 : 9); m++)
            {
                double position = k + Math.Log10(m);
                if (position >= low && position <= high)
                {
                    candidates.Add((position, m, k));
                }
            }
        }

        foreach (var (labelled, enough) in new (Func<int, bool>, int)[] { (m => m == 1, 2), (m => m is 1 or 2 or 5, 3), (_ => true, 2) })
        {
            if (candidates.Count(c => labelled(c.M)) >= enough)
            {
                return candidates
                    .Select(c => labelled(c.M) ? new Tick(c.Position, LogAxis.FormatMultiple(c.M, c.K), true) : new Tick(c.Position, string.Empty, false))
                    .ToArray();
            }
        }

        var even = Enumerable.Range(0, EvenLabels).Select(i => low + ((high - low) * (i + 0.5) / EvenLabels));
        return candidates.Select(c => new Tick(c.Position, string.Empty, false))
            .Concat(even.Select(p => new Tick(p, Math.Pow(10, p).ToString("G3", CultureInfo.InvariantCulture), true)))
            .ToArray();
    }
}
