using System.Globalization;
using System.Text;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Experiments.Reporting;
using WeightInit.Probes;
using WeightInit.Statistics;
using WeightInit.Training;

namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// Renders <c>report.md</c> from a <see cref="ReproductionResult"/>: every table of the documents with their printed
/// figures beside ours, and an analysis whose every sentence is computed from the measurements (nothing is
/// hard-coded: a different outcome gives a different text).
/// </summary>
public static class ReportWriter
{
    private static readonly NumberFormat Sig3 = NumberFormat.SignificantFigures(3);
    private static readonly NumberFormat Pct = NumberFormat.FixedDecimals(2);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The report's Markdown.</summary>
    public static string Render(ReproductionResult result, IReadOnlyDictionary<string, string>? figures = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        figures ??= new Dictionary<string, string>();
        var md = new StringBuilder();
        var env = result.Environment;
        md.AppendLine("# Weight initialization and training dynamics: the documents, reproduced").AppendLine();
        if (result.IsPartial)
        {
            md.AppendLine("> **Partial run.** It was cancelled or a part failed; the tables below hold only what finished.").AppendLine();
        }

        md.AppendLine(Inv, $"{(env.Quick ? "**Quick run** (a reduced version for a first look: " + ReproducePlan.QuickEpochs + " epochs on " + env.TrainCount + " training and " + env.TestCount + " test images; the documents' figures need the full run). " : string.Empty)}" +
            $"Data: {env.Dataset} ({env.TrainCount} training, {env.TestCount} test images) from {env.DataSource}. " +
            $"Seeds: {string.Join(", ", env.Seeds)}. Wall time {env.WallSeconds:F1} s with {env.Parallel} run(s) at once × {env.Threads} libtorch thread(s).").AppendLine();
        Q51(md, result);
        Q52(md, result, "q53-tanh-unit", "Tanh", figures);
        Q52(md, result, "q54-relu-unit", "ReLU", figures);
        Training(md, result, "q53-tanh-unit", "Q5.3", "Tanh", figures);
        Training(md, result, "q54-relu-unit", "Q5.4", "ReLU", figures);
        Scaling(md, result);
        Notebook(md, result, figures);
        Recommendation(md, result);
        Settings(md, result);
        return md.ToString();
    }

    private static void Q51(StringBuilder md, ReproductionResult result)
    {
        md.AppendLine("## Q5.1 `initialize_weights((784, 256), method)`").AppendLine();
        var table = new MarkdownTable(
            new MarkdownColumn("method"), new MarkdownColumn("mean", ColumnAlignment.Right, Sig3),
            new MarkdownColumn("std", ColumnAlignment.Right, Sig3), new MarkdownColumn("formula std", ColumnAlignment.Right, Sig3),
            new MarkdownColumn("std / formula", ColumnAlignment.Right, NumberFormat.FixedDecimals(4)));
        foreach (var s in result.InitializationSamples)
        {
            table.AddRow(s.Method, s.Mean, s.Std, s.ExpectedStd, s.ExpectedStd == 0 ? double.NaN : s.Std / s.ExpectedStd);
        }

        md.AppendLine(table.ToString());
        md.AppendLine("The shape is `(fan_in, fan_out)`; `small_random` is `randn · 0.01` (std 0.01), `xavier` N(0, 2/(fan_in+fan_out)), `he` N(0, 2/fan_in). " +
            "With 200 704 draws the sample std lies within about 0.3 % of the formula (its relative standard error is 1/√(2n) ≈ 0.16 %).").AppendLine();
    }

    private static void Q52(StringBuilder md, ReproductionResult result, string id, string activation, IReadOnlyDictionary<string, string> figures)
    {
        var experiment = result.Find(id);
        if (experiment is null)
        {
            return;
        }

        var stats = FirstSeedActivations(experiment.Result);
        if (stats.Count == 0)
        {
            return;
        }

        string section = activation == "Tanh" ? "Q5.2" : "Q5.4 (statistics)";
        md.AppendLine(Inv, $"## {section} {activation} activation statistics before training").AppendLine();
        md.AppendLine(string.Create(Inv, $"One batch of {ReproducePlan.StatisticsBatch} training images, the untrained 784-256×5-10 {activation} network, seed {experiment.Result.Settings.Seeds[0]}. ") +
            "Std is over all batch × unit values of a layer. *doc* rows: the document's printed numbers (unknown seed and batch, Tanh only). *theory*: the mean-field prediction (Poole et al. 2016) from the same initial weights.").AppendLine();
        int layers = stats.Values.First().Count;
        var columns = new List<MarkdownColumn> { new("init"), new("stat") };
        columns.AddRange(Enumerable.Range(1, layers).Select(l => new MarkdownColumn($"L{l}", ColumnAlignment.Right, Sig3)));
        var table = new MarkdownTable([.. columns]);
        foreach (var (init, layerStats) in stats)
        {
            table.AddRow([init, "mean", .. layerStats.Select(s => (object)s.Mean)]);
            if (activation == "Tanh" && DocumentReference.Q52TanhMean.TryGetValue(init, out var docMean))
            {
                table.AddRow([$"*doc* {init}", "mean", .. docMean.Select(v => (object)v)]);
            }

            table.AddRow([init, "std", .. layerStats.Select(s => (object)s.Std)]);
            if (activation == "Tanh" && DocumentReference.Q52TanhStd.TryGetValue(init, out var docStd))
            {
                table.AddRow([$"*doc* {init}", "std", .. docStd.Select(v => (object)v)]);
            }

            var theory = experiment.MeanField.FirstOrDefault(m => m.Initialization == init);
            if (theory is not null)
            {
                table.AddRow([$"*theory* {init}", "std", .. theory.ActivationStd.Select(v => (object)v)]);
            }
        }

        md.AppendLine(table.ToString());
        md.AppendLine(Figure(figures, activation == "Tanh" ? "q5_2_activation_stats_tanh" : "q5_4_activation_stats_relu", $"{activation} activation mean and std vs layer depth"));
        if (activation == "Tanh")
        {
            md.AppendLine(Figure(figures, "sample_images", "The statistics batch (first 32 images)"));
        }

        md.AppendLine("What the numbers say:").AppendLine();
        foreach (var (init, layerStats) in stats)
        {
            md.AppendLine("- " + DescribeDepthTrend(init, layerStats.Select(s => s.Std).ToArray(), activation));
        }

        md.AppendLine();
    }

    /// <summary>A sentence on how a std profile changes with depth, computed from the values.</summary>
    internal static string DescribeDepthTrend(string init, IReadOnlyList<double> std, string activation)
    {
        double first = std[0], last = std[^1];
        if (std.All(s => s == 0))
        {
            return $"**{init}**: every {activation} activation is exactly 0 in all {std.Count} layers — every unit computes the same thing (symmetry), and nothing flows forward.";
        }

        double perLayer = Math.Pow(last / first, 1.0 / (std.Count - 1));
        string trend = perLayer < 0.5
            ? $"shrinks by a factor {1 / perLayer:F1} per layer ({Sig3.Format(first)} → {Sig3.Format(last)}, {Math.Log10(first / last):F1} decades): the signal vanishes with depth"
            : perLayer > 1.05
                ? $"grows by {(perLayer - 1) * 100:F0} % per layer ({Sig3.Format(first)} → {Sig3.Format(last)})"
                : perLayer < 0.95
                    ? $"decays gently, {(1 - perLayer) * 100:F0} % per layer ({Sig3.Format(first)} → {Sig3.Format(last)}), staying within a factor {Math.Max(first, last) / Math.Min(first, last):F1} across the {std.Count} layers"
                    : $"stays nearly constant ({Sig3.Format(first)} → {Sig3.Format(last)}, within a factor {Math.Max(first, last) / Math.Min(first, last):F2})";
        return $"**{init}**: the activation std {trend}.";
    }

    private static void Training(StringBuilder md, ReproductionResult result, string id, string section, string activation, IReadOnlyDictionary<string, string> figures)
    {
        var experiment = result.Find(id);
        if (experiment is null)
        {
            return;
        }

        var r = experiment.Result;
        md.AppendLine(Inv, $"## {section} {activation} training ({r.Settings.Training.Epochs} epochs, SGD lr {ReproducePlan.LearningRate}, batch {ReproducePlan.BatchSize}, inputs in [0, 1])").AppendLine();
        md.AppendLine(AccuracyTable(experiment, section));
        md.AppendLine("Mean training loss per epoch (mean over seeds):").AppendLine();
        md.AppendLine(LossTable(r, section == "Q5.3" ? DocumentReference.Q53Loss : null));
        md.AppendLine(Figure(figures, $"{section.Replace('.', '_').ToLowerInvariant()}_training_loss_{activation.ToLowerInvariant()}", $"{activation} training loss per epoch"));
        md.AppendLine(DescribeTraining(experiment, result.Environment.TestMajorityShare)).AppendLine();
    }

    private static string AccuracyTable(ReproducedExperiment experiment, string section)
    {
        var table = new MarkdownTable(
            new MarkdownColumn("init"), new MarkdownColumn("test accuracy % (ours)", ColumnAlignment.Right),
            new MarkdownColumn("95 % CI", ColumnAlignment.Right), new MarkdownColumn("documents %", ColumnAlignment.Right, Pct),
            new MarkdownColumn("PyTorch peer %", ColumnAlignment.Right, Pct), new MarkdownColumn("runs", ColumnAlignment.Right));
        DocumentReference.DocumentAccuracy.TryGetValue(section, out var doc);
        DocumentReference.PeerAccuracy.TryGetValue(experiment.Id, out var peer);
        foreach (var s in experiment.Result.Summaries)
        {
            var acc = Metric(s, "test_accuracy");
            table.AddRow(
                s.Initialization,
                acc is null ? "—" : Pct.Format(acc.Mean * Percent),
                acc?.ConfidenceLow is { } lo && acc.ConfidenceHigh is { } hi ? $"[{Pct.Format(lo * Percent)}, {Pct.Format(hi * Percent)}]" : "n/a (1 seed)",
                doc is not null && doc.TryGetValue(s.Initialization, out double d) ? d : "—",
                peer is not null && peer.TryGetValue(s.Initialization, out double p) ? p : "—",
                $"{s.Completed}/{s.Runs}{(s.Diverged > 0 ? $" ({s.Diverged} diverged)" : string.Empty)}");
        }

        return table.ToString();
    }

    private static string LossTable(ExperimentResult r, IReadOnlyDictionary<string, double[]>? document)
    {
        var inits = r.Summaries.Select(s => s.Initialization).ToList();
        var columns = new List<MarkdownColumn> { new("epoch", ColumnAlignment.Right) };
        columns.AddRange(inits.Select(i => new MarkdownColumn(i, ColumnAlignment.Right, NumberFormat.FixedDecimals(4))));
        if (document is not null)
        {
            columns.AddRange(inits.Where(document.ContainsKey).Select(i => new MarkdownColumn($"*doc* {i}", ColumnAlignment.Right, NumberFormat.FixedDecimals(4))));
        }

        var table = new MarkdownTable([.. columns]);
        var curves = inits.ToDictionary(i => i, i => MeanCurve(r, i, e => e.TrainLoss));
        int epochs = curves.Values.Max(c => c.Length);
        for (int e = 0; e < epochs; e++)
        {
            var row = new List<object> { e + 1 };
            row.AddRange(inits.Select(i => e < curves[i].Length ? curves[i][e] : (object)"—"));
            if (document is not null)
            {
                row.AddRange(inits.Where(document.ContainsKey).Select(i => e < document[i].Length ? document[i][e] : (object)"—"));
            }

            table.AddRow([.. row]);
        }

        return table.ToString();
    }

    /// <summary>The analysis of one training experiment: winners, margins and the chance-level runs, from the data.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="majorityShare">The share (fraction) of the most frequent class in the test set: what always answering that class scores.</param>
    internal static string DescribeTraining(ReproducedExperiment experiment, double majorityShare)
    {
        double chanceLevel = majorityShare * Percent;
        var r = experiment.Result;
        var finals = r.Summaries
            .Select(s => (s.Initialization, Acc: Metric(s, "test_accuracy")))
            .Where(x => x.Acc is not null)
            .Select(x => (x.Initialization, Acc: x.Acc!.Mean * Percent))
            .OrderByDescending(x => x.Acc)
            .ToList();
        if (finals.Count == 0)
        {
            return "No run finished, so there is nothing to compare.";
        }

        var sb = new StringBuilder();
        var best = finals[0];
        sb.Append(Inv, $"**{best.Initialization}** reaches the highest test accuracy, {best.Acc:F2} %");
        if (finals.Count > 1)
        {
            var second = finals[1];
            sb.Append(Inv, $", {best.Acc - second.Acc:F2} points above {second.Initialization} ({second.Acc:F2} %)");
            var paired = r.PairedDifferences.FirstOrDefault(p => p.Metric == "test_accuracy" &&
                ((p.Initialization == best.Initialization && p.Baseline == second.Initialization) || (p.Initialization == second.Initialization && p.Baseline == best.Initialization)));
            if (paired?.Difference.ConfidenceLow is { } lo && paired.Difference.ConfidenceHigh is { } hi)
            {
                double sign = paired.Initialization == best.Initialization ? 1 : -1;
                double a = sign * lo * Percent, b = sign * hi * Percent;
                bool significant = Math.Sign(a) == Math.Sign(b);
                sb.Append(Inv, $"; over {paired.Difference.Count} paired seeds the difference's 95 % interval is [{Math.Min(a, b):F2}, {Math.Max(a, b):F2}] points, {(significant ? "so the gap is real at this sample size" : "which includes 0: with these seeds the two are not distinguishable")}");
            }
            else
            {
                sb.Append(" (one seed: run `--seeds 3` or more for a confidence interval on the gap)");
            }
        }

        sb.Append(". ");
        var chance = finals.Where(f => Math.Abs(f.Acc - chanceLevel) < 0.5).ToList();
        if (chance.Count > 0)
        {
            sb.Append(Inv, $"{string.Join(" and ", chance.Select(c => $"{c.Initialization} ({c.Acc:F2} %)"))} stay{(chance.Count == 1 ? "s" : string.Empty)} at chance level: ");
            sb.Append(Inv, $"{chanceLevel:F2} % is the share of the most frequent class in this test set (the digit 1 in MNIST's: 1135 of 10 000), what a network that always answers it scores. ");
            var flat = chance.Select(c => (c.Initialization, Curve: MeanCurve(r, c.Initialization, e => e.TrainLoss))).Where(c => c.Curve.Length > 0).ToList();
            if (flat.Count > 0)
            {
                sb.Append(Inv, $"Their training loss stays at {string.Join(", ", flat.Select(f => f.Curve[^1].ToString("F4", Inv)))} ≈ ln 10 = {Math.Log(10):F4}: the gradient reaching the hidden layers is too small (or, for zero init, identical for every unit) to learn anything.");
            }
        }

        return sb.ToString();
    }

    private static void Scaling(StringBuilder md, ReproductionResult result)
    {
        md.AppendLine("## Input scaling: what the documents' numbers were computed with").AppendLine();
        md.AppendLine("The documents' code shows `ToTensor()` (pixels in [0, 1]) in Q5.2, `ToTensor()` then `× 255` in Q5.3 and `x·0.5 + 0.5` in Q5.4, " +
            "but their printed accuracies and losses come from [0, 1] inputs: the PyTorch peer reproduces all 40 Q5.3 epoch losses to 4 decimals and the four accuracies exactly with [0, 1] inputs and seed 42. " +
            "The tables above therefore use [0, 1].").AppendLine();
        var x255 = result.Find("q53-tanh-x255");
        var half = result.Find("q54-relu-half");
        var table = new MarkdownTable(
            new MarkdownColumn("experiment"), new MarkdownColumn("init"),
            new MarkdownColumn("[0, 1] test % (ours)", ColumnAlignment.Right), new MarkdownColumn("literal code test %", ColumnAlignment.Right),
            new MarkdownColumn("literal, source", ColumnAlignment.Left));
        foreach (var (unitId, literalId, literal, label) in new[] { ("q53-tanh-unit", "q53-tanh-x255", x255, "Q5.3 × 255"), ("q54-relu-unit", "q54-relu-half", half, "Q5.4 x·0.5+0.5") })
        {
            var unit = result.Find(unitId);
            if (unit is null)
            {
                continue;
            }

            foreach (var s in unit.Result.Summaries)
            {
                double? ours = Metric(s, "test_accuracy") is { } a ? a.Mean * Percent : null;
                double? lit = literal?.Result.Summaries.FirstOrDefault(x => x.Initialization == s.Initialization) is { } ls && Metric(ls, "test_accuracy") is { } la ? la.Mean * Percent : null;
                string source = lit is not null ? "measured here" : "PyTorch peer (run `--scaling all` to measure)";
                lit ??= DocumentReference.PeerAccuracy[literalId].TryGetValue(s.Initialization, out double p) ? p : null;
                table.AddRow(label, s.Initialization, ours is null ? "—" : Pct.Format(ours.Value), lit is null ? "—" : Pct.Format(lit.Value), source);
            }
        }

        md.AppendLine(table.ToString());
    }

    private static void Notebook(StringBuilder md, ReproductionResult result, IReadOnlyDictionary<string, string> figures)
    {
        var experiment = result.Find("notebook-relu-unit");
        if (experiment is null)
        {
            return;
        }

        var r = experiment.Result;
        md.AppendLine(Inv, $"## Notebook: Kaiming-uniform vs N(0, 0.001), 784-512-256-128-64-10 ReLU ({r.Settings.Training.Epochs} epochs, {r.Settings.ValidationCount} validation images)").AppendLine();
        md.AppendLine("The notebook builds model B's optimizer over *model A's* parameters (`SGD(model.parameters())`), so B is never updated and its ~10.5 % curves are an untrained network. " +
            "Here B is trained correctly, with its own parameters; whether it still fails is measured, not assumed.").AppendLine();
        md.AppendLine(AccuracyTable(experiment, "Notebook"));
        var epochs = new MarkdownTable(
            new MarkdownColumn("init"), new MarkdownColumn("epoch", ColumnAlignment.Right), new MarkdownColumn("train loss", ColumnAlignment.Right, NumberFormat.FixedDecimals(4)),
            new MarkdownColumn("train acc % (during epoch)", ColumnAlignment.Right, Pct), new MarkdownColumn("validation acc %", ColumnAlignment.Right, Pct));
        foreach (var run in r.Runs.Where(x => x.Seed == r.Settings.Seeds[0]))
        {
            foreach (var e in run.Epochs)
            {
                epochs.AddRow(run.Initialization, e.Epoch, e.TrainLoss, e.TrainAccuracy * Percent, e.ValidationAccuracy * Percent);
            }
        }

        md.AppendLine(epochs.ToString());
        md.AppendLine(Figure(figures, "notebook_minibatch_loss", "Minibatch loss with running average"));
        md.AppendLine(Figure(figures, "notebook_accuracy", "Train and validation accuracy per epoch"));
        md.AppendLine(Figure(figures, "notebook_weight_histograms_kaiming_uniform", "Weight histograms before/after training, Kaiming-uniform"));
        md.AppendLine(Figure(figures, "notebook_weight_histograms_normal_0.001", "Weight histograms before/after training, N(0, 0.001)"));
        md.AppendLine(DescribeTraining(experiment, result.Environment.TestMajorityShare));
        var small = r.Runs.FirstOrDefault(x => x.Initialization == ReproducePlan.SmallNormal.Name && x.MinibatchLosses.Count > 0);
        if (small is not null && r.Settings.Training is var t)
        {
            int steps = (int)Math.Ceiling((double)(r.Settings.TrainingCount) / t.BatchSize);
            var firstEpoch = small.MinibatchLosses.Take(steps).ToArray();
            double worst = firstEpoch.Max(l => Math.Abs(l - Math.Log(10)) / Math.Log(10));
            md.AppendLine().AppendLine(Inv, $"During its first epoch N(0, 0.001)'s minibatch loss never leaves ln 10 by more than {worst * 100:F2} % " +
                $"(range {firstEpoch.Min():F4}–{firstEpoch.Max():F4}): with weights of std 0.001 the activations shrink by about three orders of magnitude per layer, so the output is constant and the gradient reaching the first layers vanishes.");
        }

        md.AppendLine();
    }

    private static void Recommendation(StringBuilder md, ReproductionResult result)
    {
        int epochs = result.Find("q53-tanh-unit")?.Result.Settings.Training.Epochs ?? 0;
        var agreement = new List<string>();
        md.AppendLine("## Recommendation (computed from the runs above)").AppendLine();
        var table = new MarkdownTable(
            new MarkdownColumn("activation"), new MarkdownColumn("best initializer"), new MarkdownColumn("test accuracy %", ColumnAlignment.Right, Pct),
            new MarkdownColumn("runner-up", ColumnAlignment.Left), new MarkdownColumn("margin (points)", ColumnAlignment.Right, Pct),
            new MarkdownColumn("depth profile of the best (Q5.2 std L1 → L5)", ColumnAlignment.Left));
        foreach (var (id, activation) in new[] { ("q53-tanh-unit", "tanh"), ("q54-relu-unit", "relu") })
        {
            var experiment = result.Find(id);
            if (experiment is null)
            {
                continue;
            }

            var ranked = experiment.Result.Summaries
                .Select(s => (s.Initialization, Acc: Metric(s, "test_accuracy") is { } a ? a.Mean * Percent : double.NaN))
                .Where(x => !double.IsNaN(x.Acc)).OrderByDescending(x => x.Acc).ToList();
            if (ranked.Count < 2)
            {
                continue;
            }

            var stats = FirstSeedActivations(experiment.Result);
            string profile = stats.TryGetValue(ranked[0].Initialization, out var layers)
                ? $"{Sig3.Format(layers[0].Std)} → {Sig3.Format(layers[^1].Std)}"
                : "—";
            table.AddRow(activation, ranked[0].Initialization, ranked[0].Acc, $"{ranked[1].Initialization} ({Pct.Format(ranked[1].Acc)} %)", ranked[0].Acc - ranked[1].Acc, profile);
            string documents = activation == "tanh" ? "xavier" : "he";
            var recommended = ranked.FirstOrDefault(r => r.Initialization == documents);
            if (recommended.Initialization is null)
            {
                continue;
            }

            agreement.Add(ranked[0].Initialization == documents
                ? $"For {activation} the measurements agree with the documents' recommendation ({documents})."
                : string.Create(Inv, $"For {activation} the documents recommend {documents}, but here {ranked[0].Initialization} ends {ranked[0].Acc - recommended.Acc:F2} points ahead of it after {epochs} epochs."));
        }

        md.AppendLine(table.ToString());
        md.AppendLine(string.Join(" ", agreement)).AppendLine();
        md.AppendLine("The documents recommend Xavier for Tanh and He for ReLU on the grounds of the activation statistics (Glorot & Bengio 2010; He et al. 2015): " +
            "Xavier keeps a Tanh network's activation std nearly constant while He makes it grow, and He keeps a ReLU network's std constant while Xavier halves the variance per layer. " +
            string.Create(Inv, $"Final accuracy after {epochs} epochs of this 6-layer network is what the table ranks by; the margins and, with several seeds, the confidence intervals above say whether the ranking is more than noise.")).AppendLine();
    }

    private static void Settings(StringBuilder md, ReproductionResult result)
    {
        var env = result.Environment;
        md.AppendLine("## How this was run").AppendLine();
        md.AppendLine(Inv, $"- WeightInit {env.WeightInitVersion}, TorchSharp {env.TorchSharpVersion}, {env.Runtime}, {env.Machine}.");
        md.AppendLine(Inv, $"- Matrix kernels: {env.Mkl?.Describe() ?? "not recorded"}. Other kernels round differently, so runs on other machines or paths agree only to the last digits.");
        md.AppendLine(Inv, $"- Started {env.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC; wall time {env.WallSeconds:F1} s; {env.Parallel} run(s) at once, {env.Threads} libtorch thread(s) each.");
        md.AppendLine(Inv, $"- Inputs: pixels / 255 in [0, 1] unless a section says otherwise; features flattened to 784.");
        md.AppendLine(Inv, $"- Randomness: every draw comes from generators derived from (seed, purpose): {result.Experiments.FirstOrDefault()?.Result.Settings.SeedDerivation ?? "see results.json"}.");
        md.AppendLine("- Train accuracy is measured during each epoch as the weights change; validation and test accuracy after it.");
        md.AppendLine("- Every number above is in `results.json`; per-epoch and per-minibatch series are in the CSV files.");
    }

    private static SampleSummary? Metric(InitializationSummary summary, string metric) =>
        summary.Metrics.FirstOrDefault(m => m.Metric == metric)?.Summary;

    /// <summary>Accuracies are stored as fractions; the report shows percent.</summary>
    private const double Percent = 100;

    private static double[] MeanCurve(ExperimentResult r, string init, Func<EpochRecord, double> select)
    {
        var runs = r.Runs.Where(x => x.Initialization == init && x.Epochs.Count > 0).ToList();
        if (runs.Count == 0)
        {
            return [];
        }

        int n = runs.Min(x => x.Epochs.Count);
        return Enumerable.Range(0, n).Select(e => runs.Average(x => select(x.Epochs[e]))).ToArray();
    }

    /// <summary>The first seed's initial activation statistics per initialization, in scheme order.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<LayerActivationStats>> FirstSeedActivations(ExperimentResult r)
    {
        long seed = r.Settings.Seeds[0];
        var result = new Dictionary<string, IReadOnlyList<LayerActivationStats>>();
        foreach (var run in r.Runs.Where(x => x.Seed == seed && x.InitialActivations is not null))
        {
            result[run.Initialization] = run.InitialActivations!;
        }

        return result;
    }

    private static string Figure(IReadOnlyDictionary<string, string> figures, string stem, string caption) =>
        figures.TryGetValue(stem, out string? file) ? $"![{caption}]({file})\n" : string.Empty;
}
