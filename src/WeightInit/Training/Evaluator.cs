using WeightInit.Internal;
using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>Loss and accuracy of a model on a data subset.</summary>
public static class Evaluator
{
    /// <summary>
    /// Mean cross-entropy and accuracy of <paramref name="model"/> on <paramref name="data"/>, in batches of
    /// <paramref name="batchSize"/> under <c>no_grad</c>, in evaluation mode; sums stay on the device and are read once.
    /// </summary>
    /// <remarks>
    /// The model is put in evaluation mode for the measurement (PyTorch's <c>model.eval()</c>: dropout off, batch norm
    /// normalizing with its running statistics and not updating them), and every module's training flag is put back
    /// afterwards, so evaluating twice gives the same figures and the data evaluated on never leaks into the model.
    /// </remarks>
    /// <param name="model">Any classifier returning logits <c>[N, classes]</c>.</param>
    /// <param name="data">The rows.</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <param name="inputShape">Shape of one example as the model takes it (e.g. <c>[1, 28, 28]</c>); null = flat rows.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, or its rows cannot be reshaped to <paramref name="inputShape"/>.</exception>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, DataSubset data, int batchSize = 4096, IReadOnlyList<long>? inputShape = null)
    {
        ExampleShape.Check(inputShape, nameof(inputShape));
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (data.Count == 0)
        {
            throw new ArgumentException($"cannot evaluate on an empty subset of {data.Data.Name}", nameof(data));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var modes = ModuleModes.Evaluation(model);
        var lossSum = zeros(1, ScalarType.Float64);
        var correct = zeros(1, ScalarType.Int64);
        for (long start = 0; start < data.Count; start += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var (x, y) = data.Gather(null, start, Math.Min(batchSize, data.Count - start));
            var logits = model.call(ExampleShape.Apply(x, inputShape));
            lossSum.add_(nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).to_type(ScalarType.Float64), HeldScalars.One);
            correct.add_(logits.argmax(1).eq(y).sum(), HeldScalars.One);
        }

        return (lossSum.item<double>() / data.Count, (double)correct.item<long>() / data.Count);
    }
}
