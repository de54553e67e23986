using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>Reshapes flat data rows <c>[N, D]</c> to the shape a model takes, <c>[N, …shape]</c>.</summary>
internal static class ExampleShape
{
    public static IReadOnlyList<long>? Check(IReadOnlyList<long>? shape, string parameter)
    {
        if (shape is not null && (shape.Count == 0 || shape.Any(d => d < 1)))
        {
            throw new ArgumentException($"an input shape needs at least one dimension, each ≥ 1; got [{string.Join(", ", shape)}]", parameter);
        }

        return shape?.ToArray();
    }

    public static long Size(IReadOnlyList<long> shape) => shape.Aggregate(1L, (a, b) => a * b);

    public static Tensor Apply(Tensor rows, IReadOnlyList<long>? shape) =>
        shape is null || (shape.Count == 1 && shape[0] == rows.shape[1]) ? rows : rows.reshape([rows.shape[0], .. shape]);
}
