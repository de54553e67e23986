using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// A Keras 3 initializer (<c>keras.initializers.*</c>), read by <see cref="KerasInitializers.FromConfig(string, KernelLayout)"/>:
/// the draw of one of this library's initializers with Keras' parameters and defaults, and the fans taken from the
/// tensor's shape in the chosen <see cref="KernelLayout"/>.
/// </summary>
/// <remarks>
/// <para>
/// Keras semantics kept here (Keras 3, <c>keras/src/initializers/random_initializers.py</c> and
/// <c>constant_initializers.py</c>): <c>VarianceScaling</c>'s <c>"normal"</c> and <c>"truncated_normal"</c> are a normal
/// truncated at ±2 of its standard deviation with that standard deviation divided by 0.87962566103423978, so the
/// values still have variance <c>scale / n</c>; <c>"untruncated_normal"</c> is the plain normal. <c>GlorotNormal</c>,
/// <c>HeNormal</c> and <c>LecunNormal</c> are therefore truncated (PyTorch's <c>xavier_normal_</c> and
/// <c>kaiming_normal_</c> are not). <c>TruncatedNormal(mean, stddev)</c> truncates at <c>mean ± 2·stddev</c> without the
/// correction. <c>Orthogonal</c> in <see cref="KernelLayout.Keras"/> flattens the kernel to
/// <c>[shape[0]·…·shape[n−2], shape[n−1]]</c>.
/// </para>
/// <para>
/// Keras draws from its own random streams, so the values are not Keras' values bit for bit; the distributions are the
/// same. With a config <c>seed</c>, every <see cref="Fill"/> draws from a new <see cref="Generator"/> seeded with it (the
/// <c>generator</c> argument is then unused), so repeated fills give the same values, as a seeded Keras
/// initializer does.
/// </para>
/// </remarks>
public sealed class KerasInitializer : IInitializer
{
    internal KerasInitializer(string className, IInitializer initializer, KernelLayout layout, long? seed, string config)
    {
        ClassName = className;
        Initializer = initializer;
        Layout = layout;
        Seed = seed;
        Name = config;
    }

    /// <summary>The Keras class name, e.g. <c>HeNormal</c> (the canonical name also for snake_case identifiers and aliases).</summary>
    public string ClassName { get; }

    /// <summary>This library's initializer that draws with Keras' semantics, e.g. <c>variance_scaling(scale=2, mode=fan_in, distribution=truncated_normal)</c> for <c>HeNormal</c>.</summary>
    public IInitializer Initializer { get; }

    /// <summary>The layout fans are computed in when <see cref="Fill"/> is given none.</summary>
    public KernelLayout Layout { get; }

    /// <summary>The config's <c>seed</c>, or <see langword="null"/> to draw from the generator passed to <see cref="Fill"/>.</summary>
    public long? Seed { get; }

    /// <summary>
    /// The Keras config as compact JSON with every parameter spelled out, e.g.
    /// <c>{"class_name":"HeNormal","config":{"seed":null}}</c>; <see cref="KerasInitializers.FromConfig(string, KernelLayout)"/>
    /// reads it back to an equal initializer.
    /// </summary>
    public string Name { get; }

    /// <inheritdoc/>
    /// <remarks>
    /// Without <paramref name="fan"/>, the fans come from the tensor's shape in <see cref="Layout"/>; a tensor of rank 0 or 1
    /// has fans (1, 1) or (n, n) in both layouts, as in Keras.
    /// </remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point, or its rank does not suit the initializer (e.g. <c>Identity</c> needs 2-D, <c>Orthogonal</c> rank ≥ 2).</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        using var seeded = Seed is { } seed ? new Generator(unchecked((ulong)seed)) : null;
        var source = seeded ?? generator;
        if (Layout == KernelLayout.Keras && Initializer is Orthogonal && tensor.dim() > 2)
        {
            // Keras keeps the last axis as the columns; PyTorch's orthogonal_ keeps the first as the rows.
            long cols = tensor.shape[^1];
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var matrix = empty(tensor.numel() / cols, cols, tensor.dtype);
            Initializer.Fill(matrix, source);
            tensor.copy_(matrix.reshape(tensor.shape));
            return;
        }

        Initializer.Fill(tensor, source, fan ?? FansOf(tensor.shape));
    }

    private Fan? FansOf(long[] shape) => shape.Length < 2 || Layout == KernelLayout.Keras
        ? KerasInitializers.ComputeFans(shape)
        : shape.Any(d => d <= 0) ? null : Fan.FromWeight(shape);
}
