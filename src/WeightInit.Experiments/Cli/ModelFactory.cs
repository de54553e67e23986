using System.CommandLine;
using System.Globalization;
using WeightInit.Initializers;
using WeightInit.Models;

namespace WeightInit.Experiments.Cli;

/// <summary>Turns command-line words into models and schemes, with the documents' conventions.</summary>
internal static class ModelFactory
{
    /// <summary>An activation from its CLI name (<see cref="Models.Activation.Parse"/>; <c>leaky_relu</c> uses slope 0.01, PyTorch's default).</summary>
    public static Activation Activation(string name) =>
        Models.Activation.TryParse(name, out var activation, out string? error) ? activation : throw new UsageException("--activation", error);

    /// <summary>A scheme from an initializer spec, with the documents' convention for their four methods (<see cref="DocumentMethods.Scheme"/>).</summary>
    public static InitializationScheme Scheme(string spec)
    {
        try
        {
            return DocumentMethods.Scheme(spec);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--init", e.Message.Split(" (Parameter")[0]);
        }
    }

    /// <summary>
    /// <c>--hidden</c>, checked at parse time: the shape must read (see <see cref="Hidden"/>) and training it must fit in
    /// memory (<see cref="CheckFits"/>).
    /// </summary>
    public static System.CommandLine.Option<string> HiddenOption(string description)
    {
        var option = new System.CommandLine.Option<string>("--hidden") { Description = description, DefaultValueFactory = _ => "256x5" };
        option.Validators.Add(r =>
        {
            try
            {
                CheckFits(r.GetValueOrDefault<string>() ?? string.Empty, Hidden(r.GetValueOrDefault<string>() ?? string.Empty), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
            }
            catch (UsageException e)
            {
                r.AddError(e.Message);
            }
        });
        return option;
    }

    /// <summary>
    /// Refuses a 784-input, 10-output MLP with <paramref name="widths"/> whose training state — weights, gradients and
    /// up to two optimizer buffers, 4 float32 copies of every parameter — exceeds <paramref name="availableBytes"/>.
    /// </summary>
    public static void CheckFits(string text, IReadOnlyList<int> widths, long availableBytes)
    {
        long parameters = 0;
        long fanIn = 784;
        foreach (long width in widths.Append(10))
        {
            parameters += (fanIn + 1) * width;
            fanIn = width;
        }

        long bytes = parameters * 4 * 4;
        if (bytes > availableBytes)
        {
            throw new UsageException("--hidden", string.Create(CultureInfo.InvariantCulture,
                $"'{text}' has {parameters:N0} parameters; training them needs about {bytes / 1e9:F1} GB (weights, gradients, optimizer state) but this machine has {availableBytes / 1e9:F1} GB"));
        }
    }

    /// <summary>Hidden widths from <c>256x5</c> or <c>512,256,128,64</c>.</summary>
    public static IReadOnlyList<int> Hidden(string text)
    {
        string[] times = text.Split('x', 'X');
        if (times.Length == 2 && int.TryParse(times[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            && int.TryParse(times[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count) && width > 0 && count > 0 && count <= 10_000)
        {
            return MlpSpec.Hidden(width, count);
        }

        var widths = text.Split(',', StringSplitOptions.TrimEntries);
        if (widths.Length > 0 && widths.All(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0))
        {
            return widths.Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        }

        throw new UsageException("--hidden", $"expected WIDTHxCOUNT (e.g. 256x5) or comma-separated widths (e.g. 512,256,128,64); got '{text}'");
    }

    /// <summary>
    /// The MLP's hidden widths: <c>--hidden</c>, or, when <c>--depth</c> is given, <c>--depth</c> layers of the
    /// single width <c>--hidden</c> (256 when left out).
    /// </summary>
    /// <exception cref="UsageException"><c>--depth</c> is given with a <c>--hidden</c> that already sets the depth.</exception>
    public static IReadOnlyList<int> MlpWidths(ParseResult parse, Option<string> hidden, Option<int> depth)
    {
        string text = parse.GetValue(hidden)!;
        if (parse.GetResult(depth) is not { Implicit: false })
        {
            return Hidden(text);
        }

        string width = parse.GetResult(hidden) is { Implicit: false } ? text : "256";
        if (!int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out int w) || w < 1)
        {
            throw new UsageException("--depth", $"with --model mlp, --depth {parse.GetValue(depth)} needs a single --hidden width (e.g. --hidden 256 --depth 20); got --hidden '{text}', which sets the depth itself");
        }

        var widths = Hidden(string.Create(CultureInfo.InvariantCulture, $"{w}x{parse.GetValue(depth)}"));
        CheckFits(text, widths, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        return widths;
    }
}
