using System.Globalization;
using WeightInit.Training;

namespace WeightInit.Experiments.Cli;

/// <summary>
/// The words of the progress display, as Keras' <c>fit</c> shows them: the epoch's running mean loss while it trains,
/// and after each epoch its mean loss and, with a validation split, the validation accuracy.
/// </summary>
internal static class ProgressText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A bar's label: <c>q53 he seed=42 epoch 3/10 loss 0.1234 val acc 97.10 %</c>.</summary>
    /// <param name="name">The run's name.</param>
    /// <param name="epochs">Epochs of the run.</param>
    /// <param name="value">The latest report.</param>
    /// <param name="lastEpoch">The latest epoch-end report of this run, whose validation accuracy is shown until the next one.</param>
    public static string Bar(string name, int epochs, TrainingProgress value, TrainingProgress? lastEpoch)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Kind == ProgressKind.RunEnd)
        {
            return $"{name} {value.Status}" + (lastEpoch is null ? string.Empty : $" {Metrics(lastEpoch)}");
        }

        return string.Create(Inv, $"{name} epoch {value.Epoch}/{epochs} loss {Loss(value):F4}") + Validation(value.ValidationAccuracy ?? lastEpoch?.ValidationAccuracy);
    }

    /// <summary>The line written per finished epoch when no bar can be drawn: <c>q53 he seed=42: epoch 3/10 loss 0.1234 val acc 97.10 %</c>.</summary>
    public static string EpochLine(string name, int epochs, TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.Create(Inv, $"{name}: epoch {value.Epoch}/{epochs} {Metrics(value)}");
    }

    private static string Metrics(TrainingProgress epochEnd) => string.Create(Inv, $"loss {Loss(epochEnd):F4}") + Validation(epochEnd.ValidationAccuracy);

    /// <summary>The epoch's running mean when the trainer sent one, else the reported loss.</summary>
    private static double Loss(TrainingProgress value) => double.IsNaN(value.RunningLoss) ? value.Loss : value.RunningLoss;

    private static string Validation(double? accuracy) => accuracy is { } a ? string.Create(Inv, $" val acc {a * 100:F2} %") : string.Empty;
}
