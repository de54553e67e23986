using System.Globalization;
using System.Text;
using WeightInit.Experimenting;
using WeightInit.Experiments.Reporting;
using WeightInit.Probes;
using WeightInit.Statistics;
using WeightInit.Training;

namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// The report's analysis sentences. Each is computed from the result it describes, so a different outcome gives a
/// different text; what is not measured by the run (the documents', papers' and PyTorch peer's figures) is said to be
/// theirs where it appears. Rounding (stated once in the report): accuracies and accuracy gaps in percent to 2
/// decimals, stds and per-layer factors to 3 significant figures, per-layer changes in whole percent.
/// </summary>
internal static class ReportAnalysis
{
    /// <summary>Accuracies are stored as fractions; the report shows percent.</summary>
    internal const double Percent = 100;

    /// <summary>A run whose test accuracy is within this many points of the majority-class share counts as chance level.</summary>
    internal const double ChanceBand = 0.5;

    /// <summary>A loss within this relative distance of ln K (K classes) is at the loss of a uniform guess.</summary>
    internal const double UniformLossBand = 0.01;

    internal static readonly NumberFormat Sig3 = NumberFormat.SignificantFigures(3);
    internal static readonly NumberFormat Pct = NumberFormat.FixedDecimals(2);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A sentence on how a std profile changes with depth, computed from the values.</summary>
    internal static string DescribeDepthTrend(string init, IReadOnlyList<double> std, string activation)
    {
        if (std.All(s => s == 0))
        {
            return $"**{init}**: every {activation} activation is exactly 0 in all {std.Count} layers — every unit computes the same thing (symmetry), and nothing flows forward.";
        }

        return $"**{init}**: the activation std {DepthChange(std)}.";
    }

    /// <summary>
    /// "shrinks by a factor 58.3–136 per layer (0.00574 → 7.80e-09 over 4 layers, 5.9 decades): …" and the like: the
    /// layer-to-layer factors' range when the signal vanishes, else the geometric-mean change per layer.
    /// </summary>
    internal static string DepthChange(IReadOnlyList<double> std)
    {
        double first = std[0], last = std[^1];
        string span = string.Create(Inv, $"{Sig3.Format(first)} → {Sig3.Format(last)} over {std.Count} layers");
        if (first <= 0 || last <= 0 || std.Count < 2)
        {
            return $"goes {span}";
        }

        double perLayer = Math.Pow(last / first, 1.0 / (std.Count - 1));
        if (perLayer < 0.5)
        {
            var factors = std.Zip(std.Skip(1), (a, b) => a / b).ToArray();
            string low = Sig3.Format(factors.Min()), high = Sig3.Format(factors.Max());
            string range = low == high ? low : $"{low}–{high}";
            return string.Create(Inv, $"shrinks by a factor {range} per layer ({span}, {Math.Log10(first / last):F1} decades), so the signal vanishes with depth");
        }

        double ratio = Math.Max(first, last) / Math.Min(first, last);
        return perLayer > 1.05
            ? string.Create(Inv, $"grows by {(perLayer - 1) * Percent:F0} % per layer on average ({span})")
            : perLayer < 0.95
                ? string.Create(Inv, $"decays gently, {(1 - perLayer) * Percent:F0} % per layer on average ({span}), staying within a factor {Sig3.Format(ratio)}")
                : string.Create(Inv, $"stays nearly constant, within ±5 % per layer ({span}, within a factor {Sig3.Format(ratio)})");
    }

    /// <summary>The signed geometric-mean change of the std per layer in whole percent, e.g. "−8 %".</summary>
    internal static string PerLayerChange(IReadOnlyList<double> std)
    {
        if (std.Count < 2 || std[0] <= 0 || std[^1] <= 0)
        {
            return "n/a";
        }

        double change = (Math.Pow(std[^1] / std[0], 1.0 / (std.Count - 1)) - 1) * Percent;
        string text = Math.Abs(change).ToString("F0", Inv);
        return text == "0" ? "0 %" : $"{(change < 0 ? "−" : "+")}{text} %";
    }

