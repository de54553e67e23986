using WeightInit.Data;
using WeightInit.Initializers;
using WeightInit.Models;

namespace WeightInit.Experiments.Reproduction;

/// <summary>One training experiment of the documents, described as data.</summary>
/// <param name="Id">File-name-safe id, e.g. <c>q53-tanh-unit</c>.</param>
/// <param name="Title">Heading, e.g. <c>Q5.3 Tanh training</c>.</param>
/// <param name="Section">Which document section it reproduces (<c>Q5.3</c>, <c>Q5.4</c>, <c>Notebook</c>).</param>
/// <param name="Model">The network.</param>
/// <param name="Schemes">The initializations compared.</param>
/// <param name="Epochs">Epochs.</param>
/// <param name="ValidationFraction">Share of the training set held out for validation.</param>
/// <param name="Scaling">Input scaling.</param>
/// <param name="WeightHistograms">Record per-layer weight histograms before and after training.</param>
public sealed record PlannedExperiment(
    string Id,
    string Title,
    string Section,
    MlpSpec Model,
    IReadOnlyList<InitializationScheme> Schemes,
    int Epochs,
    double ValidationFraction,
    PixelScaling Scaling,
    bool WeightHistograms);

/// <summary>
/// What <c>reproduce</c> runs: Q5.2–Q5.4 on the 784-256×5-10 MLP (SGD 0.1, batch 128, 10 epochs, the whole training
/// set) with the document's four methods, and the notebook's 784-512-256-128-64-10 ReLU MLP with Kaiming-uniform versus
/// N(0, 0.001) (15 epochs, 10 % validation). One parameterized description, not one function per case.
/// </summary>
public static class ReproducePlan
{
    /// <summary>Batch size of every training run (the documents use 128).</summary>
    public const int BatchSize = 128;

    /// <summary>SGD learning rate of every training run (the documents use 0.1).</summary>
    public const double LearningRate = 0.1;

    /// <summary>Images in the Q5.2 statistics batch.</summary>
    public const int StatisticsBatch = 256;

    /// <summary>The shape Q5.1 samples, <c>(fan_in, fan_out)</c>: the documents' <c>initialize_weights((784, 256), method)</c>.</summary>
    public static (int FanIn, int FanOut) Q51Shape => (784, 256);

    /// <summary>Training images in a quick run.</summary>
    public const int QuickTrainCount = 6000;

    /// <summary>Test images in a quick run.</summary>
    public const int QuickTestCount = 2000;

    /// <summary>Epochs in a quick run.</summary>
    public const int QuickEpochs = 2;

    /// <summary>The notebook's Kaiming-uniform model (A): <c>kaiming_uniform_(mode='fan_in', nonlinearity='relu')</c>, zero biases.</summary>
    public static InitializationScheme KaimingUniform => new(new HeUniform(0, FanMode.FanIn, "relu"), name: "kaiming_uniform");

    /// <summary>The notebook's model B: <c>normal_(0, 0.001)</c>, zero biases.</summary>
    public static InitializationScheme SmallNormal => new(new Normal(0, 0.001), name: "normal_0.001");

    /// <summary>The experiments for <paramref name="options"/>, in the order they run.</summary>
    public static IReadOnlyList<PlannedExperiment> For(ReproduceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int q5Epochs = options.Quick ? QuickEpochs : 10;
        int notebookEpochs = options.Quick ? QuickEpochs : 15;
        var plan = new List<PlannedExperiment>
        {
            Q5("q53-tanh-unit", "Q5.3 Tanh training, inputs in [0, 1]", "Q5.3", Activation.Tanh, q5Epochs, PixelScaling.UnitInterval),
            Q5("q54-relu-unit", "Q5.4 ReLU training, inputs in [0, 1]", "Q5.4", Activation.ReLU, q5Epochs, PixelScaling.UnitInterval),
            new("notebook-relu-unit", "Notebook: Kaiming-uniform vs N(0, 0.001), 784-512-256-128-64-10 ReLU", "Notebook",
                MlpSpec.Tapered(), [KaimingUniform, SmallNormal], notebookEpochs, 0.1, PixelScaling.UnitInterval, WeightHistograms: true),
        };
        if (options.Scaling == ScalingChoice.All)
        {
            plan.Add(Q5("q53-tanh-x255", "Q5.3 Tanh training, the code's × 255 inputs", "Q5.3", Activation.Tanh, q5Epochs, PixelScaling.Raw));
            plan.Add(Q5("q54-relu-half", "Q5.4 ReLU training, the code's x·0.5 + 0.5 inputs", "Q5.4", Activation.ReLU, q5Epochs, PixelScaling.HalfShifted));
        }

        return plan;
    }

    /// <summary>The document's four methods as schemes: weights drawn <c>[fan_in, fan_out]</c> and transposed, biases 0 (Q5.2's model).</summary>
    public static IReadOnlyList<InitializationScheme> DocumentSchemes() =>
        DocumentMethods.Names.Select(m => new InitializationScheme(DocumentMethods.Resolve(m), name: m).WithLayout(WeightLayout.InOutTransposed)).ToArray();

    private static PlannedExperiment Q5(string id, string title, string section, Activation activation, int epochs, PixelScaling scaling) =>
        new(id, title, section, MlpSpec.Deep256(activation), DocumentSchemes(), epochs, 0, scaling, WeightHistograms: false);
}
