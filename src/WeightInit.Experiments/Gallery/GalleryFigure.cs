using System.Globalization;
using ScottPlot;
using WeightInit.Experiments.Figures;

namespace WeightInit.Experiments.Gallery;

/// <summary>
/// One gallery panel: the histogram of a draw as a density (count / (n · bin width)) with the formula's density drawn
/// over it; point masses as bars of their measured share beside markers at the formula's share.
/// </summary>
internal static class GalleryFigure
{
    /// <summary>Histogram bins of the continuous part.</summary>
    public const int Bins = 60;

    /// <summary>Builds the panel for <paramref name="entry"/> and its draw <paramref name="sample"/>.</summary>
    public static Figure Build(GalleryEntry entry, IReadOnlyList<float> sample)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(sample);
        var plot = new Plot();
        var distribution = entry.Distribution;
        if (distribution.Continuous is { } density)
        {
            var atomValues = distribution.Atoms.Select(a => (float)a.Value).ToHashSet();
            var rest = sample.Where(v => !atomValues.Contains(v)).ToArray();
            var (edges, counts) = GoodnessOfFit.Histogram(rest, density.Range, Bins, tails: false);
            double width = edges[1] - edges[0];
            var bars = Enumerable.Range(0, counts.Length).Select(i => new Bar
            {
                Position = 0.5 * (edges[i] + edges[i + 1]),
                Value = counts[i] / (sample.Count * width),
                Size = width,
                FillColor = Palette.GetColor(0).WithAlpha(0.5),
                LineWidth = 0,
            }).ToArray();
            plot.Add.Bars(bars).LegendText = distribution.Atoms.Count == 0 ? "draw" : "draw, without the point masses";
            var (low, high) = density.Range;
            double[] x = Enumerable.Range(0, 401).Select(i => low + ((high - low) * i / 400.0)).ToArray();
            double[] y = x.Select(v => distribution.ContinuousMass * density.Pdf(v)).ToArray();
            var curve = plot.Add.Scatter(x, y, Palette.GetColor(1));
            curve.LineWidth = 2;
            curve.MarkerSize = 0;
            curve.LegendText = distribution.Atoms.Count == 0
                ? $"formula: {density.Label}"
                : $"formula: {distribution.ContinuousMass.ToString("G3", CultureInfo.InvariantCulture)} · {density.Label}";
            plot.YLabel("Density", size: 12);
        }
        else
        {
            AddPointMasses(plot, distribution.Atoms, sample);
            plot.YLabel("Share of elements", size: 12);
        }

        plot.Title($"{entry.Spec}, [{string.Join(", ", entry.Shape)}]", size: 14);
        plot.XLabel("Weight value", size: 12);
        plot.Axes.Margins(bottom: 0, top: 0.25);
        plot.ShowLegend(Alignment.UpperRight);
        return new Figure([plot], 1, 1, width: 640, height: 360);
    }

    private static void AddPointMasses(Plot plot, IReadOnlyList<Atom> atoms, IReadOnlyList<float> sample)
    {
        double spread = atoms.Count > 1 ? atoms.Max(a => a.Value) - atoms.Min(a => a.Value) : 1.0;
        var bars = atoms.Select(a => new Bar
        {
            Position = a.Value,
            Value = sample.Count(v => v == (float)a.Value) / (double)sample.Count,
            Size = spread * 0.1,
            FillColor = Palette.GetColor(0).WithAlpha(0.5),
            LineWidth = 0,
        }).ToArray();
        plot.Add.Bars(bars).LegendText = "draw: " + string.Join(", ", atoms.Zip(bars, (a, b) => string.Create(CultureInfo.InvariantCulture, $"P({a.Value:G4}) = {b.Value:G4}")));
        var markers = plot.Add.ScatterPoints(atoms.Select(a => a.Value).ToArray(), atoms.Select(a => a.Mass).ToArray(), Palette.GetColor(1));
        markers.MarkerSize = 12;
        markers.LegendText = "formula: " + string.Join(", ", atoms.Select(a => string.Create(CultureInfo.InvariantCulture, $"P({a.Value:G4}) = {a.Mass:G4}")));
    }

    private static IPalette Palette { get; } = new ScottPlot.Palettes.Category10();
}
