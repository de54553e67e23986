using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>Uniform <c>U(a, b)</c>, independent of the fans (PyTorch's <c>uniform_</c>; defaults a = 0, b = 1 as there).</summary>
public sealed class Uniform : IInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="a">Lower bound (finite).</param>
    /// <param name="b">Upper bound (finite, ≥ <paramref name="a"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or <paramref name="a"/> &gt; <paramref name="b"/>.</exception>
    public Uniform(double a = 0.0, double b = 1.0)
    {
        A = Guard.Finite(a, nameof(a));
        B = Guard.Finite(b, nameof(b));
        if (a > b)
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, $"uniform needs a ≤ b; got a = {Guard.Format(a)} > b = {Guard.Format(b)}. Swap the bounds.");
        }

        Name = InitializerName.Of("uniform", ("a", a), ("b", b));
    }

    /// <summary>Lower bound.</summary>
    public double A { get; }

    /// <summary>Upper bound.</summary>
    public double B { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary><c>(B − A) / √12</c>.</summary>
    public double? TargetStd(IReadOnlyList<long> shape, Fan? fan) => (B - A) / Math.Sqrt(12.0);

    /// <inheritdoc/>
    /// <remarks><paramref name="fan"/> is not used.</remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        using var noGrad = no_grad();
        tensor.uniform_(A, B, generator);
    }
}
