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
    /// Whether the mean-field prediction (Poole et al. 2016) describes weights drawn by <paramref name="spec"/>: it assumes
    /// independent, identically distributed entries, which identity, dirac and a non-zero constant are not (an identity
    /// layer copies inputs; equal weights make every unit equal), so for them its figures would be meaningless.
    /// </summary>
    public static bool MeanFieldApplies(string spec) =>
        !Initializer.TryParse(spec, out var initializer, out _) || initializer is not (Identity or Dirac or Constant { Value: not 0.0 });

    /// <summary>
    /// <c>--hidden</c>, checked at parse time: the shape must read (see <see cref="Hidden"/>) and what the command does with
    /// the model (<paramref name="use"/>) must fit in memory (<see cref="CheckFits"/>).
    /// </summary>
    public static System.CommandLine.Option<string> HiddenOption(string description, ModelUse use)
    {
        var option = new System.CommandLine.Option<string>("--hidden") { Description = description, DefaultValueFactory = _ => "256x5" };
        option.Validators.Add(r =>
        {
            try
            {
                CheckFits(r.GetValueOrDefault<string>() ?? string.Empty, Hidden(r.GetValueOrDefault<string>() ?? string.Empty), use, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
            }
            catch (UsageException e)
            {
                r.AddError(e.Message);
            }
        });
        return option;
    }

    /// <summary>
    /// Refuses a 784-input, 10-output MLP with <paramref name="widths"/> whose float32 parameters, times the copies
    /// <paramref name="use"/> keeps of each, exceed <paramref name="availableBytes"/>.
    /// </summary>
    public static void CheckFits(string text, IReadOnlyList<int> widths, ModelUse use, long availableBytes)
    {
        long parameters = MemoryEstimate.Parameters(new MlpSpec(784, widths, 10, Models.Activation.Identity));
        long bytes = parameters * 4 * use.CopiesPerParameter;
        if (bytes > availableBytes)
        {
            throw new UsageException("--hidden", string.Create(CultureInfo.InvariantCulture,
                $"'{text}' has {parameters:N0} parameters; {use.Work} needs about {bytes / 1e9:F1} GB ({use.Copies}) but this machine has {availableBytes / 1e9:F1} GB"));
        }
    }

    /// <summary>
    /// Refuses, before anything is drawn, an initializer that cannot fill <paramref name="definition"/> (dirac on an MLP's
    /// 2-D weights, say): each scheme is applied once to a throwaway copy of the model.
    /// </summary>
    /// <exception cref="UsageException">A scheme does not fit; the message names it and the reason.</exception>
    /// <param name="definition">The model the command builds.</param>
    /// <param name="schemes">The schemes of <c>--init</c>.</param>
    /// <param name="conv">Whether the model is the plain conv net (for the message).</param>
    public static void CheckSchemesFit(ModelDefinition definition, IEnumerable<InitializationScheme> schemes, bool conv)
    {
        using var generator = new TorchSharp.torch.Generator(0);
        using var model = definition.Create(generator);
        foreach (var scheme in schemes)
        {
            try
            {
                scheme.Apply(model, generator);
            }
            catch (ArgumentException e)
            {
                string layers = conv ? "the conv net's convolutions and its linear head" : "the MLP's linear layers";
                throw new UsageException("--init", $"'{scheme.Name}' cannot initialize {definition.Name}: {e.Message} Here --init applies one initializer to every weight ({layers}), so it must fill each of their shapes; "
                    + "choose another, or pair initializers per layer kind in code (InitializationScheme.ForKind)");
            }
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
    public static IReadOnlyList<int> MlpWidths(ParseResult parse, Option<string> hidden, Option<int> depth, ModelUse use)
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
        CheckFits(text, widths, use, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        return widths;
    }
}
