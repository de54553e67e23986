using System.Text.Json.Serialization;

namespace WeightInit.Probes;

/// <summary>What one submodule did on the inspected batch, in forward order (see <see cref="InitializationDiagnostics.Inspect"/>).</summary>
/// <param name="Index">Position in forward-call order, 1-based (a module called twice appears twice).</param>
/// <param name="Module">Dotted module name (from <c>named_modules()</c>).</param>
/// <param name="ModuleType">CLR type name, e.g. <c>Linear</c>, <c>Conv2d</c>, <c>ReLU</c>.</param>
/// <param name="Shape">Shape of the module's output.</param>
/// <param name="ForwardStd">Std of the module's output over every value (unbiased, as <c>torch.std</c>).</param>
/// <param name="BackwardStd">Std of <c>∂loss/∂output</c>, the gradient arriving at the module's output in the backward pass; NaN when the output does not depend on a parameter.</param>
/// <param name="ParameterGradientStd">Std of <c>∂loss/∂weight</c> of the module's own <c>weight</c> (of all its own parameters flattened together when it has none); null for a module without parameters.</param>
/// <param name="ForwardGrowth"><c>ForwardStd / ForwardStd</c> of the previous row (the direction the signal flows); null on the first row, and when the divisor is 0 or not finite (not measurable).</param>
/// <param name="BackwardGrowth"><c>BackwardStd / BackwardStd</c> of the next row (gradients flow from the output backwards); null on the last row, and when the divisor is 0 or not finite (not measurable).</param>
/// <param name="ParameterGradientGrowth">This row's parameter-gradient std divided by that of the next row with parameters (backward direction); null when either has none or the divisor is 0 or not finite.</param>
/// <param name="DeadFraction">For ReLU and ReLU6 modules, the fraction of units (output positions after the batch dimension) that are 0 for every example; else null.</param>
/// <param name="SaturatedFraction">For tanh and sigmoid modules, the fraction of values beyond <see cref="InspectionOptions.SaturationLevel"/>; else null.</param>
/// <param name="Symmetric">
/// Whether every unit of the layer is the same: each row of its weight (rank ≥ 2; one row per output unit or channel) and
/// each bias entry identical (see <see cref="InspectionOptions.SymmetryTolerance"/>), as zero or constant init makes them.
/// Flagged on hidden layers only: the labels tell the output layer's units apart.
/// </param>
/// <param name="MeanFieldStd">Mean-field prediction of <paramref name="ForwardStd"/> (Poole et al. 2016), given for the modules of an <see cref="Models.Mlp"/>; else null.</param>
public sealed record ModuleInspection(
    int Index,
    string Module,
    string ModuleType,
    IReadOnlyList<long> Shape,
    double ForwardStd,
    double BackwardStd,
    double? ParameterGradientStd,
    double? ForwardGrowth,
    double? BackwardGrowth,
    double? ParameterGradientGrowth,
    double? DeadFraction,
    double? SaturatedFraction,
    bool Symmetric,
    double? MeanFieldStd)
{
    /// <summary>Whether the module owns parameters (a layer, as opposed to an activation).</summary>
    [JsonIgnore]
    public bool HasParameters => ParameterGradientStd is not null;
}

/// <summary>What an <see cref="InspectionFlag"/> reports.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InspectionFlagKind>))]
public enum InspectionFlagKind
{
    /// <summary>Every unit of a hidden layer has the same weights (and bias, when it has one) — zero or constant init: gradient descent cannot tell them apart.</summary>
    Symmetric,

    /// <summary>The forward signal or the backward gradient grows past <see cref="InspectionOptions.ExplodingFactor"/> end to end (see <see cref="InspectionReport.ForwardGain"/>), or is not finite.</summary>
    Exploding,

    /// <summary>The forward signal or the backward gradient shrinks past <see cref="InspectionOptions.VanishingFactor"/> end to end (see <see cref="InspectionReport.ForwardGain"/>), or is exactly 0 where the end-to-end span starts.</summary>
    Vanishing,

    /// <summary>A tanh or sigmoid module has more than <see cref="InspectionOptions.SaturatedFraction"/> of its values saturated.</summary>
    Saturated,

    /// <summary>A ReLU module has more than <see cref="InspectionOptions.DeadFraction"/> of its units dead on the whole batch.</summary>
    DeadUnits,

    /// <summary>
    /// Something could not be measured: a module with parameters has no row (see <see cref="InspectionReport.NotMeasured"/>),
    /// or an end-to-end gain has no finite value to divide by.
    /// </summary>
    NotMeasured,
}

/// <summary>One problem found by <see cref="InitializationDiagnostics.Inspect"/>.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Module">The module it was found at; for end-to-end flags, the direction (<c>forward</c> or <c>backward</c>).</param>
/// <param name="Value">The measured value: the end-to-end factor, or the dead or saturated fraction, or the unit spread of a symmetric module.</param>
/// <param name="Message">One sentence saying what was measured against which threshold.</param>
public sealed record InspectionFlag(InspectionFlagKind Kind, string Module, double Value, string Message);
