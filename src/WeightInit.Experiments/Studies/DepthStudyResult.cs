using WeightInit.Statistics;
using WeightInit.Sweeps;

namespace WeightInit.Experiments.Studies;

/// <summary>One (activation, initializer, depth) of the depth study, summarized over its seeds.</summary>
/// <param name="Activation">Activation.</param>
/// <param name="Initializer">Study initializer name.</param>
/// <param name="Depth">Hidden layers.</param>
/// <param name="Seeds">Seeds run.</param>
/// <param name="Diverged">Seeds whose training hit a NaN or infinite loss (they have no test accuracy).</param>
/// <param name="AccuracyPerSeed">Final test accuracy (fraction) of each seed that finished, in seed order.</param>
/// <param name="Accuracy">Mean and 95 % Student-t interval over seeds of the test accuracy (fraction); null when no seed finished.</param>
/// <param name="ForwardStd">Mean over seeds of the forward std at the last hidden layer before training.</param>
/// <param name="ForwardMeanField">Mean over seeds of its mean-field prediction.</param>
/// <param name="BackwardStd">Mean over seeds of the std of the loss gradient at the first hidden layer's output before training.</param>
/// <param name="BackwardMeanField">Mean over seeds of its mean-field prediction.</param>
/// <param name="StopsTraining">Whether the mean test accuracy is below the study's threshold, or most seeds diverged.</param>
internal sealed record DepthStudyPoint(
    string Activation, string Initializer, int Depth, int Seeds, int Diverged, IReadOnlyList<double> AccuracyPerSeed, SampleSummary? Accuracy,
    double ForwardStd, double ForwardMeanField, double BackwardStd, double BackwardMeanField, bool StopsTraining);

/// <summary>The paired difference of test accuracy <c>A − B</c> (points) over the seeds both finished, with its 95 % t-interval.</summary>
/// <param name="Activation">Activation.</param>
/// <param name="Depth">Hidden layers.</param>
/// <param name="A">First initializer.</param>
/// <param name="B">Second initializer.</param>
/// <param name="Difference">Mean and 95 % Student-t interval of the per-seed differences, in percentage points.</param>
/// <param name="SpreadA">Seed-to-seed std of A's accuracy (points); null with one seed.</param>
/// <param name="SpreadB">Seed-to-seed std of B's accuracy (points); null with one seed.</param>
internal sealed record DepthStudyGap(string Activation, int Depth, string A, string B, SampleSummary Difference, double? SpreadA, double? SpreadB)
{
    /// <summary>Whether the seeds leave the gap undecided: one seed (no spread), or a 95 % interval that includes 0.</summary>
    public bool InsideSpread => Difference.ConfidenceLow is not { } lo || Difference.ConfidenceHigh is not { } hi || (lo <= 0 && hi >= 0);
}

/// <summary>
/// The spread over initializations of the forward std at the last hidden layer beside the mean-field prediction, for one
/// (activation, initializer, depth): the finite-width effect (Hanin &amp; Rolnick 2018).
/// </summary>
/// <param name="Activation">Activation.</param>
/// <param name="Initializer">Initializer.</param>
/// <param name="Depth">Hidden layers.</param>
/// <param name="Width">Hidden width.</param>
/// <param name="PerSeed">Measured std, one value per initialization seed.</param>
/// <param name="Summary">Mean, sample std and 95 % t-interval of <paramref name="PerSeed"/>.</param>
/// <param name="MeanField">The mean-field prediction (first seed's weights).</param>
internal sealed record DepthStudySpread(string Activation, string Initializer, int Depth, int Width, IReadOnlyList<double> PerSeed, SampleSummary Summary, double MeanField)
{
    /// <summary>Smallest over seeds.</summary>
    public double Min => PerSeed.Min();

    /// <summary>Largest over seeds.</summary>
    public double Max => PerSeed.Max();
}

