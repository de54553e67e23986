using System.Globalization;
using WeightInit.Models;

namespace WeightInit.Experiments.Cli;

/// <summary>What a command does with a model, which sets how many float32 copies of each parameter and activation it holds at once.</summary>
/// <param name="CopiesPerParameter">float32 copies of every parameter.</param>
/// <param name="CopiesPerActivation">float32 copies of every activation of a batch (its value, and its gradient when there is a backward pass).</param>
/// <param name="Work">What the command does, as the subject of "needs about N GB".</param>
/// <param name="Copies">What the parameter copies are.</param>
/// <param name="Purpose">What the command does, after "to" ("need about N GB to train").</param>
internal sealed record ModelUse(int CopiesPerParameter, int CopiesPerActivation, string Work, string Copies, string Purpose)
{
    /// <summary>Training: weights, gradients and up to two optimizer buffers; activations and their gradients.</summary>
    public static ModelUse Training { get; } = new(4, 2, "training them", "weights, gradients, optimizer state", "train");

    /// <summary>One forward pass on one batch (stats): the weights and the activations.</summary>
    public static ModelUse ForwardPass { get; } = new(1, 1, "a forward pass on one batch", "the weights", "run forward");

    /// <summary>One forward and backward pass on one batch (inspect): weights, activations and the gradients of both.</summary>
    public static ModelUse OnePass { get; } = new(2, 2, "a forward and backward pass on one batch", "weights and gradients", "run forward and backward");
}

/// <summary>
/// Refuses, before anything is allocated, a model and batch that cannot fit in memory, so the user gets a usage error
/// (exit 2) naming the option instead of libtorch's allocator failure. The figures are lower bounds: parameters and
/// layer outputs in float32, times the copies <see cref="ModelUse"/> says the command keeps.
/// </summary>
internal static class MemoryEstimate
{
    /// <summary>Parameters of the MLP.</summary>
    public static long Parameters(MlpSpec mlp)
    {
        long parameters = 0;
        long fanIn = mlp.InputSize;
        foreach (long width in mlp.HiddenWidths.Append(mlp.Classes))
        {
            parameters += (fanIn + 1) * width;
            fanIn = width;
        }

        return parameters;
    }

    /// <summary>Parameters of the plain conv net: 3×3 convolutions with biases, then the linear head.</summary>
    public static long Parameters(ConvNetSpec conv)
    {
        long c = conv.Channels;
        return (((conv.InputChannels * 9L) + 1) * c) + ((conv.Depth - 1) * ((c * 9 * c) + c)) + ((c + 1) * conv.Classes);
    }

    /// <summary>Values one example leaves behind in a forward pass: the input and every layer's and activation's output.</summary>
    public static long ActivationsPerExample(MlpSpec mlp) => mlp.InputSize + (2L * mlp.HiddenWidths.Sum(w => (long)w)) + mlp.Classes;

    /// <summary>Values one example leaves behind in a forward pass of the conv net (convolutions and activations keep the image size).</summary>
    public static long ActivationsPerExample(ConvNetSpec conv) =>
        (conv.InputChannels * (long)conv.ImageSize * conv.ImageSize) + (2L * conv.Depth * conv.Channels * conv.ImageSize * conv.ImageSize) + conv.Channels + conv.Classes;

    /// <summary>
    /// The evaluation batch for training <paramref name="parallel"/> runs at once: <paramref name="preferred"/> (the
    /// trainer's default), halved until every run's evaluation activations (<see cref="ActivationsPerExample(ConvNetSpec)"/>,
    /// all kept until the batch ends) take at most half of <paramref name="availableBytes"/>. Evaluation results do not depend
    /// on it beyond float summation order; a wide conv net on 4096 images at once would otherwise need tens of gigabytes.
    /// </summary>
    public static int EvaluationBatch(ConvNetSpec? conv, MlpSpec? mlp, int parallel, long availableBytes, int preferred = 4096)
    {
        long perExample = conv is not null ? ActivationsPerExample(conv) : ActivationsPerExample(mlp!);
        int batch = preferred;
        while (batch > 1 && (double)parallel * batch * perExample * 4 > availableBytes / 2.0)
        {
            batch /= 2;
        }

        return batch;
    }

    /// <summary>Checks the model the command line describes (exactly one of <paramref name="conv"/> and <paramref name="mlp"/>) with a batch of <paramref name="batch"/>.</summary>
    /// <exception cref="UsageException">The parameters alone (naming <c>--channels</c>, for the conv net) or with the batch (naming <c>--batch</c>) exceed <paramref name="availableBytes"/>.</exception>
    /// <param name="parallel">Runs at once (<c>--parallel</c>), each with its own model and batch.</param>
    public static void Check(ConvNetSpec? conv, MlpSpec? mlp, int batch, ModelUse use, long availableBytes, int parallel = 1)
    {
        string name = conv?.Name ?? mlp!.Name;
        long parameters = conv is not null ? Parameters(conv) : Parameters(mlp!);
        long perExample = conv is not null ? ActivationsPerExample(conv) : ActivationsPerExample(mlp!);
        double weights = parameters * 4.0 * use.CopiesPerParameter;
        double total = parallel * (weights + ((double)batch * perExample * 4 * use.CopiesPerActivation));
        string have = string.Create(CultureInfo.InvariantCulture, $"this machine has {availableBytes / 1e9:F1} GB") +
            (parallel > 1 ? string.Create(CultureInfo.InvariantCulture, $" for {parallel} runs at once (--parallel)") : string.Empty);
        if (weights > availableBytes)
        {
            throw new UsageException(conv is not null ? "--channels" : "--hidden", string.Create(CultureInfo.InvariantCulture,
                $"{name} has {parameters:N0} parameters; {use.Work} needs about {weights / 1e9:F1} GB ({use.Copies}) but {have}; pass a smaller {(conv is not null ? "--channels or --depth" : "--hidden")}"));
        }

        if (total > availableBytes)
        {
            throw new UsageException("--batch", string.Create(CultureInfo.InvariantCulture,
                $"{batch} images through {name} ({perExample:N0} activations an image, besides {use.Copies}) need about {total / 1e9:F1} GB to {use.Purpose} but {have}; pass a smaller --batch{(conv is not null ? ", --channels or --depth" : " or --hidden")}"));
        }
    }
}