    /// <summary>Q5.1: how far the samples' std is from the formula, in relative standard errors of a sample std.</summary>
    internal static string DescribeSampling(IReadOnlyList<InitializationSample> samples, int fanIn, int fanOut)
    {
        var deviations = samples.Where(s => s.ExpectedStd > 0).Select(s => (s.Method, Dev: Math.Abs((s.Std / s.ExpectedStd) - 1))).ToList();
        if (deviations.Count == 0)
        {
            return string.Empty;
        }

        long n = (long)fanIn * fanOut;
        double se = 1 / Math.Sqrt(2.0 * n);
        var worst = deviations.MaxBy(d => d.Dev);
        return string.Create(Inv, $"The largest |std / formula − 1| is {worst.Dev * Percent:F2} % ({worst.Method}), {worst.Dev / se:F1} relative standard errors of a sample std (1/√(2n) = {se * Percent:F2} % for n = {fanIn} × {fanOut} = {n} draws).");
    }

    /// <summary>The analysis of one training experiment: the ranking, whether the seeds resolve its top gap, and the chance-level runs.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="environment">The run's facts (test-set size and majority share).</param>
    /// <param name="explainDepth">Whether to add, for chance-level runs, how their activation std changes with depth (off when the section says it elsewhere).</param>
    internal static string DescribeTraining(ReproducedExperiment experiment, ReproductionEnvironment environment, bool explainDepth = true)
    {
        var r = experiment.Result;
        var finals = Ranked(r);
        if (finals.Count == 0)
        {
            return "No run finished, so there is nothing to compare.";
        }

        var sb = new StringBuilder();
        var best = finals[0];
        string what = best.Acc.Count == 1 ? "the highest test accuracy" : $"the highest mean test accuracy over {best.Acc.Count} seeds";
        if (finals.Count > 1 && Pct.Format(Mean(finals[1])) == Pct.Format(Mean(best)))
        {
            sb.Append(Inv, $"**{best.Initialization}** and **{finals[1].Initialization}** tie for {what} at {Pct.Format(Mean(best))} %");
        }
        else
        {
            sb.Append(Inv, $"**{best.Initialization}** has {what}, {Pct.Format(Mean(best))} %");
            if (finals.Count > 1)
            {
                var second = finals[1];
                sb.Append(Inv, $", {Pct.Format(Mean(best) - Mean(second))} points above {second.Initialization} ({Pct.Format(Mean(second))} %); ");
                sb.Append(GapResolution(r, best.Initialization, second.Initialization));
            }
        }

        sb.Append(". ");
        sb.Append(DescribeChance(experiment, finals, environment, explainDepth));
        return sb.ToString().TrimEnd();
    }

    /// <summary>Whether the seeds resolve the test-accuracy gap between <paramref name="a"/> and <paramref name="b"/> (a − b).</summary>
    /// <param name="r">The experiment's result.</param>
    /// <param name="a">The scheme ahead.</param>
    /// <param name="b">The scheme behind.</param>
    /// <param name="brief">Leave out the advice on how to resolve it.</param>
    internal static string GapResolution(ExperimentResult r, string a, string b, bool brief = false)
    {
        if (PairedGap(r, a, b) is not { } gap)
        {
            return "with one seed this gap is not resolved" + (brief ? string.Empty : " (its seed-to-seed spread is unmeasured): run `--seeds 3` or more for a confidence interval on it");
        }

        bool excludesZero = Math.Sign(gap.Low) == Math.Sign(gap.High) && gap.Low != 0;
        return string.Create(Inv, $"over {gap.Count} paired seeds the gap's 95 % interval is [{Pct.Format(gap.Low)}, {Pct.Format(gap.High)}] points, ") +
            (excludesZero ? "which excludes 0: the gap is resolved at this sample size" : "which includes 0: these seeds do not resolve the gap");
    }

