using System.Globalization;

namespace WeightInit.Probes;

/// <summary>
/// Thresholds of <see cref="InitializationDiagnostics.Inspect"/>. The defaults are the ones the inspector was specified
/// with: a signal that shrinks or grows more than 10³× end to end is flagged, a ReLU module with more than half its
/// units dead, a tanh or sigmoid module with more than 20 % of its values beyond 0.95 in magnitude.
/// Change any of them with <c>with</c>: <c>InspectionOptions.Default with { VanishingFactor = 100 }</c>.
/// </summary>
/// <remarks>Every threshold is validated when <see cref="InitializationDiagnostics.Inspect"/> runs (see <see cref="Validate"/>).</remarks>
public sealed record InspectionOptions
{
    /// <summary>The specified thresholds.</summary>
    public static InspectionOptions Default { get; } = new();

    /// <summary>
    /// Flag <see cref="InspectionFlagKind.Vanishing"/> when <see cref="InspectionReport.ForwardGain"/> or
    /// <see cref="InspectionReport.BackwardGain"/> (end to end, up to the output layer) is below <c>1 / VanishingFactor</c>. Default 10³; &gt; 1.
    /// </summary>
    public double VanishingFactor { get; init; } = 1e3;

    /// <summary>Flag <see cref="InspectionFlagKind.Exploding"/> when either end-to-end ratio exceeds this. Default 10³; &gt; 1.</summary>
    public double ExplodingFactor { get; init; } = 1e3;

    /// <summary>
    /// Flag <see cref="InspectionFlagKind.DeadUnits"/> on a ReLU (or ReLU6) module when more than this fraction of its units
    /// (every output position after the batch dimension) is exactly 0 for every example. Default 0.5; in (0, 1).
    /// </summary>
    public double DeadFraction { get; init; } = 0.5;

    /// <summary>A tanh value counts as saturated beyond this magnitude (a sigmoid value <c>h</c> when <c>|2h − 1|</c> is). Default 0.95; in (0, 1).</summary>
    public double SaturationLevel { get; init; } = 0.95;

    /// <summary>Flag <see cref="InspectionFlagKind.Saturated"/> on a tanh or sigmoid module when more than this fraction of its values is saturated. Default 0.2; in (0, 1).</summary>
    public double SaturatedFraction { get; init; } = 0.2;

    /// <summary>
    /// Flag <see cref="InspectionFlagKind.Symmetric"/> on a hidden layer whose units are identical: for its weight (rank ≥ 2,
    /// one row per unit) <c>max over positions of (max over units − min over units) ≤ SymmetryTolerance · max|W|</c>, and the
    /// same for its bias. All-zero weights count as symmetric. Default 10⁻⁶; in [0, 1).
    /// </summary>
    public double SymmetryTolerance { get; init; } = 1e-6;

    /// <summary>
    /// Seed of the <c>torch.Generator</c> that draws the surrogate labels (uniform over the classes) when no labels are given. Default 0.
    /// </summary>
    public long LabelSeed { get; init; }

    /// <summary>
    /// Run the pass in training mode (<c>model.train()</c>), as the first training step would; every module's own mode and every
    /// buffer (e.g. batch-norm running statistics) are restored afterwards. Dropout in training mode draws from libtorch's
    /// global generator, so set this to <see langword="false"/> to inspect in the mode the model is in. Default <see langword="true"/>.
    /// </summary>
    public bool TrainingMode { get; init; } = true;

    /// <summary>Checks every threshold.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is out of its range; the message names it and repeats the value.</exception>
    public void Validate()
    {
        Require(VanishingFactor > 1 && double.IsFinite(VanishingFactor), nameof(VanishingFactor), VanishingFactor, "a finite factor > 1");
        Require(ExplodingFactor > 1 && double.IsFinite(ExplodingFactor), nameof(ExplodingFactor), ExplodingFactor, "a finite factor > 1");
        Require(DeadFraction is > 0 and < 1, nameof(DeadFraction), DeadFraction, "a fraction in (0, 1)");
        Require(SaturationLevel is > 0 and < 1, nameof(SaturationLevel), SaturationLevel, "a magnitude in (0, 1)");
        Require(SaturatedFraction is > 0 and < 1, nameof(SaturatedFraction), SaturatedFraction, "a fraction in (0, 1)");
        Require(SymmetryTolerance is >= 0 and < 1, nameof(SymmetryTolerance), SymmetryTolerance, "a relative tolerance in [0, 1)");
    }

    private static void Require(bool ok, string name, double value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be {expected}; got {value}"));
        }
    }
}
