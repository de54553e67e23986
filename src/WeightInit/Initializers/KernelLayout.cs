namespace WeightInit.Initializers;

/// <summary>
/// How a kernel's dimensions are ordered, which decides its fans (and, for <see cref="Orthogonal"/> under Keras'
/// semantics, how it is flattened to a matrix). Chosen once per <see cref="KerasInitializer"/>.
/// </summary>
public enum KernelLayout
{
    /// <summary>
    /// Keras' layout: a <c>Dense</c> kernel is <c>[in, out]</c>, a convolution kernel <c>[k₁, …, in, out]</c>
    /// (fans from <see cref="KerasInitializers.ComputeFans(long[])"/>, Keras 3's <c>compute_fans</c>).
    /// Use it for tensors stored the Keras way, e.g. weights exchanged with a Keras model.
    /// </summary>
    Keras,

    /// <summary>
    /// PyTorch's and TorchSharp's layout: <c>Linear.weight</c> is <c>[out, in]</c>, a convolution weight
    /// <c>[out, in/groups, k₁, …]</c> (fans from <see cref="Fan.FromWeight(long[])"/>). Use it to fill a TorchSharp
    /// module's parameters with Keras' distributions.
    /// </summary>
    PyTorch,
}
