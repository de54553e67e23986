using System.Globalization;

namespace WeightInit.Probes;

/// <summary>Flags and the one-line verdict of an inspection, from the rows alone.</summary>
internal static class InspectionVerdict
{
    private static readonly string[] ReluTypes = ["ReLU", "ReLU6", "LeakyReLU", "PReLU"];
    private static readonly string[] SaturatingTypes = ["Tanh", "Sigmoid"];

    public static InspectionReport Judge(IReadOnlyList<ModuleInspection> rows, string loss, InspectionOptions options,
        IReadOnlyList<UnmeasuredModule> notMeasured, IReadOnlySet<string> withBias)
    {
        var flags = new List<InspectionFlag>();
        int end = SpanEnd(rows);
        int layers = rows.Take(end + 1).Count(r => r.HasParameters);
        var first = rows[0];
        var last = rows[end];
        double forward = InspectionRows.Ratio(last.ForwardStd, first.ForwardStd) ?? double.NaN;
        double backward = InspectionRows.Ratio(first.BackwardStd, last.BackwardStd) ?? double.NaN;
        var output = rows.LastOrDefault(r => r.HasParameters);
        foreach (var r in rows)
        {
            if (r.Symmetric && r != output)
            {
                string parts = withBias.Contains(r.Module) ? "weights and biases" : "weights (it has no bias)";
                flags.Add(new(InspectionFlagKind.Symmetric, r.Module, r.ForwardStd, Text(
                    $"the {(r.Shape.Count > 1 ? r.Shape[1] : 1)} units of '{r.Module}' have identical {parts} (zero or constant init)")));
            }

            if (r.DeadFraction is { } dead && dead > options.DeadFraction)
            {
                flags.Add(new(InspectionFlagKind.DeadUnits, r.Module, dead, Text(
                    $"{dead:P0} of the units of '{r.Module}' are 0 on every example (threshold {options.DeadFraction:P0})")));
            }

            if (r.SaturatedFraction is { } saturated && saturated > options.SaturatedFraction)
            {
                flags.Add(new(InspectionFlagKind.Saturated, r.Module, saturated, Text(
                    $"{saturated:P0} of the values of '{r.Module}' are beyond ±{options.SaturationLevel} (threshold {options.SaturatedFraction:P0})")));
            }
        }

        EndToEnd(flags, new Span("forward", "forward signal", rows.Any(r => !double.IsFinite(r.ForwardStd)), forward, first.ForwardStd, first.Module, last.ForwardStd), layers, options);
        EndToEnd(flags, new Span("backward", "backward gradient", rows.Any(r => double.IsInfinity(r.BackwardStd)), backward, last.BackwardStd, last.Module, first.BackwardStd), layers, options);
        flags.AddRange(notMeasured.Select(m => new InspectionFlag(InspectionFlagKind.NotMeasured, m.Module, m.Parameters, Text(
            $"'{m.Module}' ({m.ModuleType}, {m.Parameters} parameters) was not measured: {m.Reason}"))));
        var ordered = flags.OrderBy(f => f.Kind).ToArray();
        return new InspectionReport(rows, ordered, forward, backward, layers, loss, Verdict(rows, ordered, forward, backward, layers)) { NotMeasured = notMeasured };
    }

    /// <summary>
    /// The last row of the end-to-end span: the row just before the output layer (the last row with parameters). The output
    /// layer's width (the classes) and a global pooling before it change the std per value — average pooling over 28×28
    /// positions divides the gradient per position by 784 — without saying anything about propagation through depth.
    /// </summary>
    internal static int SpanEnd(IReadOnlyList<ModuleInspection> rows)
    {
        int output = rows.Count - 1;
        while (output >= 0 && !rows[output].HasParameters)
        {
            output--;
        }

        return output >= 1 ? output - 1 : rows.Count - 1;
    }

    /// <summary>One direction of the end-to-end span: the gain, the std it is divided by (and where), and the other std.</summary>
    private sealed record Span(string Direction, string What, bool NotFinite, double Factor, double From, string FromModule, double To);

