using System.Globalization;
using System.Text;
using System.Text.Json;
using WeightInit.Experiments.Figures;
using WeightInit.Experiments.Reporting;
using WeightInit.Internal;

namespace WeightInit.Experiments.Studies;

/// <summary>Writes the depth study's outputs, each atomically: depth-study.json, depth-study.md and two figures (PNG and SVG).</summary>
internal static class DepthStudyWriter
{
    /// <summary>Stem of the accuracy-against-depth figure.</summary>
    public const string AccuracyFigure = "depth-accuracy";

    /// <summary>Stem of the initial-signal-against-depth figure.</summary>
    public const string SignalFigure = "depth-signal";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly NumberFormat Pct = NumberFormat.FixedDecimals(2);
    private static readonly NumberFormat Sig3 = NumberFormat.SignificantFigures(3);

    /// <summary>JSON settings of depth-study.json (NaN and infinities as named literals, as the sweep files).</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes every output into <paramref name="folder"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(DepthStudyResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        string json = Path.Combine(folder, DepthStudyResult.FileName), md = Path.Combine(folder, "depth-study.md");
        AtomicFile.WriteAllText(json, JsonSerializer.Serialize(result, Json));
        AtomicFile.WriteAllText(md, Markdown(result));
        var accuracy = AccuracyAgainstDepth(result).Save(folder, AccuracyFigure);
        var signal = SignalAgainstDepth(result).Save(folder, SignalFigure);
        return [json, md, accuracy.Png, accuracy.Svg, signal.Png, signal.Svg];
    }

    /// <summary>Reads a depth-study.json written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a depth-study result of this schema; the message names it.</exception>
    public static DepthStudyResult Read(string path)
    {
        try
        {
            var result = JsonSerializer.Deserialize<DepthStudyResult>(File.ReadAllText(path), Json);
            return result is { Schema: DepthStudyResult.SchemaVersion, Definition: not null, Points: not null, Gaps: not null, Spread: not null }
                ? result
                : throw new InvalidDataException($"{path} is not a depth-study result of schema {DepthStudyResult.SchemaVersion} (got schema {result?.Schema})");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a depth-study result file ({DepthStudyResult.FileName} written by 'weightinit study depth'): {e.Message}", e);
        }
    }

    /// <summary>The Markdown report: settings, the paragraph, the table, the spread table.</summary>
    public static string Markdown(DepthStudyResult result)
    {
        var d = result.Definition;
        var sb = new StringBuilder();
        sb.AppendLine("# The depth study: when does Xavier vs He matter?").AppendLine();
        sb.AppendLine(string.Create(Inv, $"Grid {result.Fingerprint}: {result.CellsDone} of {result.CellsTotal} cells. MLP 784 → {d.Width} × depth → 10 on {d.Dataset} ({d.TrainSubset} training images, full test set), depths {string.Join(", ", d.Depths)}; {string.Join(", ", d.Activations)}; {string.Join(", ", d.Initializers)}; seeds {DepthStudyDefinition.FirstSeed}–{DepthStudyDefinition.FirstSeed + d.Seeds - 1}; SGD lr {d.LearningRate}, batch {DepthStudyDefinition.BatchSize}, {d.Epochs} epoch{(d.Epochs == 1 ? string.Empty : "s")}. Cell compute time {result.ComputeSeconds:F0} s.")).AppendLine();
        if (!result.Complete)
        {
            sb.AppendLine(string.Create(Inv, $"**Partial:** {result.CellsTotal - result.CellsDone} cells have no result yet; the figures and sentences cover the cells that do.")).AppendLine();
        }

        sb.AppendLine(result.Paragraph).AppendLine();
        sb.AppendLine("Intervals are two-sided 95 % Student-t intervals over seeds (mean ± t₀.₉₇₅,ₙ₋₁ · s/√n). The forward std is that of the last hidden layer's output; the backward std is that of the loss gradient with respect to the first hidden layer's output, where the backward pass ends; both on one batch of 256 training images before training, averaged over seeds. Mean-field: Poole et al. 2016 (forward) and Schoenholz et al. 2017 (backward, from the measured gradient at the last hidden layer), with the variances of the model's own weights.").AppendLine();
        var table = new MarkdownTable(
            new MarkdownColumn("activation"), new MarkdownColumn("initializer"), new MarkdownColumn("depth", ColumnAlignment.Right), new MarkdownColumn("seeds", ColumnAlignment.Right),
            new MarkdownColumn("test acc %", ColumnAlignment.Right), new MarkdownColumn("95 % t-interval", ColumnAlignment.Right),
            new MarkdownColumn("fwd std last", ColumnAlignment.Right, Sig3), new MarkdownColumn("mean-field", ColumnAlignment.Right, Sig3),
            new MarkdownColumn("bwd std L1", ColumnAlignment.Right, Sig3), new MarkdownColumn("mean-field", ColumnAlignment.Right, Sig3), new MarkdownColumn("status"));
        foreach (var p in result.Points)
        {
            string acc = p.Accuracy is null ? "—" : Pct.Format(p.Accuracy.Mean * 100);
            string ci = p.Accuracy?.ConfidenceLow is { } lo && p.Accuracy.ConfidenceHigh is { } hi ? $"[{Pct.Format(lo * 100)}, {Pct.Format(hi * 100)}]" : "one seed";
            string status = (p.StopsTraining ? "stops training" : "trains") + (p.Diverged > 0 ? $" ({p.Diverged} diverged)" : string.Empty);
            table.AddRow(p.Activation, p.Initializer, p.Depth, p.Seeds, acc, ci, p.ForwardStd, p.ForwardMeanField, p.BackwardStd, p.BackwardMeanField, status);
        }

        sb.AppendLine(table.ToString());
        if (result.Spread.Count > 0)
        {
            sb.AppendLine("## Initial forward std at the last hidden layer over initializations (finite width)").AppendLine();
            var spread = new MarkdownTable(
                new MarkdownColumn("activation"), new MarkdownColumn("initializer"), new MarkdownColumn("depth", ColumnAlignment.Right), new MarkdownColumn("inits", ColumnAlignment.Right),
                new MarkdownColumn("min", ColumnAlignment.Right, Sig3), new MarkdownColumn("max", ColumnAlignment.Right, Sig3), new MarkdownColumn("mean", ColumnAlignment.Right, Sig3),
                new MarkdownColumn("std", ColumnAlignment.Right, Sig3), new MarkdownColumn("mean-field", ColumnAlignment.Right, Sig3));
            foreach (var s in result.Spread)
            {
                spread.AddRow(s.Activation, s.Initializer, s.Depth, s.PerSeed.Count, s.Min, s.Max, s.Summary.Mean, s.Summary.StandardDeviation ?? double.NaN, s.MeanField);
            }

            sb.AppendLine(spread.ToString());
        }

        return sb.ToString();
    }

    /// <summary>Test accuracy against depth, one panel per activation, one line per initializer with its 95 % interval as a shaded band.</summary>
    public static Figure AccuracyAgainstDepth(DepthStudyResult result)
    {
        int last = result.Definition.Activations.Count - 1;
        var panels = result.Definition.Activations.Select((activation, column) =>
        {
            var series = new List<LineSeries>();
            foreach (var (init, color) in result.Definition.Initializers.Select((init, i) => (init, i)))
            {
                var points = result.Points.Where(p => p.Activation == activation && p.Initializer == init && p.Accuracy is not null).OrderBy(p => p.Depth).ToList();
                double[] x = points.Select(p => (double)p.Depth).ToArray();
                bool bounded = points.Count > 0 && points.All(p => p.Accuracy!.ConfidenceLow is not null && p.Accuracy.ConfidenceHigh is not null);
                series.Add(new LineSeries(bounded ? $"{init} (band: 95 % CI)" : init, x, points.Select(p => p.Accuracy!.Mean * 100).ToArray())
                {
                    ColorIndex = color,
                    BandLow = bounded ? points.Select(p => Math.Max(0, p.Accuracy!.ConfidenceLow!.Value * 100)).ToArray() : null,
                    BandHigh = bounded ? points.Select(p => Math.Min(100, p.Accuracy!.ConfidenceHigh!.Value * 100)).ToArray() : null,
                });
            }

            return new LinePanel($"{activation}: test accuracy after {result.Definition.Epochs} epochs", "hidden layers", "test accuracy % (mean, 95 % t-interval over seeds)", series) { IntegerX = true, Legend = Legend(column, last) };
        }).ToArray();
        return Figures.Figures.Lines(panels, panels.Length);
    }

    /// <summary>Initial forward (last hidden layer) and backward (first hidden layer) std against depth, log scale, measured and mean-field.</summary>
    public static Figure SignalAgainstDepth(DepthStudyResult result)
    {
        var panels = new List<LinePanel>();
        foreach (var (title, measured, predicted) in new (string, Func<DepthStudyPoint, double>, Func<DepthStudyPoint, double>)[]
                 {
                     ("forward std, last hidden layer", p => p.ForwardStd, p => p.ForwardMeanField),
                     ("backward std, first hidden layer", p => p.BackwardStd, p => p.BackwardMeanField),
                 })
        {
            foreach (var (activation, column) in result.Definition.Activations.Select((a, i) => (a, i)))
            {
                var series = new List<LineSeries>();
                foreach (var (init, color) in result.Definition.Initializers.Select((init, i) => (init, i)))
                {
                    var points = result.Points.Where(p => p.Activation == activation && p.Initializer == init).OrderBy(p => p.Depth).ToList();
                    double[] x = points.Select(p => (double)p.Depth).ToArray();
                    series.Add(new LineSeries(init, x, points.Select(measured).ToArray()) { ColorIndex = color });
                    series.Add(new LineSeries($"{init} mean-field", x, points.Select(predicted).ToArray()) { ColorIndex = color, Dashed = true, Markers = false });
                }

                if (title.StartsWith("forward", StringComparison.Ordinal))
                {
                    series.AddRange(SpreadLines(result, activation));
                }

                panels.Add(new LinePanel($"{activation}: {title}", "hidden layers", "std before training (log)", series) { LogY = true, Legend = Legend(column, result.Definition.Activations.Count - 1) });
            }
        }

        return Figures.Figures.Lines(panels, result.Definition.Activations.Count);
    }

    // Every panel of a row has the same lines: one legend, beside the last column, leaves the others their full width.
    private static LegendPlacement Legend(int column, int last) => column == last ? LegendPlacement.OutsideRight : LegendPlacement.None;

    /// <summary>He's smallest and largest initial forward std over the spread's initializations, the finite-width scatter around the mean field.</summary>
    private static IEnumerable<LineSeries> SpreadLines(DepthStudyResult result, string activation)
    {
        int color = result.Definition.Initializers.ToList().IndexOf("he");
        var rows = result.Spread.Where(s => s.Activation == activation && s.Initializer == "he").OrderBy(s => s.Depth).ToList();
        if (rows.Count == 0 || color < 0)
        {
            yield break;
        }

        double[] x = rows.Select(r => (double)r.Depth).ToArray();
        yield return new LineSeries($"he min over {rows[0].PerSeed.Count} inits", x, rows.Select(r => r.Min).ToArray()) { ColorIndex = color, Opacity = 0.4, LineWidth = 1 };
        yield return new LineSeries($"he max over {rows[0].PerSeed.Count} inits", x, rows.Select(r => r.Max).ToArray()) { ColorIndex = color, Opacity = 0.4, LineWidth = 1 };
    }
}
