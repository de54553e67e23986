using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// The identity matrix times <see cref="Gain"/> (PyTorch's <c>eye_</c>, with an optional gain): ones on the main
/// diagonal of a 2-D <c>[out, in]</c> weight, zeros elsewhere, so a square linear layer starts as the identity map.
/// Registered as <c>identity</c> and <c>eye</c>. With gain 1 it is <c>torch.nn.init.eye_</c>'s tensor (checked against
/// PyTorch's in the tests); PyTorch's <c>eye_</c> has no gain.
/// </summary>
public sealed class Identity : IInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">The diagonal value (finite, &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gain"/> is not finite and positive.</exception>
    public Identity(double gain = 1.0)
    {
        Gain = Guard.Positive(gain, nameof(gain));
        Name = InitializerName.Of("identity", ("gain", gain));
    }

    /// <summary>The diagonal value.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    /// <remarks><paramref name="generator"/> and <paramref name="fan"/> are not used.</remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point or not 2-D.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        Guard.Rank(tensor, "identity", 2);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        tensor.copy_(eye(tensor.shape[0], tensor.shape[1], tensor.dtype).mul_(Gain));
    }
}
