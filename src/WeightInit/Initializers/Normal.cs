using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// Normal <c>N(mean, std²)</c>, independent of the fans (PyTorch's <c>normal_</c>). <c>new Normal(0, 0.01)</c> is the
/// documents' <c>small_random</c> (<c>randn(shape) * 0.01</c>).
/// </summary>
public sealed class Normal : IInitializer
{
    /// <summary>N(0, 1), PyTorch's <c>normal_</c> defaults.</summary>
    public Normal()
        : this(0.0, 1.0)
    {
    }

    /// <summary>Creates the initializer.</summary>
    /// <remarks>
    /// The arguments come in PyTorch's order (<c>normal_(tensor, mean, std)</c>) and both are required, so that
    /// <c>new Normal(0.001)</c> does not compile: the spec string reads the std first (<c>normal(0.001)</c> is N(0, 0.001²),
    /// as the documents write it), and a one-argument constructor would silently mean the other thing.
    /// </remarks>
    /// <param name="mean">The mean (finite).</param>
    /// <param name="std">The standard deviation (finite, ≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not finite, or <paramref name="std"/> is negative or not finite.</exception>
    public Normal(double mean, double std)
    {
        Mean = Guard.Finite(mean, nameof(mean));
        Std = Guard.NonNegative(std, nameof(std));
        Name = InitializerName.Of("normal", ("std", std), ("mean", mean));
    }

    /// <summary>The mean.</summary>
    public double Mean { get; }

    /// <summary>The standard deviation.</summary>
    public double Std { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary><c>Std</c>.</summary>
    public double? TargetStd(IReadOnlyList<long> shape, Fan? fan) => Std;

    /// <inheritdoc/>
    /// <remarks><paramref name="fan"/> is not used.</remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        using var noGrad = no_grad();
        tensor.normal_(Mean, Std, generator);
    }
}
