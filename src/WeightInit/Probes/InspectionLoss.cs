using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>The loss whose backward pass <see cref="InitializationDiagnostics.Inspect"/> measures (see its remarks).</summary>
internal static class InspectionLoss
{
    public static (Tensor Loss, string Description) Compute(Tensor output, Tensor? labels, IReadOnlyList<long> batchShape, long seed)
    {
        bool logits = output.dim() == 2 && output.shape[0] == batchShape[0] && output.shape[1] >= 2;
        if (labels is not null)
        {
            if (!logits)
            {
                throw new BatchMismatchException(
                    $"labels need logits [N, classes ≥ 2] from the model; it returned {BatchMismatchException.Format(output.shape)} for a batch of {batchShape[0]}",
                    nameof(labels), labels.shape);
            }

            long classes = output.shape[1];
            long min = labels.min().item<long>(), max = labels.max().item<long>();
            if (min < 0 || max >= classes)
            {
                throw new BatchMismatchException(
                    $"labels must be class indices in [0, {classes - 1}] for {classes} logits; got values from {min} to {max}", nameof(labels), labels.shape);
            }

            return (nn.functional.cross_entropy(output, labels), "mean cross-entropy on the given labels");
        }

        using var generator = new Generator((ulong)seed);
        if (logits)
        {
            long classes = output.shape[1];
            var drawn = empty(output.shape[0], dtype: ScalarType.Float64).uniform_(0, classes, generator).floor().clamp(0, classes - 1).to_type(ScalarType.Int64);
            return (nn.functional.cross_entropy(output, drawn),
                $"mean cross-entropy on labels drawn uniformly from the {classes} classes (seed {seed}), since none were given");
        }

        var r = empty(output.shape, dtype: output.dtype).normal_(0, 1, generator);
        return ((output * r).mean(), $"surrogate mean(output · r), r ~ N(0, 1) (seed {seed}), since the output {BatchMismatchException.Format(output.shape)} is not [N, classes] logits");
    }
}
