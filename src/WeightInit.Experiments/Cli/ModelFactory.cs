using WeightInit.Initializers;
using WeightInit.Models;

namespace WeightInit.Experiments.Cli;

/// <summary>Turns command-line words into models and schemes, with the documents' conventions.</summary>
internal static class ModelFactory
{
    /// <summary>An activation from its CLI name (<c>leaky_relu</c> uses slope 0.01, PyTorch's default).</summary>
    public static Activation Activation(string name) => name switch
    {
        "identity" => Models.Activation.Identity,
        "tanh" => Models.Activation.Tanh,
        "relu" => Models.Activation.ReLU,
        "leaky_relu" => Models.Activation.LeakyReLU(),
        "sigmoid" => Models.Activation.Sigmoid,
        "selu" => Models.Activation.Selu,
        "gelu" => Models.Activation.Gelu,
        _ => throw new UsageException("--activation", $"unknown activation '{name}'; expected identity, tanh, relu, leaky_relu, sigmoid, selu or gelu"),
    };

    /// <summary>
    /// A scheme from an initializer spec. The documents' four methods keep the documents' convention (draw
    /// <c>[fan_in, fan_out]</c>, store its transpose, zero biases); every other spec fills <c>weight</c> as PyTorch does.
    /// </summary>
    public static InitializationScheme Scheme(string spec)
    {
        if (DocumentMethods.Names.Contains(spec))
        {
            return new InitializationScheme(DocumentMethods.Resolve(spec), name: spec).WithLayout(WeightLayout.InOutTransposed);
        }

        if (!Initializer.TryParse(spec, out var initializer, out string? error))
        {
            throw new UsageException("--init", error);
        }

        return new InitializationScheme(initializer, name: spec);
    }

    /// <summary>Hidden widths from <c>256x5</c> or <c>512,256,128,64</c>.</summary>
    public static IReadOnlyList<int> Hidden(string text)
    {
        string[] times = text.Split('x', 'X');
        if (times.Length == 2 && int.TryParse(times[0], out int width) && int.TryParse(times[1], out int count) && width > 0 && count > 0)
        {
            return MlpSpec.Hidden(width, count);
        }

        var widths = text.Split(',', StringSplitOptions.TrimEntries);
        if (widths.Length > 0 && widths.All(w => int.TryParse(w, out int v) && v > 0))
        {
            return widths.Select(int.Parse).ToArray();
        }

        throw new UsageException("--hidden", $"expected WIDTHxCOUNT (e.g. 256x5) or comma-separated widths (e.g. 512,256,128,64); got '{text}'");
    }
}
