using WeightInit.Probes;

namespace WeightInit.Training;

/// <summary>What <see cref="Trainer"/>'s <c>Train</c> produced.</summary>
/// <param name="Status">How the run ended.</param>
/// <param name="DivergedAtStep">First global step (1-based) with a non-finite loss, when <see cref="RunStatus.Diverged"/>.</param>
/// <param name="Epochs">Every finished epoch (a diverged or cancelled epoch is not listed).</param>
/// <param name="MinibatchLosses">Loss of every step run, in order (including a diverging step's NaN/∞).</param>
/// <param name="Probes">Gradient/weight statistics every N steps (empty when probes are off).</param>
public sealed record TrainingOutcome(RunStatus Status, int? DivergedAtStep, IReadOnlyList<EpochRecord> Epochs, IReadOnlyList<double> MinibatchLosses, IReadOnlyList<ProbeSnapshot> Probes);
