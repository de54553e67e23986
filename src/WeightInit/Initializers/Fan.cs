using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>Fan-in and fan-out of a weight: how many inputs feed each output unit, and how many outputs each input feeds.</summary>
/// <param name="In">Fan-in (≥ 1).</param>
/// <param name="Out">Fan-out (≥ 1).</param>
public readonly record struct Fan(long In, long Out)
{
    /// <summary>
    /// Fans of a weight stored in PyTorch's (and TorchSharp's) layout: <c>Linear</c> is <c>[out, in]</c>;
    /// convolutions are <c>[out, in/groups, k₁, k₂, …]</c> and both fans are multiplied by the receptive
    /// field <c>k₁·k₂·…</c> (as <c>torch.nn.init._calculate_fan_in_and_fan_out</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The shape has fewer than 2 dimensions, or a dimension is 0 or negative.</exception>
    public static Fan FromWeight(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < 2)
        {
            throw new ArgumentException(
                $"fans need a weight of at least 2 dimensions ([out, in] or [out, in, k...]); got [{string.Join(", ", shape)}]. " +
                "For a bias, pass the fans of its layer's weight.",
                nameof(shape));
        }

        RequirePositive(shape);
        long receptive = 1;
        for (int i = 2; i < shape.Length; i++)
        {
            receptive *= shape[i];
        }

        return new Fan(shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>
    /// Fans of a matrix stored <c>[fan_in, fan_out]</c>, the layout the documents' <c>initialize_weights(shape, method)</c>
    /// uses (the transpose of <c>Linear.weight</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The shape is not 2-D, or a dimension is 0 or negative.</exception>
    public static Fan FromInOutMatrix(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 2)
        {
            throw new ArgumentException($"shape must have exactly 2 dimensions (fan_in, fan_out); got [{string.Join(", ", shape)}]", nameof(shape));
        }

        RequirePositive(shape);
        return new Fan(shape[0], shape[1]);
    }

    /// <summary>Fans given explicitly.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A fan is 0 or negative.</exception>
    public static Fan FromInOut(long fanIn, long fanOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanOut);
        return new Fan(fanIn, fanOut);
    }

    /// <summary>
    /// The number a variance-scaling initializer divides by: <c>In</c>, <c>Out</c>, <c>(In + Out) / 2</c>
    /// or <c>√(In · Out)</c>, as selected by <paramref name="mode"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined <see cref="FanMode"/>.</exception>
    public double Count(FanMode mode) => mode switch
    {
        FanMode.FanIn => In,
        FanMode.FanOut => Out,
        FanMode.FanAvg => (In + Out) / 2.0,
        FanMode.FanGeoAvg => Math.Sqrt((double)In * Out),
        _ => throw new ArgumentOutOfRangeException(
            nameof(mode), mode, $"unknown fan mode {(int)mode}; expected one of {string.Join(", ", Enum.GetNames<FanMode>())}"),
    };

    /// <summary>The fans to use for <paramref name="tensor"/>: <paramref name="fan"/> when given, else <see cref="FromWeight(long[])"/> of its shape.</summary>
    internal static Fan Resolve(Tensor tensor, Fan? fan) => fan ?? FromWeight(tensor.shape);

    private static void RequirePositive(long[] shape)
    {
        if (shape.Any(d => d <= 0))
        {
            throw new ArgumentException($"every dimension must be positive to define fans; got [{string.Join(", ", shape)}]", nameof(shape));
        }
    }
}