    private static void EndToEnd(List<InspectionFlag> flags, Span span, int layers, InspectionOptions options)
    {
        if (span.NotFinite)
        {
            flags.Add(new(InspectionFlagKind.Exploding, span.Direction, span.Factor, $"the {span.What} overflows to a non-finite value"));
        }
        else if (span.From == 0)
        {
            // A zero divisor is a signal that has already died where the span starts: it vanishes, it does not explode.
            flags.Add(new(InspectionFlagKind.Vanishing, span.Direction, 0, Text(
                $"the {span.What} is exactly 0 at '{span.FromModule}' (std {Number(span.To)} at the other end of {layers} layers): nothing propagates, so its growth is not measurable")));
        }
        else if (double.IsNaN(span.Factor))
        {
            flags.Add(new(InspectionFlagKind.NotMeasured, span.Direction, span.Factor, Text(
                $"the end-to-end {span.What} growth is not measurable (std {Number(span.To)} / {Number(span.From)})")));
        }
        else if (span.Factor > options.ExplodingFactor)
        {
            flags.Add(new(InspectionFlagKind.Exploding, span.Direction, span.Factor, Text(
                $"the {span.What} grows ×{Factor(span.Factor)} over {layers} layers (threshold ×{Factor(options.ExplodingFactor)})")));
        }
        else if (span.Factor < 1 / options.VanishingFactor)
        {
            flags.Add(new(InspectionFlagKind.Vanishing, span.Direction, span.Factor, Text(
                $"the {span.What} shrinks ×{Factor(span.Factor)} over {layers} layers (threshold ×{Factor(1 / options.VanishingFactor)})")));
        }
    }

    private static string Verdict(IReadOnlyList<ModuleInspection> rows, IReadOnlyList<InspectionFlag> flags, double forward, double backward, int layers)
    {
        if (flags.Count == 0)
        {
            return Text($"healthy: forward ×{Factor(forward)}, backward ×{Factor(backward)} over {layers} layers");
        }

        bool relu = rows.Any(r => ReluTypes.Contains(r.ModuleType));
        bool saturating = rows.Any(r => SaturatingTypes.Contains(r.ModuleType));
        string variancePreserving = relu && !saturating ? "use He for ReLU layers" : saturating && !relu ? "use Xavier for tanh/sigmoid layers" : "use He for ReLU layers and Xavier for tanh/sigmoid layers";
        var first = flags[0];
        string more = flags.Count > 1 ? Text($" (+{flags.Count - 1} more flag{(flags.Count > 2 ? "s" : "")})") : string.Empty;
        string head = first.Kind switch
        {
            InspectionFlagKind.Symmetric => Text($"symmetric: {first.Message}, so gradient descent cannot tell them apart: {variancePreserving} (any random init breaks the symmetry)"),
            InspectionFlagKind.Exploding => double.IsFinite(first.Value)
                ? Text($"{Direction(first)} explodes ×{Factor(first.Value)} over {layers} layers: {variancePreserving} (smaller weights), or LSUV")
                : $"{Direction(first)} overflows: {variancePreserving} (smaller weights), or LSUV",
            InspectionFlagKind.Vanishing => first.Value == 0
                ? Text($"{Direction(first)} vanishes: {first.Message}: {variancePreserving}, or LSUV")
                : Text($"{Direction(first)} vanishes ×{Factor(first.Value)} over {layers} layers: {variancePreserving}, or LSUV"),
            InspectionFlagKind.Saturated => Text($"saturated: {first.Message}: use smaller weights (Xavier for tanh layers), or LSUV"),
            InspectionFlagKind.DeadUnits => Text($"dead ReLUs: {first.Message}: use He with zero biases, or LSUV"),
            _ => Text($"not fully measured: {first.Message}; what was measured: forward ×{Factor(forward)}, backward ×{Factor(backward)} over {layers} layers"),
        };
        return head + more;
    }

    private static string Direction(InspectionFlag flag) => flag.Module == "forward" ? "forward signal" : "backward gradient";

    /// <summary>A factor as people write it: <c>0.9</c>, <c>1.3</c>, <c>250</c>, or <c>1e-4</c>/<c>3.2e+05</c> beyond [0.01, 1000).</summary>
    internal static string Factor(double value) =>
        !double.IsFinite(value) ? value.ToString(CultureInfo.InvariantCulture)
        : value == 0 || (Math.Abs(value) >= 0.01 && Math.Abs(value) < 1000) ? value.ToString("G2", CultureInfo.InvariantCulture)
        : value.ToString("0.#e+0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
