namespace WeightInit.Experiments.Figures;

/// <summary>What one initializer does to a model's signal, per layer 1 … L (rows of an inspection that own parameters).</summary>
/// <param name="Initializer">Legend label, e.g. <c>he</c>.</param>
/// <param name="ForwardStd">Std of each layer's output on the batch.</param>
/// <param name="BackwardStd">Std of the loss gradient at each layer's output.</param>
/// <param name="MeanFieldStd">Mean-field prediction of <paramref name="ForwardStd"/>, or null when the model has none.</param>
internal sealed record SignalSeries(string Initializer, IReadOnlyList<double> ForwardStd, IReadOnlyList<double> BackwardStd, IReadOnlyList<double>? MeanFieldStd);

/// <summary>The figure of <c>weightinit inspect</c>: forward and backward std against layer, log scale, one line per initializer.</summary>
internal static class SignalFigure
{
    /// <summary>
    /// Two log-scale panels, one above the other (forward std, then backward std, against layer), each with its legend on
    /// the right; mean-field predictions dashed in the initializer's color.
    /// </summary>
    /// <exception cref="ArgumentException">No series.</exception>
    public static Figure Build(string model, IReadOnlyList<SignalSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("need at least one initializer's series; got none.", nameof(series));
        }

        var forward = series.Select((s, i) => LineSeries.Indexed(s.Initializer, s.ForwardStd) with { ColorIndex = i }).ToList();
        forward.AddRange(series.Select((s, i) => (s, i)).Where(p => p.s.MeanFieldStd is not null)
            .Select(p => LineSeries.Indexed($"{p.s.Initializer} (mean field)", p.s.MeanFieldStd!) with { ColorIndex = p.i, Dashed = true, Markers = false }));
        var backward = series.Select((s, i) => LineSeries.Indexed(s.Initializer, s.BackwardStd) with { ColorIndex = i }).ToArray();
        return Figures.Lines(
            [
                new LinePanel($"{model}: forward std of each layer's output", "Layer", "Std of output (log)", forward) { LogY = true },
                new LinePanel($"{model}: backward std of ∂loss/∂output", "Layer", "Std of gradient (log)", backward) { LogY = true },
            ],
            columns: 1,
            width: 1000);
    }
}
