using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// The bias counterpart of <see cref="PyTorchLinearDefault"/>: what <c>Linear</c> (and conv) layers do to their bias
/// when left alone, <c>U(−1/√fan_in, 1/√fan_in)</c> with <c>fan_in</c> of the layer's weight.
/// </summary>
public sealed class PyTorchLinearDefaultBias : IInitializer
{
    /// <inheritdoc/>
    public string Name => "pytorch_default_bias";

    /// <summary><c>1 / √(3 · fan_in)</c>, the std of <c>U(±1/√fan_in)</c>.</summary>
    public double? TargetStd(IReadOnlyList<long> shape, Fan? fan) =>
        fan is { } f ? 1.0 / Math.Sqrt(3.0 * f.In) : shape is { Count: >= 2 } ? 1.0 / Math.Sqrt(3.0 * Fan.FromWeight([.. shape]).In) : null;

    /// <summary>Overwrites the bias in place with <c>U(−1/√fan_in, 1/√fan_in)</c> under <c>torch.no_grad()</c>.</summary>
    /// <param name="tensor">The bias (any rank).</param>
    /// <param name="generator">The only source of randomness.</param>
    /// <param name="fan">The fans of the layer's weight; required for a rank-1 bias (they cannot be derived from it).</param>
    /// <exception cref="ArgumentException">The tensor is not floating-point, or <paramref name="fan"/> is null and the tensor has rank &lt; 2.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        double bound = 1.0 / Math.Sqrt(Fan.Resolve(tensor, fan).In);
        using var noGrad = no_grad();
        tensor.uniform_(-bound, bound, generator);
    }
}
