using System.Globalization;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Experiments.Reporting;
using WeightInit.Probes;
using WeightInit.Statistics;
using WeightInit.Training;

namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// Builds the report of a <see cref="ReproductionResult"/> as one <see cref="ReportDocument"/> (every table of the
/// documents with their printed figures beside ours, and an analysis whose every sentence is computed from the
/// measurements: nothing is hard-coded, a different outcome gives a different text) and renders it as
/// <c>report.md</c> and <c>report.html</c>, so the two never say different things.
/// </summary>
public static class ReportWriter
{
    private static readonly NumberFormat Sig3 = ReportAnalysis.Sig3;
    private static readonly NumberFormat Pct = ReportAnalysis.Pct;
    private const double Percent = ReportAnalysis.Percent;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The report's Markdown (report.md); <paramref name="figures"/> maps figure stems to the PNG files written.</summary>
    public static string Render(ReproductionResult result, IReadOnlyDictionary<string, string>? figures = null) =>
        MarkdownRenderer.Render(Build(result, figures));

    /// <summary>
    /// The report's HTML (report.html): the same document as <see cref="Render"/>, self-contained, with each figure's
    /// SVG from <paramref name="svgs"/> (stem → SVG text) inlined.
    /// </summary>
    public static string RenderHtml(ReproductionResult result, IReadOnlyDictionary<string, string>? figures = null, IReadOnlyDictionary<string, string>? svgs = null) =>
        HtmlRenderer.Render(Build(result, figures), svgs ?? new Dictionary<string, string>());

    /// <summary>The report as a document model, rendered by both writers.</summary>
    internal static ReportDocument Build(ReproductionResult result, IReadOnlyDictionary<string, string>? figures = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        figures ??= new Dictionary<string, string>();
        var md = new ReportDocument();
        var env = result.Environment;
        md.Heading(1, "Weight initialization and training dynamics: the documents, reproduced");
        if (result.IsPartial)
        {
            md.Note("**Partial run.** It was cancelled or a part failed; the tables below hold only what finished.");
        }

        md.Paragraph(string.Create(Inv, $"{(env.Quick ? "**Quick run** (a reduced version for a first look: " + EpochsRun(result) + " epochs on " + env.TrainCount + " training and " + env.TestCount + " test images; the documents' figures need the full run). " : string.Empty)}" +
            $"Data: {env.Dataset} ({env.TrainCount} training, {env.TestCount} test images) from {env.DataSource}. " +
            $"Seeds: {string.Join(", ", env.Seeds)}. Wall time {env.WallSeconds:F1} s with {env.Parallel} run(s) at once × {env.Threads} libtorch thread(s)."));
        md.Paragraph("Every sentence of analysis in this report is computed from this run's numbers, rounded as the tables show them: accuracies and their gaps in percent to 2 decimals, " +
            "stds and per-layer factors to 3 significant figures, per-layer changes in whole percent. Figures that this run did not measure are attributed where they appear: " +
            "*doc* rows and \"the documents\" are the study's printed results and claims, \"the PyTorch peer\" is a separate PyTorch run (seed 42), and papers are cited by author and year.");
        Q51(md, result);
        Q52(md, result, "q53-tanh-unit", "Tanh", figures);
        Q52(md, result, "q54-relu-unit", "ReLU", figures);
        Training(md, result, "q53-tanh-unit", "Q5.3", "Tanh", figures);
        Training(md, result, "q54-relu-unit", "Q5.4", "ReLU", figures);
        Scaling(md, result);
        Notebook(md, result, figures);
        Recommendation(md, result);
        Settings(md, result);
        return md;
    }

    private static void Q51(ReportDocument md, ReproductionResult result)
    {
        var (fanIn, fanOut) = ReproducePlan.Q51Shape;
        md.Heading(2, string.Create(Inv, $"Q5.1 `initialize_weights(({fanIn}, {fanOut}), method)`"));
        var table = new MarkdownTable(
            new MarkdownColumn("method"), new MarkdownColumn("mean", ColumnAlignment.Right, Sig3),
            new MarkdownColumn("std", ColumnAlignment.Right, Sig3), new MarkdownColumn("formula std", ColumnAlignment.Right, Sig3),
            new MarkdownColumn("std / formula", ColumnAlignment.Right, NumberFormat.FixedDecimals(4)));
        foreach (var s in result.InitializationSamples)
        {
            table.AddRow(s.Method, s.Mean, s.Std, s.ExpectedStd, s.ExpectedStd == 0 ? double.NaN : s.Std / s.ExpectedStd);
        }

        md.Table(table);
        md.Paragraph("The documents define, for a shape `(fan_in, fan_out)`: `small_random` is `randn · 0.01` (std 0.01), `xavier` N(0, 2/(fan_in+fan_out)), `he` N(0, 2/fan_in). " +
            ReportAnalysis.DescribeSampling(result.InitializationSamples, fanIn, fanOut));
    }

    private static void Q52(ReportDocument md, ReproductionResult result, string id, string activation, IReadOnlyDictionary<string, string> figures)
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
        md.Heading(2, string.Create(Inv, $"{section} {activation} activation statistics before training"));
        var settings = experiment.Result.Settings;
        md.Paragraph(string.Create(Inv, $"One batch of {settings.Probes.ActivationBatchSize} training images, the untrained {ReportAnalysis.Architecture(settings.Model!)} {activation} network, seed {settings.Seeds[0]}. ") +
            "Std is over all batch × unit values of a layer. *doc* rows: the document's printed numbers (unknown seed and batch, Tanh only). *theory*: the mean-field prediction (Poole et al. 2016) from the same initial weights.");
        int layers = stats.Values.First().Count;
        var columns = new List<MarkdownColumn> { new("init"), new("stat") };
        columns.AddRange(Enumerable.Range(1, layers).Select(l => new MarkdownColumn($"L{l}", ColumnAlignment.Right, Sig3)));
        var table = new MarkdownTable([.. columns]);
        foreach (var (init, layerStats) in stats)
        {
            table.AddRow([init, "mean", .. layerStats.Select(s => (object)s.Mean)]);
            if (activation == "Tanh" && DocumentReference.Q52TanhMean.TryGetValue(init, out var docMean) && docMean.Length == layers)
            {
                table.AddRow([$"*doc* {init}", "mean", .. docMean.Select(v => (object)v)]);
            }

            table.AddRow([init, "std", .. layerStats.Select(s => (object)s.Std)]);
            if (activation == "Tanh" && DocumentReference.Q52TanhStd.TryGetValue(init, out var docStd) && docStd.Length == layers)
            {
                table.AddRow([$"*doc* {init}", "std", .. docStd.Select(v => (object)v)]);
            }

            var theory = experiment.MeanField.FirstOrDefault(m => m.Initialization == init);
            if (theory is not null && theory.ActivationStd.Count == layers)
            {
                table.AddRow([$"*theory* {init}", "std", .. theory.ActivationStd.Select(v => (object)v)]);
            }
        }

        md.Table(table);
        md.Figure(figures, activation == "Tanh" ? "q5_2_activation_stats_tanh" : "q5_4_activation_stats_relu", $"{activation} activation mean and std vs layer depth");
        if (activation == "Tanh")
        {
            md.Figure(figures, "sample_images", "The statistics batch (first 32 images)");
        }

        md.Paragraph("What the numbers say:");
        md.List(stats.Select(s => ReportAnalysis.DescribeDepthTrend(s.Key, s.Value.Select(l => l.Std).ToArray(), activation)));
    }

