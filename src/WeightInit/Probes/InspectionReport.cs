using System.Globalization;
using System.Text;

namespace WeightInit.Probes;

/// <summary>The result of <see cref="InitializationDiagnostics.Inspect"/>: a row per module in forward order, the flags and a one-line verdict.</summary>
/// <param name="Modules">One row per hooked module call, in forward order.</param>
/// <param name="Flags">Problems found, most serious kind first (symmetric, exploding, vanishing, saturated, dead units).</param>
/// <param name="ForwardGain">
/// End to end through the body of the model: the forward std of the row just before the output layer (the last row with
/// parameters) divided by that of the first row; NaN when that is not measurable (the divisor is 0, or either std is not
/// finite: see the flags). The output layer is left out because its width (the
/// classes) and a global pooling before it change the std per value without telling anything about depth.
/// </param>
/// <param name="BackwardGain">Over the same rows: the backward std at the first row divided by that at the row before the output layer (how much the gradient grows on its way back); NaN when not measurable, as <paramref name="ForwardGain"/>.</param>
/// <param name="Layers">Rows with parameters among those rows (the layers the signal crosses end to end).</param>
/// <param name="Loss">Which loss the backward pass differentiated (the given labels, or which surrogate and seed).</param>
/// <param name="Verdict">One line: <c>healthy: forward ×0.9, backward ×1.3 over 21 layers</c>, or the most serious flag and what to do about it.</param>
public sealed record InspectionReport(
    IReadOnlyList<ModuleInspection> Modules,
    IReadOnlyList<InspectionFlag> Flags,
    double ForwardGain,
    double BackwardGain,
    int Layers,
    string Loss,
    string Verdict)
{
    /// <summary>
    /// Modules that own parameters but have no row (see <see cref="UnmeasuredModule"/>); each is also flagged
    /// <see cref="InspectionFlagKind.NotMeasured"/>. Empty when every module with parameters was measured.
    /// </summary>
    public IReadOnlyList<UnmeasuredModule> NotMeasured { get; init; } = [];

    /// <summary>True when nothing was flagged (so every module with parameters was measured).</summary>
    public bool IsHealthy => Flags.Count == 0;

    /// <summary>Whether a flag of <paramref name="kind"/> was raised.</summary>
    public bool Has(InspectionFlagKind kind) => Flags.Any(f => f.Kind == kind);

    /// <summary>
    /// The table (module, type, output shape, forward std, its mean-field prediction, forward growth, backward std, backward
    /// growth, weight-gradient std, its growth, dead or saturated fraction, flags), then the loss, every flag and the verdict.
    /// Numbers use the invariant culture; a dash marks what does not apply.
    /// </summary>
    public string Format()
    {
        string[] header = ["#", "module", "type", "output", "fwd std", "mean field", "fwd ×", "bwd std", "bwd ×", "∂W std", "∂W ×", "dead/sat", "flags"];
        var cells = new List<string[]> { header };
        cells.AddRange(Modules.Select(m => new[]
        {
            m.Index.ToString(CultureInfo.InvariantCulture), m.Module, m.ModuleType, "[" + string.Join("×", m.Shape) + "]",
            Number(m.ForwardStd), Number(m.MeanFieldStd), Growth(m.ForwardGrowth), Number(m.BackwardStd), Growth(m.BackwardGrowth),
            Number(m.ParameterGradientStd), Growth(m.ParameterGradientGrowth),
            m.DeadFraction is { } d ? Percent(d) + " dead" : m.SaturatedFraction is { } s ? Percent(s) + " sat" : "–",
            string.Join(",", Flags.Where(f => f.Module == m.Module).Select(f => f.Kind.ToString()).Distinct()),
        }));
        var widths = Enumerable.Range(0, header.Length).Select(c => cells.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c is 1 or 2 or 12 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"loss: {Loss}");
        foreach (var flag in Flags)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"flag {flag.Kind}: {flag.Message}");
        }

        text.Append(CultureInfo.InvariantCulture, $"verdict: {Verdict}");
        return text.ToString();
    }

    /// <inheritdoc cref="Format"/>
    public override string ToString() => Format();

    private static string Number(double? value) => value is { } v ? v.ToString("G3", CultureInfo.InvariantCulture) : "–";

    private static string Growth(double? value) => value is { } v ? InspectionVerdict.Factor(v) : "–";

    private static string Percent(double value) => (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
