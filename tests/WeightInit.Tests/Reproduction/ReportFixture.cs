using System.Text.Json;
using WeightInit.Experimenting;
using WeightInit.Experiments.Reproduction;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Training;

namespace WeightInit.Tests.Reproduction;

/// <summary>
/// A real result (<c>reproduce --quick</c>, seed 42, 2 epochs, trimmed of histograms and Q5 minibatch losses) and
/// copies of it with changed numbers, for the metamorphic tests of the report: each copy is what a different run
/// would have measured, rebuilt through <see cref="ExperimentResult.Create"/> so summaries follow the runs.
/// </summary>
internal static class ReportFixture
{
    /// <summary>The quick run's result as it was written.</summary>
    public static ReproductionResult Real()
    {
        using var stream = typeof(ReportFixture).Assembly.GetManifestResourceStream("quick-results.json")
            ?? throw new InvalidOperationException("the embedded resource quick-results.json is missing");
        return JsonSerializer.Deserialize<ReproductionResult>(stream, ResultJson.Options)!;
    }

    /// <summary>Every run's initial activation std of layer l multiplied by <paramref name="factor"/>^(l−1).</summary>
    public static ReproductionResult ActivationStdsScaledPerLayer(ReproductionResult result, double factor) =>
        MapExperiments(result, e => e with
        {
            Result = Rebuild(e.Result, e.Result.Runs.Select(run => run with
            {
                InitialActivations = run.InitialActivations?.Select(l => l with { Std = l.Std * Math.Pow(factor, l.Layer - 1) }).ToArray(),
            })),
        });

    /// <summary>The final test accuracies (and losses) of <paramref name="a"/> and <paramref name="b"/> exchanged, seed by seed, in every Q5 experiment.</summary>
    public static ReproductionResult AccuraciesSwapped(ReproductionResult result, string a, string b) =>
        MapExperiments(result, e => e.Section is not ("Q5.3" or "Q5.4") ? e : e with
        {
            Result = Rebuild(e.Result, e.Result.Runs.Select(run =>
            {
                string other = run.Initialization == a ? b : run.Initialization == b ? a : run.Initialization;
                var twin = e.Result.Runs.Single(x => x.Initialization == other && x.Seed == run.Seed).Epochs[^1];
                return run with { Epochs = [.. run.Epochs.SkipLast(1), run.Epochs[^1] with { TestAccuracy = twin.TestAccuracy, TestLoss = twin.TestLoss }] };
            })),
        });

    /// <summary>The notebook's small-normal model learns: its losses fall from ln 10 towards 0.1 and it ends at 97 % test accuracy.</summary>
    public static ReproductionResult NotebookLearns(ReproductionResult result) =>
        MapExperiments(result, e => e.Id != "notebook-relu-unit" ? e : e with
        {
            Result = Rebuild(e.Result, e.Result.Runs.Select(run => run.Initialization != ReproducePlan.SmallNormal.Name ? run : run with
            {
                MinibatchLosses = run.MinibatchLosses.Select((_, i) => 0.1 + (2.2 * Math.Exp(-8.0 * i / run.MinibatchLosses.Count))).ToArray(),
                Epochs = run.Epochs.Select(ep => ep with
                {
                    TrainLoss = 1.0 / ep.Epoch,
                    TrainAccuracy = 0.9 + (0.02 * ep.Epoch),
                    ValidationAccuracy = 0.92 + (0.02 * ep.Epoch),
                    TestAccuracy = ep.Epoch == run.Epochs.Count ? 0.97 : ep.TestAccuracy,
                }).ToArray(),
            })),
        });

    /// <summary>A second seed (43) beside the first in every experiment, its accuracies 0.3 points apart from the first's.</summary>
    public static ReproductionResult SecondSeed(ReproductionResult result) =>
        MapExperiments(result, e => e with
        {
            Result = Rebuild(
                e.Result,
                e.Result.Runs.SelectMany(run => new[]
                {
                    run,
                    run with
                    {
                        Seed = 43,
                        Epochs = run.Epochs.Select(ep => ep with { TestAccuracy = ep.TestAccuracy + (run.Initialization.Length % 2 == 0 ? 0.003 : -0.003) }).ToArray(),
                    },
                }).OrderBy(r => e.Result.Settings.Initializations.ToList().FindIndex(i => i.Name == r.Initialization)).ThenBy(r => r.Seed),
                e.Result.Settings with { Seeds = [42, 43] }),
        }) with
        { Environment = result.Environment with { Seeds = [42, 43] } };

    /// <summary>
    /// Every other number a different run could have: data counts and majority share, seed, threads, timing, versions,
    /// Q5.1 samples, epochs, batch size, learning rate, input size and depth (4 hidden layers instead of 5), probe batch,
    /// validation split and training losses.
    /// </summary>
    public static ReproductionResult EverythingElse(ReproductionResult result)
    {
        var env = result.Environment with
        {
            TrainCount = 7000, TestCount = 3000, TestMajorityShare = 0.119, Seeds = [7], Threads = 3, Parallel = 4,
            WeightInitVersion = "9.8.7", TorchSharpVersion = "1.2.3", Runtime = ".NET 11.0.1", Machine = "Plan 9, ARM64, 64 cores",
            StartedUtc = result.Environment.StartedUtc.AddDays(3).AddHours(5), WallSeconds = result.Environment.WallSeconds * 3.7,
        };
        var samples = result.InitializationSamples.Select(s => s with { Std = s.Std * 1.004, Mean = s.Mean + 1e-5 }).ToArray();
        return MapExperiments(result with { Environment = env, InitializationSamples = samples }, e =>
        {
            var s = e.Result.Settings;
            var model = s.Model!.HiddenWidths.Count == 5 ? new MlpSpec(900, MlpSpec.Hidden(200, 4), 10, s.Model.Activation) : new MlpSpec(900, [600, 300, 100, 50], 10, s.Model.Activation);
            int hidden = model.HiddenWidths.Count;
            var settings = s with
            {
                Model = model, Seeds = [7], TrainingCount = s.TrainingCount + 1000, ValidationCount = s.ValidationCount + 77,
                Training = s.Training with { Epochs = s.Training.Epochs + 1, BatchSize = 100, Optimizer = new SgdSpec(0.05) },
                Probes = s.Probes with { ActivationBatchSize = 200 }, SeedDerivation = "SplitMix64(seed ^ stream); streams: split=9, shuffle=8",
            };
            var runs = e.Result.Runs.Select(run => run with
            {
                Seed = 7,
                InitialActivations = run.InitialActivations?.Take(hidden).ToArray(),
                MinibatchLosses = run.MinibatchLosses.Select(l => l * 0.999).ToArray(),
                Epochs = run.Epochs.Select(ep => ep with { TrainLoss = ep.TrainLoss * 0.999 }).ToArray(),
            });
            return e with
            {
                Result = Rebuild(e.Result, runs, settings),
                MeanField = e.MeanField.Select(m => m with { Seed = 7, ActivationStd = m.ActivationStd.Take(hidden).ToArray() }).ToArray(),
            };
        });
    }

    private static ReproductionResult MapExperiments(ReproductionResult result, Func<ReproducedExperiment, ReproducedExperiment> map) =>
        result with { Experiments = result.Experiments.Select(map).ToArray() };

    private static ExperimentResult Rebuild(ExperimentResult result, IEnumerable<RunResult> runs, ExperimentSettings? settings = null) =>
        ExperimentResult.Create(settings ?? result.Settings, runs.ToArray());
}
