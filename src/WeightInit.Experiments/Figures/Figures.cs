using ScottPlot;
using ScottPlot.Plottables;

namespace WeightInit.Experiments.Figures;

/// <summary>
/// The figures of the documents' Problem 5 and the Kaiming-vs-N(0, 0.001) notebook, built from plain numbers
/// (never from training types), so reporting cannot train and the figures can be tested by their data.
/// </summary>
public static class Figures
{
    /// <summary>Extra pixels a figure gets for a legend outside its last panel.</summary>
    private const int LegendWidth = 260;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>
    /// Q5.2/Q5.4 activation statistics: three panels — mean vs layer depth, std vs layer depth, and std on a
    /// log axis (small-random spans four decades). Each initializer's mean-field prediction, if given, is drawn
    /// dashed in the same color beside its measured std. Zero values cannot sit on the log axis; the legend says
    /// so.
    /// </summary>
    /// <param name="activation">Activation name for the titles (<c>Tanh</c>, <c>ReLU</c>).</param>
    /// <param name="measured">One entry per initializer, per-layer mean and std (layer 1 … L).</param>
    /// <param name="predicted">Mean-field predictions, matched to <paramref name="measured"/> by initializer name; may be empty.</param>
    /// <exception cref="ArgumentException">No measured series, or a prediction names an initializer that was not measured.</exception>
    public static Figure ActivationStatistics(
        string activation, IReadOnlyList<LayerStatistics> measured, IReadOnlyList<LayerStatistics>? predicted = null)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (measured.Count == 0)
        {
            throw new ArgumentException("need at least one initializer's statistics; got none.", nameof(measured));
        }

        var colorOf = measured.Select((m, i) => (m.Initializer, i)).ToDictionary(p => p.Initializer, p => p.i);
        var theory = new List<LineSeries>();
        foreach (var p in predicted ?? [])
        {
            if (!colorOf.TryGetValue(p.Initializer, out int color))
            {
                throw new ArgumentException(
                    $"prediction for '{p.Initializer}' has no measured series; measured: {string.Join(", ", colorOf.Keys)}.",
                    nameof(predicted));
            }

            theory.Add(LineSeries.Indexed($"{p.Initializer} (mean field)", p.Std) with { ColorIndex = color, Dashed = true, Markers = false });
        }

