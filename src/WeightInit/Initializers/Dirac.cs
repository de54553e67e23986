using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// The Dirac delta for convolutions (PyTorch's <c>dirac_</c>): a <c>[out, in/groups, k…]</c> weight (3-, 4- or 5-D)
/// whose <c>i</c>-th output channel of each group copies the <c>i</c>-th input channel at the kernel centre
/// <c>k / 2</c>, so the convolution (with "same" padding) starts as the identity on as many channels as it keeps.
/// </summary>
public sealed class Dirac : IInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="groups">The convolution's groups (≥ 1); the output channels must divide into them.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="groups"/> &lt; 1.</exception>
    public Dirac(int groups = 1)
    {
        if (groups < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"groups must be ≥ 1; got {groups}");
        }

        Groups = groups;
        Name = InitializerName.Of("dirac", ("groups", groups));
    }

    /// <summary>The convolution's groups.</summary>
    public int Groups { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    /// <remarks><paramref name="generator"/> and <paramref name="fan"/> are not used.</remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point, not 3/4/5-D, or its output channels are not a multiple of <see cref="Groups"/>.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        Guard.Rank(tensor, "dirac", 3, 4, 5);
        long[] shape = tensor.shape;
        if (shape[0] % Groups != 0)
        {
            throw new ArgumentException(
                $"dirac: output channels ({shape[0]}) must be a multiple of groups ({Groups}); got shape [{string.Join(", ", shape)}]", nameof(tensor));
        }

        long outPerGroup = shape[0] / Groups;
        long channels = Math.Min(outPerGroup, shape[1]);
        using var noGrad = no_grad();
        tensor.zero_();
        var index = new TensorIndex[shape.Length];
        for (int d = 2; d < shape.Length; d++)
        {
            index[d] = TensorIndex.Single(shape[d] / 2);
        }

        for (long g = 0; g < Groups; g++)
        {
            for (long c = 0; c < channels; c++)
            {
                index[0] = TensorIndex.Single((g * outPerGroup) + c);
                index[1] = TensorIndex.Single(c);
                using var element = tensor[index];
                element.fill_(1.0);
            }
        }
    }
}
