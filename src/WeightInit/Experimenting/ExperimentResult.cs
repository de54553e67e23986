using System.Text.Json.Serialization;
using WeightInit.Models;
using WeightInit.Statistics;
using WeightInit.Training;

namespace WeightInit.Experimenting;

/// <summary>What an experiment was asked to do, recorded with its results.</summary>
/// <param name="Name">Experiment name.</param>
/// <param name="TrainingData">Name of the training set.</param>
/// <param name="TrainingCount">Rows used for training (after the validation split).</param>
/// <param name="ValidationCount">Rows carved out for validation.</param>
/// <param name="TestData">Name of the test set, or null.</param>
/// <param name="TestCount">Rows of the test set (0 without one).</param>
/// <param name="Model">The built-in MLP's architecture, or null for a user model (see <paramref name="CustomModel"/>).</param>
/// <param name="Initializations">Every scheme compared, in order.</param>
/// <param name="Training">Training options.</param>
/// <param name="Seeds">Experiment seeds, in order.</param>
/// <param name="Probes">Probe settings.</param>
/// <param name="Threads">libtorch intra-op threads when set explicitly, else null (libtorch's default).</param>
/// <param name="SeedDerivation">How generators follow from seeds (<see cref="Experimenting.SeedDerivation.Description"/>).</param>
/// <param name="CustomModel">A user model's name and input shape (<see cref="ExperimentBuilder.WithModel(ModelDefinition)"/>), or null for the built-in MLP.</param>
public sealed record ExperimentSettings(
    string Name,
    string TrainingData,
    long TrainingCount,
    long ValidationCount,
    string? TestData,
    long TestCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MlpSpec? Model,
    IReadOnlyList<SchemeDescription> Initializations,
    TrainingOptions Training,
    IReadOnlyList<long> Seeds,
    ProbeOptions Probes,
    int? Threads,
    string SeedDerivation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModelDescription? CustomModel = null)
{
    /// <summary>The model's name: the MLP's <see cref="MlpSpec.Name"/> or the user model's.</summary>
    [JsonIgnore]
    public string ModelName => Model?.Name ?? CustomModel?.Name ?? "model";
}

/// <summary>One final metric of one scheme across its completed seeds.</summary>
/// <param name="Metric">One of <see cref="RunResult.MetricNames"/>.</param>
/// <param name="Summary">Mean, std and 95 % Student-t interval over seeds.</param>
public sealed record MetricSummary(string Metric, SampleSummary Summary);

/// <summary>A scheme's results across seeds.</summary>
/// <param name="Initialization">Scheme name.</param>
/// <param name="Runs">Runs started or planned.</param>
/// <param name="Completed">Runs that finished every epoch (the only ones summarized).</param>
/// <param name="Diverged">Runs that diverged.</param>
/// <param name="Metrics">Summary per final metric (empty when no run completed).</param>
public sealed record InitializationSummary(string Initialization, int Runs, int Completed, int Diverged, IReadOnlyList<MetricSummary> Metrics);

/// <summary>
/// <c>metric(Initialization) − metric(Baseline)</c> over the seeds both completed: the differences' mean, std and
/// 95 % Student-t interval (a paired comparison — each pair shares split, batches and probe batch).
/// </summary>
/// <param name="Initialization">Scheme compared.</param>
/// <param name="Baseline">Scheme compared against (earlier in the experiment's order).</param>
/// <param name="Metric">One of <see cref="RunResult.MetricNames"/>.</param>
/// <param name="Difference">Summary of the per-seed differences.</param>
public sealed record PairedDifference(string Initialization, string Baseline, string Metric, SampleSummary Difference);

/// <summary>The outcome of <see cref="Experiment.RunAsync"/>. Immutable; round-trips through <see cref="ResultJson"/>.</summary>
/// <param name="SchemaVersion">Version of this JSON shape (<see cref="CurrentSchemaVersion"/>).</param>
/// <param name="Settings">What was run.</param>
/// <param name="Runs">Every run, ordered by scheme then seed.</param>
/// <param name="Summaries">Per scheme, across seeds.</param>
/// <param name="PairedDifferences">Every pair of schemes, every metric.</param>
public sealed record ExperimentResult(
    int SchemaVersion,
    ExperimentSettings Settings,
    IReadOnlyList<RunResult> Runs,
    IReadOnlyList<InitializationSummary> Summaries,
    IReadOnlyList<PairedDifference> PairedDifferences)
{
    /// <summary>The schema version this library writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>True when at least one run was cancelled: the experiment did not finish.</summary>
    [JsonIgnore]
    public bool IsPartial => Runs.Any(r => r.IsPartial);

    /// <summary>A copy with all wall times set to 0; two runs of the same experiment on the same machine give equal JSON for it.</summary>
    public ExperimentResult WithoutTimings() => this with { Runs = Runs.Select(r => r.WithoutTimings()).ToArray() };

    /// <summary>Builds summaries and paired differences from runs (schemes and seeds in settings order).</summary>
    public static ExperimentResult Create(ExperimentSettings settings, IReadOnlyList<RunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runs);
        var names = settings.Initializations.Select(s => s.Name).ToArray();
        var summaries = names.Select(name =>
        {
            var mine = runs.Where(r => r.Initialization == name).ToArray();
            var finals = mine.Select(r => r.FinalMetrics()).Where(m => m.Count > 0).ToArray();
            var metrics = RunResult.MetricNames
                .Where(metric => finals.Length > 0 && finals.All(f => f.ContainsKey(metric)))
                .Select(metric => new MetricSummary(metric, SampleSummary.Of(finals.Select(f => f[metric]).ToArray())))
                .ToArray();
            return new InitializationSummary(name, mine.Length, mine.Count(r => r.Status == RunStatus.Completed), mine.Count(r => r.Status == RunStatus.Diverged), metrics);
        }).ToArray();

        var paired = new List<PairedDifference>();
        for (int i = 0; i < names.Length; i++)
        {
            for (int j = i + 1; j < names.Length; j++)
            {
                paired.AddRange(Pair(runs, names[j], names[i]));
            }
        }

        return new ExperimentResult(CurrentSchemaVersion, settings, runs, summaries, paired);
    }

    private static IEnumerable<PairedDifference> Pair(IReadOnlyList<RunResult> runs, string scheme, string baseline)
    {
        var pairs = runs.Where(r => r.Initialization == scheme)
            .Join(runs.Where(r => r.Initialization == baseline), r => r.Seed, r => r.Seed, (a, b) => (A: a.FinalMetrics(), B: b.FinalMetrics()))
            .Where(p => p.A.Count > 0 && p.B.Count > 0)
            .ToArray();
        foreach (var metric in RunResult.MetricNames)
        {
            var diffs = pairs.Where(p => p.A.ContainsKey(metric) && p.B.ContainsKey(metric)).Select(p => p.A[metric] - p.B[metric]).ToArray();
            if (diffs.Length > 0)
            {
                yield return new PairedDifference(scheme, baseline, metric, SampleSummary.Of(diffs));
            }
        }
    }
}