    /// <summary>The paired test-accuracy difference a − b in points with its 95 % interval, or null with fewer than two paired seeds.</summary>
    internal static (int Count, double Low, double High)? PairedGap(ExperimentResult r, string a, string b)
    {
        var paired = r.PairedDifferences.FirstOrDefault(p => p.Metric == "test_accuracy" &&
            ((p.Initialization == a && p.Baseline == b) || (p.Initialization == b && p.Baseline == a)));
        if (paired?.Difference.ConfidenceLow is not { } lo || paired.Difference.ConfidenceHigh is not { } hi)
        {
            return null;
        }

        double sign = paired.Initialization == a ? 1 : -1;
        double x = sign * lo * Percent, y = sign * hi * Percent;
        return (paired.Difference.Count, Math.Min(x, y), Math.Max(x, y));
    }

    /// <summary>Schemes with a test accuracy, highest mean first.</summary>
    internal static List<(string Initialization, SampleSummary Acc)> Ranked(ExperimentResult r) =>
        r.Summaries
            .Select(s => (s.Initialization, Acc: s.Metrics.FirstOrDefault(m => m.Metric == "test_accuracy")?.Summary))
            .Where(x => x.Acc is not null)
            .Select(x => (x.Initialization, Acc: x.Acc!))
            .OrderByDescending(x => x.Acc.Mean)
            .ToList();

    private static double Mean((string Initialization, SampleSummary Acc) x) => x.Acc.Mean * Percent;

    private static string DescribeChance(ReproducedExperiment experiment, List<(string Initialization, SampleSummary Acc)> finals, ReproductionEnvironment environment, bool explainDepth)
    {
        double chanceLevel = environment.TestMajorityShare * Percent;
        var chance = finals.Where(f => Math.Abs(Mean(f) - chanceLevel) < ChanceBand).ToList();
        if (chance.Count == 0)
        {
            return string.Empty;
        }

        var r = experiment.Result;
        bool one = chance.Count == 1;
        long majority = (long)Math.Round(environment.TestMajorityShare * environment.TestCount);
        var sb = new StringBuilder();
        sb.Append(Inv, $"{string.Join(" and ", chance.Select(c => $"{c.Initialization} ({Pct.Format(Mean(c))} %)"))} {(one ? "is" : "are")} within {ChanceBand} points of chance level, {Pct.Format(chanceLevel)} %: ");
        sb.Append(Inv, $"the share of the most frequent class in this test set ({majority} of {environment.TestCount} images), what a network that always answers that class scores. ");
        var losses = chance.Select(c => MeanCurve(r, c.Initialization, e => e.TrainLoss)).Where(c => c.Length > 0).Select(c => c[^1]).ToArray();
        if (losses.Length > 0)
        {
            int classes = r.Settings.Model!.Classes;
            double lnK = Math.Log(classes);
            double dev = losses.Max(l => Math.Abs(l - lnK) / lnK);
            string list = string.Join(", ", losses.Select(l => l.ToString("F4", Inv)));
            sb.Append(Inv, $"{(one ? "Its" : "Their")} final training loss ({list}) ");
            sb.Append(dev <= UniformLossBand
                ? string.Create(Inv, $"is within {dev * Percent:F2} % of ln {classes} = {lnK:F4}, the loss of a uniform guess over {classes} classes: the output learned nothing. ")
                : string.Create(Inv, $"is up to {dev * Percent:F1} % away from ln {classes} = {lnK:F4}, the loss of a uniform guess: the loss moved, the test accuracy did not. "));
        }

        if (chance.Any(c => c.Initialization == "zero"))
        {
            sb.Append("With zero weights every hidden unit of a layer computes the same value and receives the same gradient, so the units stay identical (symmetry). ");
        }

        var stats = ReportWriter.FirstSeedActivations(r);
        foreach (var c in chance.Where(c => explainDepth && c.Initialization != "zero" && stats.ContainsKey(c.Initialization)))
        {
            sb.Append(Inv, $"Before training {c.Initialization}'s activation std {DepthChange(stats[c.Initialization].Select(s => s.Std).ToArray())}. ");
        }

        return sb.ToString();
    }