        var means = measured.Select((m, i) => LineSeries.Indexed(m.Initializer, m.Mean) with { ColorIndex = i }).ToArray();
        var stds = measured.Select((m, i) => LineSeries.Indexed(m.Initializer, m.Std) with { ColorIndex = i }).Concat(theory).ToArray();
        return Lines(
            [
                new LinePanel($"{activation}: mean activation vs layer depth", "Layer depth", "Mean activation", means) { Legend = LegendPlacement.None },
                new LinePanel($"{activation}: std of activation vs layer depth", "Layer depth", "Std of activation", stds) { Legend = LegendPlacement.None },
                new LinePanel($"{activation}: std (log scale)", "Layer depth", "Std of activation (log)", stds) { LogY = true },
            ],
            columns: 3,
            width: (3 * 480) + LegendWidth);
    }

    /// <summary>A grid of grayscale sample images (the documents' 4×8 MNIST batch), each titled with its label.</summary>
    /// <exception cref="ArgumentException">More images than <c>rows·columns</c>, none at all, or an image's pixel count is wrong.</exception>
    public static Figure SampleImages(IReadOnlyList<SampleImage> images, int rows = 4, int columns = 8)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0 || images.Count > rows * columns)
        {
            throw new ArgumentException($"a {rows}×{columns} grid shows 1 to {rows * columns} images; got {images.Count}.", nameof(images));
        }

        var panels = images.Select(image =>
        {
            var plot = new Plot();
            var heatmap = plot.Add.Heatmap(image.ToGrid());
            heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
            plot.HideAxesAndGrid();
            plot.Title(image.Title, size: 13);
            plot.Axes.Title.IsVisible = true; // HideAxesAndGrid hides the title panel too; the label must stay
            plot.Axes.Margins(0, 0);
            plot.Layout.Fixed(new PixelPadding(6, 6, 4, 24)); // a gutter between digits, room for the caption
            return plot;
        }).ToArray();
        return new Figure(panels, rows, columns, width: columns * 110, height: rows * 125);
    }

    /// <summary>
    /// Training loss per epoch, one line per initializer; two panels, linear and log axis (the log panel
    /// separates Xavier from He once both are far below the zero-init plateau at ln 10).
    /// </summary>
    /// <param name="activation">Activation name for the titles.</param>
    /// <param name="lossPerInitializer">Mean training loss per epoch, keyed by initializer (in legend order).</param>
    public static Figure TrainingLoss(string activation, IReadOnlyList<(string Initializer, IReadOnlyList<double> Loss)> lossPerInitializer)
    {
        ArgumentNullException.ThrowIfNull(lossPerInitializer);
        var series = lossPerInitializer.Select((s, i) => LineSeries.Indexed(s.Initializer, s.Loss) with { ColorIndex = i }).ToArray();
        return Lines(
            [
                new LinePanel($"{activation}: training loss per epoch", "Epoch", "Mean training loss", series) { Legend = LegendPlacement.None },
                new LinePanel($"{activation}: training loss (log scale)", "Epoch", "Mean training loss (log)", series) { LogY = true },
            ],
            columns: 2,
            width: (2 * 520) + LegendWidth);
    }

    /// <summary>
    /// Loss of every minibatch (faint) with its trailing running average (bold, see <see cref="Binning.RunningAverage"/>),
    /// one color per run.
    /// </summary>
    /// <param name="runs">Per-minibatch losses of each run, in training order.</param>
    /// <param name="window">Running-average window in minibatches (≥ 1).</param>
    public static Figure MinibatchLoss(IReadOnlyList<(string Label, IReadOnlyList<double> Loss)> runs, int window = 100)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var series = new List<LineSeries>();
        for (int i = 0; i < runs.Count; i++)
        {
            var raw = LineSeries.Indexed($"{runs[i].Label} (minibatch)", runs[i].Loss);
            series.Add(raw with { ColorIndex = i, Markers = false, LineWidth = 1, Opacity = 0.3 });
            series.Add(raw with
            {
                Label = $"{runs[i].Label} (running avg, {window})",
                Y = Binning.RunningAverage(runs[i].Loss, window),
                ColorIndex = i,
                Markers = false,
                LineWidth = 2.5f,
            });
        }

        return Lines(
            [new LinePanel("Minibatch training loss", "Minibatch", "Cross-entropy loss", series) { IntegerX = false }],
            columns: 1,
            width: 900 + LegendWidth);
    }

    /// <summary>Train (solid) and validation (dashed) accuracy per epoch, one color per run.</summary>
    public static Figure Accuracy(IReadOnlyList<AccuracyHistory> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var series = runs.SelectMany((r, i) => new[]
        {
            LineSeries.Indexed($"{r.Label} train", r.Train) with { ColorIndex = i },
            LineSeries.Indexed($"{r.Label} validation", r.Validation) with { ColorIndex = i, Dashed = true },
        }).ToArray();
        return Lines([new LinePanel("Accuracy per epoch", "Epoch", "Accuracy (%)", series)], columns: 1, width: 900 + LegendWidth);
    }

    /// <summary>
    /// One small panel per layer with the weight histogram before (blue) and after (orange) training overlaid,
    /// on shared bins (<see cref="Binning.SharedEdges"/>).
    /// </summary>
    /// <param name="layers">The layers, in order.</param>
    /// <param name="bins">Bins per panel (≥ 1).</param>
    /// <param name="columns">Panels per row.</param>
    public static Figure WeightHistograms(IReadOnlyList<LayerWeights> layers, int bins = 60, int columns = 3)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return WeightHistograms(
            layers.Select(layer =>
            {
                var edges = Binning.SharedEdges(bins, layer.Before, layer.After);
                return new BinnedLayerWeights(layer.Layer, edges, Longs(Binning.Counts(layer.Before, edges)), Longs(Binning.Counts(layer.After, edges)));
            }).ToArray(),
            columns);
    }

    /// <summary>
    /// The same figure from counts already binned (e.g. the engine's weight histograms, which keep no raw weights).
    /// </summary>
    /// <param name="layers">The layers, in order.</param>
    /// <param name="columns">Panels per row.</param>
    /// <exception cref="ArgumentException">No layers, or a layer's counts do not match its edges.</exception>
    public static Figure WeightHistograms(IReadOnlyList<BinnedLayerWeights> layers, int columns = 3)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("need at least one layer's weights; got none.", nameof(layers));
        }

        var panels = layers.Select(layer =>
        {
            layer.Validate();
            var plot = new Plot();
            AddHistogram(plot, layer.Edges, layer.Before, Palette.GetColor(0), "before training");
            AddHistogram(plot, layer.Edges, layer.After, Palette.GetColor(1), "after training");
            plot.Title(layer.Layer, size: 14);
            plot.XLabel("Weight value", size: 12);
            plot.YLabel("Count", size: 12);
            plot.Axes.Margins(bottom: 0);
            plot.ShowLegend(Alignment.UpperRight);
            return plot;
        }).ToArray();
        int rows = (layers.Count + columns - 1) / columns;
        return new Figure(panels, rows, Math.Min(columns, layers.Count), width: Math.Min(columns, layers.Count) * 420, height: rows * 320);
    }

    /// <summary>Any grid of line panels (the building block of the other figures).</summary>
    /// <exception cref="ArgumentException">No panels, or a series with unequal X and Y counts.</exception>
    public static Figure Lines(IReadOnlyList<LinePanel> panels, int columns, int? width = null, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(panels);
        bool legendOutside = panels.Any(p => p.Legend == LegendPlacement.OutsideRight);
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0)
        {
            throw new ArgumentException("need at least one panel; got none.", nameof(panels));
        }

        int rows = (panels.Count + columns - 1) / columns;
        int extra = legendOutside ? LegendWidth : 0;
        return new Figure(panels.Select(BuildLinePanel).ToArray(), rows, columns, width ?? ((columns * 520) + extra), rows * height, extra);
    }

    /// <summary>The series' band (if any) in its color at 15 % opacity, behind its line; on a log panel only where both edges are positive.</summary>
    private static void AddBand(Plot plot, LinePanel panel, LineSeries series, Color color)
    {
        if (series.BandLow is null || series.BandHigh is null)
        {
            return;
        }

        var keep = Enumerable.Range(0, series.X.Count)
            .Where(i => double.IsFinite(series.BandLow[i]) && double.IsFinite(series.BandHigh[i]) && (!panel.LogY || (series.BandLow[i] > 0 && series.BandHigh[i] > 0)))
            .ToArray();
        if (keep.Length < 2)
        {
            return;
        }

        Func<double, double> map = panel.LogY ? Math.Log10 : v => v;
        var band = plot.Add.FillY(keep.Select(i => series.X[i]).ToArray(), keep.Select(i => map(series.BandLow[i])).ToArray(), keep.Select(i => map(series.BandHigh[i])).ToArray());
        band.FillColor = color.WithAlpha(0.15 * series.Opacity);
        band.LineWidth = 0;
    }

    private static Plot BuildLinePanel(LinePanel panel)
    {
        var plot = new Plot();
        for (int i = 0; i < panel.Series.Count; i++)
        {
            var series = panel.Series[i];
            series.Validate();
            var color = Palette.GetColor(series.ColorIndex ?? i).WithAlpha(series.Opacity);
            var (x, y, dropped) = panel.LogY
                ? LogAxis.Transform(series.X, series.Y)
                : (series.X.ToArray(), series.Y.ToArray(), 0);
            string label = dropped == 0 ? series.Label
                : dropped == series.Y.Count ? $"{series.Label}: all ≤ 0, not on log axis"
                : $"{series.Label} ({dropped} point{(dropped == 1 ? "" : "s")} ≤ 0 not shown)";
            if (x.Length == 0)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, LineColor = color, LineWidth = series.LineWidth, LinePattern = LinePattern.DenselyDashed });
                continue;
            }

            AddBand(plot, panel, series, color);
            var scatter = plot.Add.Scatter(x, y, color);
            scatter.LegendText = label;
            scatter.LineWidth = series.LineWidth;
            scatter.LinePattern = series.Dashed ? LinePattern.Dashed : LinePattern.Solid;
            scatter.MarkerSize = series.Markers ? 7 : 0;
        }

        plot.Title(panel.Title, size: 16);
        plot.XLabel(panel.XLabel, size: 14);
        plot.YLabel(panel.YLabel, size: 14);
        if (panel.LogY)
        {
            LogAxis.Apply(plot);
        }

        if (panel.IntegerX)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        switch (panel.Legend)
        {
            case LegendPlacement.OutsideRight:
                plot.ShowLegend(Edge.Right);
                break;
            case LegendPlacement.Inside:
                plot.ShowLegend(Alignment.UpperRight);
                break;
            default:
                plot.HideLegend();
                break;
        }

        plot.Legend.SymbolWidth = 36; // long enough for the dash pattern of theory and validation lines to show
        return plot;
    }

    private static long[] Longs(int[] counts) => Array.ConvertAll(counts, c => (long)c);

    private static void AddHistogram(Plot plot, IReadOnlyList<double> edges, IReadOnlyList<long> counts, Color color, string label)
    {
        var bars = Enumerable.Range(0, counts.Count).Select(i => new Bar
        {
            Position = 0.5 * (edges[i] + edges[i + 1]),
            Value = counts[i],
            Size = edges[i + 1] - edges[i],
            FillColor = color.WithAlpha(0.5),
            LineWidth = 0,
        }).ToArray();
        var plottable = plot.Add.Bars(bars);
        plottable.LegendText = label;
    }
}
