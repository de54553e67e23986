using WeightInit.Models;
using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>Loss and accuracy of a model on a data subset.</summary>
public static class Evaluator
{
    /// <summary>
    /// Mean cross-entropy and accuracy of <paramref name="model"/> on <paramref name="data"/>, in batches of
    /// <paramref name="batchSize"/> under <c>no_grad</c>; sums stay on the device and are read once.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty.</exception>
    public static (double Loss, double Accuracy) Evaluate(Mlp model, DataSubset data, int batchSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (data.Count == 0)
        {
            throw new ArgumentException($"cannot evaluate on an empty subset of {data.Data.Name}", nameof(data));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var lossSum = zeros(1, ScalarType.Float64);
        var correct = zeros(1, ScalarType.Int64);
        for (long start = 0; start < data.Count; start += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var (x, y) = data.Gather(null, start, Math.Min(batchSize, data.Count - start));
            var logits = model.forward(x);
            lossSum.add_(nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).to_type(ScalarType.Float64), HeldScalars.One);
            correct.add_(logits.argmax(1).eq(y).sum(), HeldScalars.One);
        }

        return (lossSum.item<double>() / data.Count, (double)correct.item<long>() / data.Count);
    }
}
