using System.Text.Json.Serialization;

namespace WeightInit.Models;

/// <summary>
/// The shape of a multilayer perceptron: <c>input → hidden₁ → … → hiddenₖ → classes</c>, every hidden layer
/// followed by <see cref="Activation"/>, the output layer linear (logits).
/// </summary>
public sealed record MlpSpec
{
    /// <summary>Creates a description.</summary>
    /// <param name="inputSize">Features per example (784 for MNIST).</param>
    /// <param name="hiddenWidths">Width of each hidden layer, input side first; may be empty (logistic regression).</param>
    /// <param name="classes">Number of output logits (≥ 2).</param>
    /// <param name="activation">Nonlinearity after every hidden layer.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or <paramref name="classes"/> &lt; 2.</exception>
    [JsonConstructor]
    public MlpSpec(int inputSize, IReadOnlyList<int> hiddenWidths, int classes, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(hiddenWidths);
        ArgumentNullException.ThrowIfNull(activation);
        if (inputSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"the input size must be positive; got {inputSize}");
        }

        for (int i = 0; i < hiddenWidths.Count; i++)
        {
            if (hiddenWidths[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(hiddenWidths), hiddenWidths[i], $"hidden layer {i + 1} must have a positive width; got [{string.Join(", ", hiddenWidths)}]");
            }
        }

        if (classes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, $"a classifier needs at least 2 classes; got {classes}");
        }

        InputSize = inputSize;
        HiddenWidths = hiddenWidths.ToArray();
        Classes = classes;
        Activation = activation;
    }

    /// <summary>Features per example.</summary>
    public int InputSize { get; }

    /// <summary>Hidden widths, input side first.</summary>
    public IReadOnlyList<int> HiddenWidths { get; }

    /// <summary>Number of classes (output logits).</summary>
    public int Classes { get; }

    /// <summary>Nonlinearity after each hidden layer.</summary>
    public Activation Activation { get; }

    /// <summary>Number of linear layers: hidden layers + 1.</summary>
    [JsonIgnore]
    public int LayerCount => HiddenWidths.Count + 1;

    /// <summary>Short text, e.g. <c>784-256x5-10 tanh</c>.</summary>
    [JsonIgnore]
    public string Name
    {
        get
        {
            var parts = new List<string> { InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            int i = 0;
            while (i < HiddenWidths.Count)
            {
                int j = i;
                while (j < HiddenWidths.Count && HiddenWidths[j] == HiddenWidths[i])
                {
                    j++;
                }

                parts.Add(j - i > 1 ? $"{HiddenWidths[i]}x{j - i}" : $"{HiddenWidths[i]}");
                i = j;
            }

            parts.Add(Classes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return $"{string.Join("-", parts)} {Activation.Name}";
        }
    }

    /// <summary><c>(in, out)</c> of linear layer <paramref name="layer"/> (0-based; the last is the output layer).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is outside [0, <see cref="LayerCount"/>).</exception>
    public (int In, int Out) LayerShape(int layer)
    {
        if (layer < 0 || layer >= LayerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {LayerCount}); got {layer}");
        }

        int fanIn = layer == 0 ? InputSize : HiddenWidths[layer - 1];
        int fanOut = layer == HiddenWidths.Count ? Classes : HiddenWidths[layer];
        return (fanIn, fanOut);
    }

    /// <summary><paramref name="times"/> hidden layers of width <paramref name="width"/>, e.g. <c>Hidden(256, times: 5)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive.</exception>
    public static IReadOnlyList<int> Hidden(int width, int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        return Enumerable.Repeat(width, times).ToArray();
    }

    /// <summary>The documents' Q5 network: 784 → 256×5 → 10 with <paramref name="activation"/> (Tanh in Q5.2/Q5.3, ReLU in Q5.4).</summary>
    public static MlpSpec Deep256(Activation activation) => new(784, Hidden(256, 5), 10, activation);

    /// <summary>The documents' tapered network: 784-512-256-128-64-10 with ReLU.</summary>
    public static MlpSpec Tapered() => new(784, [512, 256, 128, 64], 10, Activation.ReLU);

    /// <inheritdoc/>
    public bool Equals(MlpSpec? other) =>
        other is not null && InputSize == other.InputSize && Classes == other.Classes &&
        Activation == other.Activation && HiddenWidths.SequenceEqual(other.HiddenWidths);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(InputSize, Classes, Activation, HiddenWidths.Count);
}
