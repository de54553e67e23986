using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>Conveniences on <see cref="IInitializer"/>.</summary>
public static class InitializerExtensions
{
    /// <summary>Creates a new CPU tensor of <paramref name="shape"/> and <paramref name="dtype"/> and fills it with <paramref name="initializer"/>.</summary>
    /// <param name="initializer">The initializer.</param>
    /// <param name="shape">The shape, in PyTorch's layout unless <paramref name="fan"/> says otherwise.</param>
    /// <param name="generator">The only source of randomness.</param>
    /// <param name="dtype">A floating-point dtype (float32 by default).</param>
    /// <param name="fan">The fans, as for <see cref="IInitializer.Fill(Tensor, Generator, Fan?)"/>.</param>
    /// <returns>The new tensor; the caller owns (disposes) it.</returns>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not floating-point, a dimension is negative, or the initializer rejects the shape.</exception>
    public static Tensor Create(this IInitializer initializer, long[] shape, Generator generator, ScalarType dtype = ScalarType.Float32, Fan? fan = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(generator);
        if (!is_floating_point(dtype))
        {
            throw new ArgumentException($"initializers create floating-point tensors; got dtype {dtype}. Use float32 or float64.", nameof(dtype));
        }

        if (shape.Any(d => d < 0))
        {
            throw new ArgumentException($"dimensions must be ≥ 0; got [{string.Join(", ", shape)}]", nameof(shape));
        }

        var tensor = empty(shape, dtype);
        try
        {
            initializer.Fill(tensor, generator, fan);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }
}
