using System.Globalization;
using ScottPlot;

namespace WeightInit.Experiments.Figures;

/// <summary>
/// ScottPlot 5 has no logarithmic axis type: a log axis is linear in log₁₀(y), with ticks from
/// <see cref="LogTickGenerator"/>.
/// </summary>
public static class LogAxis
{
    /// <summary>
    /// Keeps the points with y &gt; 0 (and finite) and returns them with y replaced by log₁₀(y), plus how many
    /// were dropped.
    /// </summary>
    public static (double[] X, double[] Log10Y, int Dropped) Transform(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var keep = Enumerable.Range(0, y.Count).Where(i => y[i] > 0 && double.IsFinite(y[i])).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => Math.Log10(y[i])).ToArray(), y.Count - keep.Length);
    }

    /// <summary>Label of the decade tick at exponent <paramref name="exponent"/>: 0.001 … 1000 written out, 1e-5 style beyond.</summary>
    public static string FormatDecade(double exponent)
    {
        int k = (int)Math.Round(exponent);
        if (Math.Abs(exponent - k) > 1e-9)
        {
            return string.Empty; // only integer exponents are decades
        }

        return FormatMultiple(1, k);
    }

    /// <summary>Label of <c>m·10ᵏ</c>: written out for 10⁻³ ≤ 10ᵏ ≤ 10³ (0.002, 50), <c>2e-5</c> style beyond.</summary>
    public static string FormatMultiple(int m, int k) =>
        k is >= -3 and <= 3
            ? (m * Math.Pow(10, k)).ToString("0.###", CultureInfo.InvariantCulture)
            : m.ToString(CultureInfo.InvariantCulture) + "e" + k.ToString(CultureInfo.InvariantCulture);

    /// <summary>Makes <paramref name="plot"/>'s left axis read as a log₁₀ axis (see <see cref="LogTickGenerator"/>).</summary>
    public static void Apply(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Axes.Left.TickGenerator = new LogTickGenerator();
        plot.Grid.YAxisStyle.MinorLineStyle.Width = 0.5f;
        plot.Grid.YAxisStyle.MinorLineStyle.Color = Colors.Black.WithAlpha(0.05);
    }
}
