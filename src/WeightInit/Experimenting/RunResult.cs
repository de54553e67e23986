using System.Text.Json.Serialization;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Training;

namespace WeightInit.Experimenting;

/// <summary>Everything one (initialization, seed) run measured. Immutable; serializes to JSON unchanged.</summary>
/// <param name="Initialization">The scheme's name.</param>
/// <param name="Seed">The experiment seed (see <see cref="SeedDerivation"/>).</param>
/// <param name="Status">Completed, diverged or cancelled (partial).</param>
/// <param name="DivergedAtStep">First step with a non-finite loss, when diverged.</param>
/// <param name="Epochs">Finished epochs.</param>
/// <param name="MinibatchLosses">Loss of every step run.</param>
/// <param name="InitialActivations">Hidden-activation statistics of the untrained model, or null when that probe is off.</param>
/// <param name="Probes">Gradient/weight statistics during training.</param>
/// <param name="WeightsBefore">Weight histograms before training, or null when off.</param>
/// <param name="WeightsAfter">Weight histograms after training (same ranges as before), or null.</param>
/// <param name="Lsuv">What LSUV did, when the scheme uses it.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
public sealed record RunResult(
    string Initialization,
    long Seed,
    RunStatus Status,
    int? DivergedAtStep,
    IReadOnlyList<EpochRecord> Epochs,
    IReadOnlyList<double> MinibatchLosses,
    IReadOnlyList<LayerActivationStats>? InitialActivations,
    IReadOnlyList<ProbeSnapshot> Probes,
    IReadOnlyList<LayerWeightHistogram>? WeightsBefore,
    IReadOnlyList<LayerWeightHistogram>? WeightsAfter,
    LsuvReport? Lsuv,
    double Seconds)
{
    /// <summary>Names of the final metrics summarized across seeds, in order.</summary>
    public static IReadOnlyList<string> MetricNames { get; } =
        ["train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "test_loss", "test_accuracy"];

    /// <summary>True when the run was cancelled: its numbers are not those of a finished run.</summary>
    [JsonIgnore]
    public bool IsPartial => Status == RunStatus.Cancelled;

    /// <summary>Final metrics of a completed run (last epoch), by <see cref="MetricNames"/>; empty otherwise. Test metrics only when a test set was given.</summary>
    public IReadOnlyDictionary<string, double> FinalMetrics()
    {
        var metrics = new Dictionary<string, double>();
        if (Status != RunStatus.Completed || Epochs.Count == 0)
        {
            return metrics;
        }

        var last = Epochs[^1];
        metrics["train_loss"] = last.TrainLoss;
        metrics["train_accuracy"] = last.TrainAccuracy;
        metrics["validation_loss"] = last.ValidationLoss;
        metrics["validation_accuracy"] = last.ValidationAccuracy;
        if (last.TestLoss is { } testLoss && last.TestAccuracy is { } testAccuracy)
        {
            metrics["test_loss"] = testLoss;
            metrics["test_accuracy"] = testAccuracy;
        }

        return metrics;
    }

    /// <summary>A copy with every wall-time figure set to 0 (for comparing runs bit for bit).</summary>
    public RunResult WithoutTimings() => this with
    {
        Seconds = 0,
        Epochs = Epochs.Select(e => e with { Seconds = 0 }).ToArray(),
    };
}