    private static void Training(ReportDocument md, ReproductionResult result, string id, string section, string activation, IReadOnlyDictionary<string, string> figures)
    {
        var experiment = result.Find(id);
        if (experiment is null)
        {
            return;
        }

        var r = experiment.Result;
        md.Heading(2, string.Create(Inv, $"{section} {activation} training ({r.Settings.Training.Epochs} epochs, {OptimizerText(r.Settings.Training)}, batch {r.Settings.Training.BatchSize}, {ReproductionWriter.Describe(experiment.Scaling)})"));
        md.Table(AccuracyTable(experiment, section));
        md.Paragraph("Mean training loss per epoch (mean over seeds):");
        md.Table(LossTable(r, section == "Q5.3" ? DocumentReference.Q53Loss : null));
        if (section == "Q5.3" && result.Exact is { } exact)
        {
            md.Paragraph(exact.Sentence());
        }

        md.Figure(figures, $"{section.Replace('.', '_').ToLowerInvariant()}_training_loss_{activation.ToLowerInvariant()}", $"{activation} training loss per epoch");
        md.Paragraph(ReportAnalysis.DescribeTraining(experiment, result.Environment));
    }

    private static MarkdownTable AccuracyTable(ReproducedExperiment experiment, string section)
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
                acc?.ConfidenceLow is { } lo && acc.ConfidenceHigh is { } hi ? $"[{Pct.Format(lo * Percent)}, {Pct.Format(hi * Percent)}]" : $"n/a ({acc?.Count ?? 0} seed{(acc?.Count == 1 ? string.Empty : "s")})",
                doc is not null && doc.TryGetValue(s.Initialization, out double d) ? d : "—",
                peer is not null && peer.TryGetValue(s.Initialization, out double p) ? p : "—",
                $"{s.Completed}/{s.Runs}{(s.Diverged > 0 ? $" ({s.Diverged} diverged)" : string.Empty)}");
        }

        return table;
    }

    private static MarkdownTable LossTable(ExperimentResult r, IReadOnlyDictionary<string, double[]>? document)
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

        return table;
    }

    private static void Scaling(ReportDocument md, ReproductionResult result)
    {
        md.Heading(2, "Input scaling: what the documents' numbers were computed with");
        md.Paragraph("The documents' code shows `ToTensor()` (pixels in [0, 1]) in Q5.2, `ToTensor()` then `× 255` in Q5.3 and `x·0.5 + 0.5` in Q5.4, " +
            "but their printed accuracies and losses come from [0, 1] inputs, by the PyTorch peer's account (a separate run with seed 42, not this one): " +
            PeerAgreement() + " and all 40 printed Q5.3 epoch losses to 4 decimals (the peer's RESULTS.md). " +
            "The tables above therefore use [0, 1].");
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

        md.Table(table);
    }

    private static void Notebook(ReportDocument md, ReproductionResult result, IReadOnlyDictionary<string, string> figures)
    {
        var experiment = result.Find("notebook-relu-unit");
        if (experiment is null)
        {
            return;
        }

        var r = experiment.Result;
        var model = r.Settings.Model!;
        md.Heading(2, string.Create(Inv, $"Notebook: {string.Join(" vs ", r.Settings.Initializations.Select(i => i.Name))}, {ReportAnalysis.Architecture(model)} {model.Activation.Kind} ({r.Settings.Training.Epochs} epochs, {r.Settings.ValidationCount} validation images)"));
        var (low, high) = DocumentReference.NotebookUntrainedAccuracy;
        md.Paragraph(string.Create(Inv, $"The notebook builds model B's optimizer over *model A's* parameters (`SGD(model.parameters())`), so B is never updated, and its printed curves (the notebook's plot spans {low}–{high} %) are an untrained network's. ") +
            "Here B is trained correctly, with its own parameters; whether it still fails is measured, not assumed.");
        md.Table(AccuracyTable(experiment, "Notebook"));
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

        md.Table(epochs);
        md.Figure(figures, "notebook_minibatch_loss", "Minibatch loss with running average");
        md.Figure(figures, "notebook_accuracy", "Train and validation accuracy per epoch");
        md.Figure(figures, "notebook_weight_histograms_kaiming_uniform", "Weight histograms before/after training, Kaiming-uniform");
        md.Figure(figures, "notebook_weight_histograms_normal_0.001", "Weight histograms before/after training, N(0, 0.001)");
        md.Paragraph(ReportAnalysis.DescribeTraining(experiment, result.Environment, explainDepth: false));
        md.Paragraph(ReportAnalysis.DescribeNotebookStart(experiment, ReproducePlan.SmallNormal.Name, result.Environment));
    }

    private static void Recommendation(ReportDocument md, ReproductionResult result)
    {
        md.Heading(2, "Recommendation (computed from the runs above)");
        ReportRecommendation.Render(md, result);
    }

    private static void Settings(ReportDocument md, ReproductionResult result)
    {
        var env = result.Environment;
        md.Heading(2, "How this was run");
        md.List(
        [
            string.Create(Inv, $"WeightInit {env.WeightInitVersion}, TorchSharp {env.TorchSharpVersion}, {env.Runtime}, {env.Machine}."),
            string.Create(Inv, $"Matrix kernels: {env.Mkl?.Describe() ?? "not recorded"}. Other kernels round differently, so runs on other machines or paths agree only to the last digits."),
            string.Create(Inv, $"Started {env.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC; wall time {env.WallSeconds:F1} s; {env.Parallel} run(s) at once, {env.Threads} libtorch thread(s) each."),
            string.Create(Inv, $"Inputs: pixels / 255 in [0, 1] unless a section says otherwise; features flattened to {result.Experiments.FirstOrDefault()?.Result.Settings.Model!.InputSize.ToString(Inv) ?? "a vector"}."),
            string.Create(Inv, $"Randomness: every draw comes from generators derived from (seed, purpose): {result.Experiments.FirstOrDefault()?.Result.Settings.SeedDerivation ?? "see results.json"}."),
            "Train accuracy is measured during each epoch as the weights change; validation and test accuracy after it.",
            "Every number this run measured is in `results.json`; per-epoch and per-minibatch series are in the CSV files.",
        ]);
    }

    private static SampleSummary? Metric(InitializationSummary summary, string metric) =>
        summary.Metrics.FirstOrDefault(m => m.Metric == metric)?.Summary;

    private static double[] MeanCurve(ExperimentResult r, string init, Func<EpochRecord, double> select) => ReportAnalysis.MeanCurve(r, init, select);

    /// <summary>"10" or "10–15": the epochs the experiments of this run trained for.</summary>
    private static string EpochsRun(ReproductionResult result)
    {
        var epochs = result.Experiments.Select(e => e.Result.Settings.Training.Epochs).Distinct().Order().ToList();
        return epochs.Count == 0 ? "0" : epochs.Count == 1 ? epochs[0].ToString(Inv) : $"{epochs[0]}–{epochs[^1]}";
    }

    private static string OptimizerText(TrainingOptions training) => training.EffectiveOptimizer switch
    {
        SgdSpec { Momentum: 0, WeightDecay: 0 } sgd => string.Create(Inv, $"SGD lr {sgd.LearningRate}"),
        var other => other.Name,
    };

    /// <summary>How many of the documents' printed Q5.3 accuracies the PyTorch peer matches exactly (both are reference tables).</summary>
    private static string PeerAgreement()
    {
        var printed = DocumentReference.DocumentAccuracy["Q5.3"];
        var peer = DocumentReference.PeerAccuracy["q53-tanh-unit"];
        int same = printed.Count(p => peer.TryGetValue(p.Key, out double v) && v == p.Value);
        return string.Create(Inv, $"with [0, 1] inputs the peer matches {same} of the {printed.Count} printed Q5.3 test accuracies exactly");
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
}
