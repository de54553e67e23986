using System.CommandLine;
using WeightInit.Models;

namespace WeightInit.Experiments.Cli;

/// <summary>
/// The options that choose a model, shared by <c>train</c> and <c>inspect</c> so they read a command line the same way:
/// <c>--model mlp|conv</c>, <c>--hidden</c>, <c>--depth</c> and <c>--channels</c>.
/// </summary>
/// <param name="Model">mlp or conv.</param>
/// <param name="Hidden">The MLP's hidden widths (see <see cref="ModelFactory.MlpWidths"/>).</param>
/// <param name="Depth">Conv blocks, or the MLP's hidden-layer count with a single <c>--hidden</c> width.</param>
/// <param name="Channels">Channels of every convolution.</param>
/// <param name="Use">What the command does with the model (sets the memory check of <c>--hidden</c>).</param>
internal sealed record ModelOptions(Option<string> Model, Option<string> Hidden, Option<int> Depth, Option<int> Channels, ModelUse Use)
{
    /// <summary>The four options, <c>--depth</c> defaulting to <paramref name="defaultDepth"/> conv blocks; <paramref name="use"/> says what the command does with the model.</summary>
    public static ModelOptions Create(int defaultDepth, string hiddenExample, ModelUse use)
    {
        var model = new Option<string>("--model") { Description = "mlp (hidden widths from --hidden) or conv (--depth × 3×3 conv + activation, pooling, linear head).", DefaultValueFactory = _ => "mlp" };
        model.AcceptOnlyFromAmong("mlp", "conv");
        return new ModelOptions(
            model,
            ModelFactory.HiddenOption($"Hidden widths of --model mlp: WIDTHxCOUNT ({hiddenExample}), a comma list (512,256,128,64), or one WIDTH with --depth.", use),
            CliOptions.Int("--depth", "Conv blocks of --model conv; with --model mlp, the number of hidden layers of width --hidden.", defaultDepth, 1, 100),
            CliOptions.Int("--channels", "Channels of every convolution of --model conv.", 16, 1, 1024),
            use);
    }

    /// <summary>The model the command line describes: exactly one of the two specs is set.</summary>
    /// <exception cref="UsageException">The hidden widths are malformed, too large for memory, or conflict with --depth.</exception>
    public (ConvNetSpec? Conv, MlpSpec? Mlp) Resolve(ParseResult parse, Activation activation) =>
        parse.GetValue(Model) == "conv"
            ? (new ConvNetSpec(parse.GetValue(Depth), parse.GetValue(Channels), activation), null)
            : (null, new MlpSpec(784, ModelFactory.MlpWidths(parse, Hidden, Depth, Use), 10, activation));
}