/// <summary>Everything the depth study concluded, computed from its merged sweep file; serializes to depth-study.json unchanged.</summary>
/// <param name="Schema">File format version.</param>
/// <param name="Fingerprint">The sweep grid's fingerprint.</param>
/// <param name="Definition">The study's grid and settings.</param>
/// <param name="StopThreshold">A point "stops training" when its mean test accuracy (fraction) is below this.</param>
/// <param name="CellsDone">Cells with a result.</param>
/// <param name="CellsTotal">Cells in the grid.</param>
/// <param name="ComputeSeconds">Sum of the cells' wall times (the study's cost in one process).</param>
/// <param name="Points">One entry per (activation, initializer, depth).</param>
/// <param name="Gaps">Paired Xavier − He gaps, per activation and depth.</param>
/// <param name="Spread">The initial-std spread over initializations, per (activation, initializer, depth).</param>
/// <param name="Paragraph">The generated findings paragraph.</param>
internal sealed record DepthStudyResult(
    int Schema, string Fingerprint, DepthStudyDefinition Definition, double StopThreshold, int CellsDone, int CellsTotal, double ComputeSeconds,
    IReadOnlyList<DepthStudyPoint> Points, IReadOnlyList<DepthStudyGap> Gaps, IReadOnlyList<DepthStudySpread> Spread, string Paragraph)
{
    /// <summary>The current <see cref="Schema"/>.</summary>
    public const int SchemaVersion = 1;

    /// <summary>File name of the JSON result in a study folder.</summary>
    public const string FileName = "depth-study.json";

    /// <summary>The default <see cref="StopThreshold"/>: 20 % test accuracy (chance on MNIST is 11.35 %, the share of its most frequent test digit).</summary>
    public const double DefaultStopThreshold = 0.20;

    /// <summary>Whether every cell of the grid has a result.</summary>
    public bool Complete => CellsDone == CellsTotal;

    /// <summary>The Xavier − He gap for <paramref name="activation"/> at <paramref name="depth"/>, if measured.</summary>
    public DepthStudyGap? Gap(string activation, int depth) => Gaps.FirstOrDefault(g => g.Activation == activation && g.Depth == depth);

    /// <summary>Summarizes <paramref name="file"/> (a merged or single-process sweep file of a depth study).</summary>
    /// <exception cref="InvalidDataException">The file is not a depth study's.</exception>
    public static DepthStudyResult From(SweepFile file, double stopThreshold = DefaultStopThreshold)
    {
        ArgumentNullException.ThrowIfNull(file);
        var definition = DepthStudyDefinition.FromGrid(file.Grid);
        var points = new List<DepthStudyPoint>();
        var gaps = new List<DepthStudyGap>();
        var spread = new List<DepthStudySpread>();
        foreach (string activation in definition.Activations)
        {
            foreach (int depth in definition.Depths)
            {
                foreach (string init in definition.Initializers)
                {
                    var cells = file.Results.Where(r => r.Cell.Activation == activation && r.Cell.Depth == depth && r.Cell.Initializer == init).OrderBy(r => r.Cell.Seed).ToList();
                    if (cells.Count == 0)
                    {
                        continue;
                    }

                    points.Add(Point(activation, init, depth, cells, stopThreshold));
                    if (SpreadOf(activation, init, depth, definition.Width, cells) is { } s)
                    {
                        spread.Add(s);
                    }
                }

                if (PairedGap(file, activation, depth, "xavier", "he") is { } gap)
                {
                    gaps.Add(gap);
                }
            }
        }

        var result = new DepthStudyResult(SchemaVersion, file.Fingerprint, definition, stopThreshold, file.Results.Count, file.Grid.Cells.Count,
            file.Results.Sum(r => r.Seconds), points, gaps, spread, string.Empty);
        return result with { Paragraph = DepthStudyParagraph.Write(result) };
    }

    private static DepthStudyPoint Point(string activation, string init, int depth, List<SweepCellResult> cells, double threshold)
    {
        var accuracies = cells.Where(c => c.Metrics.ContainsKey("test_accuracy")).Select(c => c.Metrics["test_accuracy"]).ToArray();
        var summary = accuracies.Length > 0 ? SampleSummary.Of(accuracies) : null;
        int diverged = cells.Count(c => c.Diverged);
        bool stops = (summary is not null && summary.Mean < threshold) || 2 * diverged > cells.Count;
        double Mean(string metric) => cells.Average(c => c.Metrics.GetValueOrDefault(metric, double.NaN));
        return new DepthStudyPoint(activation, init, depth, cells.Count, diverged, accuracies, summary,
            Mean(DepthStudyCellRunner.ForwardLast), Mean(DepthStudyCellRunner.ForwardLastMeanField),
            Mean(DepthStudyCellRunner.BackwardFirst), Mean(DepthStudyCellRunner.BackwardFirstMeanField), stops);
    }

    private static DepthStudySpread? SpreadOf(string activation, string init, int depth, int width, List<SweepCellResult> cells)
    {
        var first = cells.FirstOrDefault(c => c.Cell.Seed == DepthStudyDefinition.FirstSeed);
        var values = first?.Metrics.Where(kv => kv.Key.StartsWith(DepthStudyCellRunner.SpreadPrefix, StringComparison.Ordinal))
            .OrderBy(kv => int.Parse(kv.Key[DepthStudyCellRunner.SpreadPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(kv => kv.Value).ToArray();
        return values is { Length: > 0 }
            ? new DepthStudySpread(activation, init, depth, width, values, SampleSummary.Of(values), first!.Metrics[DepthStudyCellRunner.ForwardLastMeanField])
            : null;
    }

    /// <summary>The paired gap A − B over the seeds both finished; null when no seed of both finished.</summary>
    internal static DepthStudyGap? PairedGap(SweepFile file, string activation, int depth, string a, string b)
    {
        Dictionary<int, double> Acc(string init) => file.Results
            .Where(r => r.Cell.Activation == activation && r.Cell.Depth == depth && r.Cell.Initializer == init && r.Metrics.ContainsKey("test_accuracy"))
            .ToDictionary(r => r.Cell.Seed, r => r.Metrics["test_accuracy"] * 100);
        var (x, y) = (Acc(a), Acc(b));
        var seeds = x.Keys.Intersect(y.Keys).Order().ToArray();
        if (seeds.Length == 0)
        {
            return null;
        }

        double? Sd(IEnumerable<double> v) => SampleSummary.Of(v.ToArray()).StandardDeviation;
        return new DepthStudyGap(activation, depth, a, b, SampleSummary.Of(seeds.Select(s => x[s] - y[s]).ToArray()), Sd(seeds.Select(s => x[s])), Sd(seeds.Select(s => y[s])));
    }
}
