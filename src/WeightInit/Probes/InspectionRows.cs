using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>Turns the captured forward statistics and the gradients into <see cref="ModuleInspection"/> rows with growth factors.</summary>
internal static class InspectionRows
{
    public static IReadOnlyList<ModuleInspection> Build(IReadOnlyList<CapturedModule> captured, IReadOnlyDictionary<IntPtr, Tensor> gradients, IReadOnlyDictionary<string, double>? meanField)
    {
        var backward = captured.Select(c => gradients.TryGetValue(c.Output.Handle, out var g) ? Std(g) : double.NaN).ToArray();
        var parameterGradient = captured.Select(c => c.Parameters.Count == 0 ? (double?)null : ParameterGradientStd(c.Parameters, gradients)).ToArray();
        var rows = new ModuleInspection[captured.Count];
        for (int i = 0; i < captured.Count; i++)
        {
            var c = captured[i];
            int nextWithParameters = Array.FindIndex(parameterGradient, i + 1, p => p is not null);
            rows[i] = new ModuleInspection(
                i + 1,
                c.Name,
                c.Module.GetType().Name,
                c.Output.shape,
                c.Std,
                backward[i],
                parameterGradient[i],
                i > 0 ? Ratio(c.Std, captured[i - 1].Std) : null,
                i < captured.Count - 1 ? Ratio(backward[i], backward[i + 1]) : null,
                parameterGradient[i] is { } pg && nextWithParameters >= 0 ? Ratio(pg, parameterGradient[nextWithParameters]!.Value) : null,
                c.Dead,
                c.Saturated,
                c.Symmetric,
                meanField is not null && meanField.TryGetValue(c.Name, out double predicted) ? predicted : null);
        }

        return rows;
    }

    /// <summary><c>a / b</c>, or null when <paramref name="b"/> is 0 or not finite: a growth from nothing is not measurable, not infinite.</summary>
    internal static double? Ratio(double a, double b) => b != 0 && double.IsFinite(b) ? a / b : null;

    private static double ParameterGradientStd(IReadOnlyList<Tensor> parameters, IReadOnlyDictionary<IntPtr, Tensor> gradients)
    {
        var grads = parameters.Select(p => gradients.TryGetValue(p.Handle, out var g) ? g : null).ToArray();
        if (grads.Any(g => g is null))
        {
            return double.NaN;   // frozen (requires_grad = false) or never reached by the loss
        }

        using var scope = NewDisposeScope();
        return Std(grads.Length == 1 ? grads[0]! : cat(grads.Select(g => g!.flatten()).ToArray()));
    }

    private static double Std(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.numel() < 2 ? double.NaN : t.detach().to_type(ScalarType.Float64).std().item<double>();
    }
}
