namespace WeightInit.Experimenting;

/// <summary>Which measurements each run records. A value of 0 turns that probe off.</summary>
/// <param name="ActivationBatchSize">Examples in the batch (drawn from the training split) on which the untrained model's hidden activations are measured (the documents' Q5.2 uses 256).</param>
/// <param name="ActivationHistogramBins">Bins of each activation histogram.</param>
/// <param name="GradientEverySteps">Record gradient and weight statistics at steps 1, 1+N, … (0 = off).</param>
/// <param name="WeightHistogramBins">Bins of the per-layer weight histograms before and after training.</param>
public sealed record ProbeOptions(int ActivationBatchSize = 256, int ActivationHistogramBins = 50, int GradientEverySteps = 0, int WeightHistogramBins = 50)
{
    /// <summary>No probes at all.</summary>
    public static ProbeOptions None { get; } = new(0, 0, 0, 0);

    /// <summary>Problems with single values (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (ActivationBatchSize is < 0 or 1)
        {
            problems.Add($"activation probe batch size must be 0 (off) or ≥ 2; got {ActivationBatchSize}");
        }

        if (ActivationHistogramBins < 0)
        {
            problems.Add($"activation histogram bins must be ≥ 0; got {ActivationHistogramBins}");
        }

        if (GradientEverySteps < 0)
        {
            problems.Add($"gradient probe interval must be ≥ 0 steps; got {GradientEverySteps}");
        }

        if (WeightHistogramBins < 0)
        {
            problems.Add($"weight histogram bins must be ≥ 0; got {WeightHistogramBins}");
        }

        return problems;
    }
}
