namespace WeightInit.Training;

/// <summary>How a model is trained. Defaults are the documents' (SGD lr 0.1, batch 128, 10 epochs).</summary>
/// <param name="Epochs">Passes over the training split (≥ 1).</param>
/// <param name="BatchSize">Examples per step (≥ 1); the last batch of an epoch may be smaller unless <paramref name="DropLastBatch"/>.</param>
/// <param name="Optimizer">Optimizer; <see langword="null"/> = <c>Sgd(0.1)</c>.</param>
/// <param name="DropLastBatch">Skip the last incomplete batch of each epoch (PyTorch's <c>drop_last</c>).</param>
/// <param name="EvaluationBatchSize">Examples per forward pass when evaluating (memory only; results do not depend on it beyond float summation order).</param>
/// <param name="CheckEverySteps">Steps between reads of the loss for progress and divergence (the only host syncs inside an epoch). Divergence is still reported at the exact first non-finite step.</param>
/// <param name="TestEveryEpoch">Evaluate the test set after every epoch (default) or only after the last one, as the documents do (saves a forward pass over the test set per epoch).</param>
public sealed record TrainingOptions(
    int Epochs = 10,
    int BatchSize = 128,
    OptimizerSpec? Optimizer = null,
    bool DropLastBatch = false,
    int EvaluationBatchSize = 4096,
    int CheckEverySteps = 50,
    bool TestEveryEpoch = true)
{
    /// <summary>The optimizer actually used.</summary>
    public OptimizerSpec EffectiveOptimizer => Optimizer ?? new SgdSpec(0.1);

    /// <summary>Problems with single values, one message each (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Epochs < 1)
        {
            problems.Add($"epochs must be ≥ 1; got {Epochs}");
        }

        if (BatchSize < 1)
        {
            problems.Add($"batch size must be ≥ 1; got {BatchSize}");
        }

        if (EvaluationBatchSize < 1)
        {
            problems.Add($"evaluation batch size must be ≥ 1; got {EvaluationBatchSize}");
        }

        if (CheckEverySteps < 1)
        {
            problems.Add($"check interval must be ≥ 1 step; got {CheckEverySteps}");
        }

        try
        {
            EffectiveOptimizer.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            problems.Add(e.Message);
        }

        return problems;
    }
}
