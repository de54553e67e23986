using System.Text.Json;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Experiments.Figures;
using WeightInit.Internal;
using WeightInit.Probes;

namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// Writes a <see cref="ReproductionResult"/> into one folder: figures (PNG + SVG), <c>report.md</c>, <c>report.html</c>,
/// <c>results.json</c> and CSV series. Every file is written atomically, so an interrupted write never leaves a
/// half-written file; the folder is written fresh and replaces the previous run's folder as a whole, so no file of
/// another run is left beside the report; reporting never trains.
/// </summary>
public static class ReproductionWriter
{
    /// <summary>The file names written, relative to the output folder.</summary>
    /// <returns>Every file written, in order.</returns>
    /// <exception cref="IOException">
    /// <paramref name="directory"/> holds files no reproduction wrote (it is then left untouched), or a write failed.
    /// </exception>
    public static IReadOnlyList<string> Write(ReproductionResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        return FreshFolder.Write(directory, staging => WriteInto(result, staging));
    }

    private static List<string> WriteInto(ReproductionResult result, string directory)
    {
        var written = new List<string>();
        var figures = new Dictionary<string, string>();
        var svgs = new Dictionary<string, string>();
        foreach (var (stem, figure) in BuildFigures(result))
        {
            var files = figure.Save(directory, stem);
            figures[stem] = Path.GetFileName(files.Png);
            svgs[stem] = File.ReadAllText(files.Svg);
            written.Add(Path.GetFileName(files.Png));
            written.Add(Path.GetFileName(files.Svg));
        }

        foreach (var experiment in result.Experiments)
        {
            written.Add(WriteText(directory, $"{experiment.Id}_epochs.csv", ResultCsv.Epochs(experiment.Result)));
            written.Add(WriteText(directory, $"{experiment.Id}_summary.csv", ResultCsv.Summary(experiment.Result)));
            using var minibatch = new StringWriter();
            ResultCsv.WriteMinibatchLosses(experiment.Result, minibatch);
            written.Add(WriteText(directory, $"{experiment.Id}_minibatch_loss.csv", minibatch.ToString()));
            written.Add(WriteText(directory, $"{experiment.Id}_activations.csv", ActivationCsv(experiment)));
        }

        written.Add(WriteText(directory, "results.json", JsonSerializer.Serialize(result, ResultJson.Options)));
        written.Add(WriteText(directory, "report.md", ReportWriter.Render(result, figures)));
        written.Add(WriteText(directory, "report.html", ReportWriter.RenderHtml(result, figures, svgs)));
        return written;
    }

    /// <summary>Reads a results.json written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">Not a results file of the current schema.</exception>
    public static ReproductionResult Read(string path)
    {
        var result = JsonSerializer.Deserialize<ReproductionResult>(File.ReadAllText(path), ResultJson.Options);
        if (result is null || result.SchemaVersion != ReproductionResult.CurrentSchemaVersion)
        {
            throw new InvalidDataException($"{path} is not a reproduce results file of schema {ReproductionResult.CurrentSchemaVersion} (got {result?.SchemaVersion.ToString() ?? "nothing"})");
        }

        return result;
    }

    /// <summary>Every figure of the report, by file stem, built from plain numbers of the result.</summary>
    public static IEnumerable<(string Stem, Figure Figure)> BuildFigures(ReproductionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var (id, stem, activation) in new[] { ("q53-tanh-unit", "q5_2_activation_stats_tanh", "Tanh"), ("q54-relu-unit", "q5_4_activation_stats_relu", "ReLU") })
        {
            if (result.Find(id) is { } experiment && ReportWriter.FirstSeedActivations(experiment.Result) is { Count: > 0 } stats)
            {
                var measured = stats.Select(s => new LayerStatistics(s.Key, s.Value.Select(l => l.Mean).ToArray(), s.Value.Select(l => l.Std).ToArray())).ToArray();
                var predicted = experiment.MeanField
                    .Where(m => stats.ContainsKey(m.Initialization)) // a cancelled run has no measurement to compare with
                    .Select(m => new LayerStatistics(m.Initialization, m.ActivationStd.Select(_ => 0.0).ToArray(), m.ActivationStd)).ToArray();
                yield return (stem, Figures.Figures.ActivationStatistics(activation, measured, predicted));
            }
        }

        if (result.SampleImages.Count > 0)
        {
            yield return ("sample_images", Figures.Figures.SampleImages(
                result.SampleImages.Select(i => new SampleImage(i.Label.ToString(System.Globalization.CultureInfo.InvariantCulture), 28, 28, Array.ConvertAll(i.Pixels, p => (double)p))).ToArray()));
        }

