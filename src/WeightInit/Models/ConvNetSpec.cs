using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>
/// A plain convolutional classifier (no normalization, no skip connections), the kind whose depth makes
/// initialization matter: <see cref="Depth"/> × (3×3 convolution, padding 1, <see cref="Channels"/> channels, then
/// <see cref="Activation"/>), global average pooling, and a linear head to <see cref="Classes"/> logits. Module names:
/// <c>features.conv{i}</c>, <c>features.act{i}</c>, <c>pool</c>, <c>flatten</c>, <c>head</c>.
/// </summary>
public sealed record ConvNetSpec
{
    /// <summary>Creates a description.</summary>
    /// <param name="depth">Number of conv + activation blocks (≥ 1).</param>
    /// <param name="channels">Channels of every convolution (≥ 1).</param>
    /// <param name="activation">Nonlinearity after every convolution.</param>
    /// <param name="inputChannels">Channels of the input images (1 for MNIST and Fashion-MNIST).</param>
    /// <param name="imageSize">Height and width of the (square) input images (28 for MNIST).</param>
    /// <param name="classes">Number of logits (≥ 2).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range; the message repeats it.</exception>
    public ConvNetSpec(int depth, int channels, Activation activation, int inputChannels = 1, int imageSize = 28, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Require(depth, 1, nameof(depth));
        Require(channels, 1, nameof(channels));
        Require(inputChannels, 1, nameof(inputChannels));
        Require(imageSize, 1, nameof(imageSize));
        Require(classes, 2, nameof(classes));
        Depth = depth;
        Channels = channels;
        Activation = activation;
        InputChannels = inputChannels;
        ImageSize = imageSize;
        Classes = classes;
    }

    /// <summary>Number of conv + activation blocks.</summary>
    public int Depth { get; }

    /// <summary>Channels of every convolution.</summary>
    public int Channels { get; }

    /// <summary>Nonlinearity after every convolution.</summary>
    public Activation Activation { get; }

    /// <summary>Input channels.</summary>
    public int InputChannels { get; }

    /// <summary>Input height and width.</summary>
    public int ImageSize { get; }

    /// <summary>Number of logits.</summary>
    public int Classes { get; }

    /// <summary>Shape of one input example: <c>[InputChannels, ImageSize, ImageSize]</c>.</summary>
    public IReadOnlyList<long> InputShape => [InputChannels, ImageSize, ImageSize];

    /// <summary>Short text, e.g. <c>conv3x3x16-d10 relu</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"conv3x3x{Channels}-d{Depth} {Activation.Name}");

    /// <summary>
    /// Builds the module with every parameter allocated but not filled (nothing is drawn, from the global RNG or any other);
    /// fill it with <see cref="InitializationScheme.Apply"/> before use.
    /// </summary>
    public nn.Module<Tensor, Tensor> CreateUninitialized()
    {
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < Depth; i++)
        {
            blocks.Add(($"conv{i}", EmptyConv(i == 0 ? InputChannels : Channels, Channels)));
            blocks.Add(($"act{i}", Activation.CreateModule()));
        }

        var head = nn.Linear(Channels, Classes, device: META);
        head.weight = new Parameter(empty(Classes, Channels));
        head.bias = new Parameter(empty(Classes));
        return nn.Sequential(
            ("features", nn.Sequential(blocks)),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("head", head));
    }

    /// <summary>A <see cref="ModelDefinition"/> for <c>ExperimentBuilder.WithModel</c>.</summary>
    public ModelDefinition Definition() => new(Name, InputShape, _ => CreateUninitialized());

    private static Conv2d EmptyConv(long inputs, long outputs)
    {
        // The constructor fills its tensors from the global RNG; on the meta device nothing is drawn or allocated.
        var conv = nn.Conv2d(inputs, outputs, 3, padding: 1, device: META);
        conv.weight = new Parameter(empty(outputs, inputs, 3, 3));
        conv.bias = new Parameter(empty(outputs));
        return conv;
    }

    private static void Require(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be ≥ {minimum}; got {value}");
        }
    }
}
