using System.Text.Json.Serialization;

namespace WeightInit.Training;

/// <summary>How a run ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>A minibatch loss became NaN or infinite; training stopped at that step.</summary>
    Diverged,

    /// <summary>Cancelled: the result holds only what ran before the request (partial).</summary>
    Cancelled,
}

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="TrainLoss">Mean of the epoch's minibatch losses (the documents' <c>running_loss / len(loader)</c>).</param>
/// <param name="TrainAccuracy">Fraction of training examples classified correctly during the epoch, as the weights moved.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation split after the epoch (NaN when there is no validation split).</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split (NaN when none).</param>
/// <param name="TestLoss">Mean cross-entropy on the test set, or <see langword="null"/> without one.</param>
/// <param name="TestAccuracy">Accuracy on the test set, or <see langword="null"/>.</param>
/// <param name="Seconds">Wall time of the epoch (training and evaluation).</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double? TestLoss, double? TestAccuracy, double Seconds);

/// <summary>What a progress report is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProgressKind>))]
public enum ProgressKind
{
    /// <summary>Periodic report during an epoch (every <see cref="TrainingOptions.CheckEverySteps"/> steps).</summary>
    Step,

    /// <summary>An epoch finished; <see cref="TrainingProgress.Loss"/> is its mean training loss.</summary>
    EpochEnd,

    /// <summary>The run finished (completed, diverged or cancelled).</summary>
    RunEnd,
}

/// <summary>A progress report. Reports of parallel runs may arrive from several threads at once.</summary>
/// <param name="Run">Label of the run, e.g. <c>xavier_normal seed=1</c>.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Epoch">Current epoch, 1-based.</param>
/// <param name="Step">Global step, 1-based (steps done so far).</param>
/// <param name="StepsPerEpoch">Steps in one epoch.</param>
/// <param name="Loss">Loss of the latest step (<see cref="ProgressKind.Step"/>) or mean epoch loss (<see cref="ProgressKind.EpochEnd"/>).</param>
/// <param name="Status">Final status for <see cref="ProgressKind.RunEnd"/>, else <see langword="null"/>.</param>
public sealed record TrainingProgress(string Run, ProgressKind Kind, int Epoch, int Step, int StepsPerEpoch, double Loss, RunStatus? Status = null)
{
    /// <summary>
    /// Mean loss of the current epoch's steps so far (<see cref="ProgressKind.Step"/>) or of the whole epoch
    /// (<see cref="ProgressKind.EpochEnd"/>): what Keras' <c>fit</c> shows as <c>loss</c>. NaN when not known.
    /// </summary>
    public double RunningLoss { get; init; } = double.NaN;

    /// <summary>Accuracy on the validation split after the epoch (<see cref="ProgressKind.EpochEnd"/> with a validation split), else <see langword="null"/>.</summary>
    public double? ValidationAccuracy { get; init; }
}