        foreach (var experiment in result.Experiments.Where(e => e.Section is "Q5.3" or "Q5.4"))
        {
            string activation = experiment.Result.Settings.Model!.Activation.Name;
            string stem = $"{experiment.Section.Replace('.', '_').ToLowerInvariant()}_training_loss_{activation}" + (experiment.Id.EndsWith("-unit", StringComparison.Ordinal) ? string.Empty : "_" + experiment.Id[(experiment.Id.LastIndexOf('-') + 1)..]);
            var curves = experiment.Result.Summaries
                .Select(s => (s.Initialization, (IReadOnlyList<double>)MeanTrainLoss(experiment.Result, s.Initialization)))
                .Where(c => c.Item2.Count > 0)
                .ToArray();
            if (curves.Length == 0)
            {
                continue;
            }

            yield return (stem, Figures.Figures.TrainingLoss($"{experiment.Section} {activation}, {Describe(experiment.Scaling)}", curves));
        }

        if (result.Find("notebook-relu-unit") is { } notebook)
        {
            var firstSeed = notebook.Result.Runs.Where(r => r.Seed == notebook.Result.Settings.Seeds[0] && r.Epochs.Count > 0).ToArray();
            if (firstSeed.Length == 0)
            {
                yield break;
            }

            yield return ("notebook_minibatch_loss", Figures.Figures.MinibatchLoss(firstSeed.Select(r => (r.Initialization, r.MinibatchLosses)).ToArray()));
            yield return ("notebook_accuracy", Figures.Figures.Accuracy(firstSeed.Select(r => new AccuracyHistory(
                r.Initialization, r.Epochs.Select(e => e.TrainAccuracy * 100).ToArray(), r.Epochs.Select(e => e.ValidationAccuracy * 100).ToArray())).ToArray()));
            foreach (var run in firstSeed.Where(r => r.WeightsBefore is not null && r.WeightsAfter is not null))
            {
                var layers = run.WeightsBefore!.Zip(run.WeightsAfter!, (b, a) => Binned(notebook, b, a)).ToArray();
                yield return ($"notebook_weight_histograms_{run.Initialization}", Figures.Figures.WeightHistograms(layers));
            }
        }
    }

    /// <summary>How the inputs were scaled, in the documents' terms.</summary>
    internal static string Describe(PixelScaling scaling) => scaling switch
    {
        PixelScaling.UnitInterval => "inputs in [0, 1]",
        PixelScaling.Raw => "inputs × 255",
        PixelScaling.HalfShifted => "inputs x·0.5 + 0.5",
        _ => "standardized inputs",
    };

    private static BinnedLayerWeights Binned(ReproducedExperiment experiment, LayerWeightHistogram before, LayerWeightHistogram after)
    {
        var (inSize, outSize) = experiment.Result.Settings.Model!.LayerShape(before.Layer - 1);
        var h = before.Histogram;
        var edges = Enumerable.Range(0, h.Counts.Count + 1).Select(i => h.Min + (i * h.BinWidth)).ToArray();
        return new BinnedLayerWeights($"fc{before.Layer} ({inSize}→{outSize})", edges, h.Counts, after.Histogram.Counts);
    }

    private static double[] MeanTrainLoss(ExperimentResult result, string init)
    {
        var runs = result.Runs.Where(r => r.Initialization == init && r.Epochs.Count > 0).ToArray();
        int n = runs.Length == 0 ? 0 : runs.Min(r => r.Epochs.Count);
        return Enumerable.Range(0, n).Select(e => runs.Average(r => r.Epochs[e].TrainLoss)).ToArray();
    }

    private static string ActivationCsv(ReproducedExperiment experiment)
    {
        using var writer = new StringWriter();
        writer.WriteLine("initialization,seed,layer,mean,std,saturated_fraction,dead_fraction,mean_field_std");
        foreach (var run in experiment.Result.Runs.Where(r => r.InitialActivations is not null))
        {
            var theory = experiment.MeanField.FirstOrDefault(m => m.Initialization == run.Initialization && m.Seed == run.Seed);
            foreach (var l in run.InitialActivations!)
            {
                string mf = theory is not null && l.Layer - 1 < theory.ActivationStd.Count ? R(theory.ActivationStd[l.Layer - 1]) : string.Empty;
                writer.WriteLine($"{run.Initialization},{run.Seed},{l.Layer},{R(l.Mean)},{R(l.Std)},{(l.SaturatedFraction is { } s ? R(s) : string.Empty)},{R(l.DeadFraction)},{mf}");
            }
        }

        return writer.ToString();
    }

    private static string R(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string WriteText(string directory, string name, string text)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, name), text);
        return name;
    }
}