    /// <summary>The notebook's small-normal model: its first epoch's loss, its depth profile before training, and whether it learned.</summary>
    internal static string DescribeNotebookStart(ReproducedExperiment experiment, string scheme, ReproductionEnvironment environment)
    {
        var r = experiment.Result;
        var run = r.Runs.FirstOrDefault(x => x.Initialization == scheme && x.Seed == r.Settings.Seeds[0] && x.MinibatchLosses.Count > 0);
        if (run is null)
        {
            return string.Empty;
        }

        int classes = r.Settings.Model!.Classes;
        double lnK = Math.Log(classes);
        int steps = (int)Math.Ceiling((double)r.Settings.TrainingCount / r.Settings.Training.BatchSize);
        var firstEpoch = run.MinibatchLosses.Take(steps).ToArray();
        double worst = firstEpoch.Max(l => Math.Abs(l - lnK) / lnK);
        bool flat = worst <= UniformLossBand;
        var sb = new StringBuilder();
        sb.Append(Inv, $"During its first epoch {scheme}'s minibatch loss {(flat ? "stays within" : "moves up to")} {worst * Percent:F2} % {(flat ? "of" : "away from")} ln {classes} = {lnK:F4} (range {firstEpoch.Min():F4}–{firstEpoch.Max():F4}). ");
        if (run.InitialActivations is { Count: > 0 } layers)
        {
            sb.Append(Inv, $"Before training its activation std {DepthChange(layers.Select(l => l.Std).ToArray())}. ");
        }

        double chanceLevel = environment.TestMajorityShare * Percent;
        var acc = r.Summaries.FirstOrDefault(s => s.Initialization == scheme)?.Metrics.FirstOrDefault(m => m.Metric == "test_accuracy")?.Summary;
        if (acc is not null)
        {
            double a = acc.Mean * Percent;
            sb.Append(Math.Abs(a - chanceLevel) < ChanceBand && flat
                ? string.Create(Inv, $"The output therefore barely depends on the input, and after {r.Settings.Training.Epochs} epochs the test accuracy is {Pct.Format(a)} %, at chance level.")
                : string.Create(Inv, $"Still it learns: after {r.Settings.Training.Epochs} epochs its test accuracy is {Pct.Format(a)} %, {Pct.Format(a - chanceLevel)} points from chance level ({Pct.Format(chanceLevel)} %)."));
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>Mean over seeds of a per-epoch series, up to the shortest run.</summary>
    internal static double[] MeanCurve(ExperimentResult r, string init, Func<EpochRecord, double> select)
    {
        var runs = r.Runs.Where(x => x.Initialization == init && x.Epochs.Count > 0).ToList();
        if (runs.Count == 0)
        {
            return [];
        }

        int n = runs.Min(x => x.Epochs.Count);
        return Enumerable.Range(0, n).Select(e => runs.Average(x => select(x.Epochs[e]))).ToArray();
    }

    /// <summary>"784-256×5-10": the layer widths of <paramref name="spec"/>.</summary>
    internal static string Architecture(WeightInit.Models.MlpSpec spec) => spec.Name.Split(' ')[0].Replace('x', '×');

    /// <summary>The std profile of <paramref name="init"/> in the first seed, if measured.</summary>
    internal static double[]? StdProfile(ExperimentResult r, string init) =>
        ReportWriter.FirstSeedActivations(r).TryGetValue(init, out IReadOnlyList<LayerActivationStats>? layers) ? layers.Select(l => l.Std).ToArray() : null;
}
