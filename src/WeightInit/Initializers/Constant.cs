using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>Every element set to <see cref="Value"/> (PyTorch's <c>constant_</c>). Uses no randomness and no fans.</summary>
public class Constant : IInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="value">The value (finite).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public Constant(double value)
        : this(InitializerName.Of("constant", ("value", value)), value)
    {
    }

    /// <summary>For <see cref="Zeros"/> and <see cref="Ones"/>: a constant under its own name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value (finite).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    protected Constant(string name, double value)
    {
        Value = Guard.Finite(value, nameof(value));
        Name = name;
    }

    /// <summary>The value every element gets.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>0: every value is equal.</summary>
    public double? TargetStd(IReadOnlyList<long> shape, Fan? fan) => 0.0;

    /// <inheritdoc/>
    /// <remarks>Any rank, including 0; <paramref name="generator"/> and <paramref name="fan"/> are not used.</remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        using var noGrad = no_grad();
        tensor.fill_(Value);
    }
}

/// <summary>
/// All zeros (PyTorch's <c>zeros_</c>). For weights this is the documents' <c>zero</c> method: every unit of a
/// layer computes the same function and receives the same gradient, so the symmetry is never broken.
/// The usual choice for biases.
/// </summary>
public sealed class Zeros : Constant
{
    /// <summary>Creates the initializer.</summary>
    public Zeros()
        : base("zeros", 0.0)
    {
    }
}

/// <summary>All ones (PyTorch's <c>ones_</c>); e.g. the scale of a normalization layer.</summary>
public sealed class Ones : Constant
{
    /// <summary>Creates the initializer.</summary>
    public Ones()
        : base("ones", 1.0)
    {
    }
}
