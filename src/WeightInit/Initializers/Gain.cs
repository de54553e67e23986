namespace WeightInit.Initializers;

/// <summary>
/// The recommended gain for an activation function: the factor by which an initializer's standard deviation
/// is multiplied so that the activation keeps the variance of its input (the values of PyTorch's
/// <c>torch.nn.init.calculate_gain</c>, plus <c>gelu</c>).
/// </summary>
public static class Gain
{
    /// <summary>
    /// GELU's gain, <c>1 / √E[GELU(z)²]</c> for <c>z ~ N(0, 1)</c>, where
    /// <c>E[GELU(z)²] = E[z² Φ(z)²] = 1/3 + 1/(2π√3)</c>, so the gain is ≈ 1.5335. This is the second-moment
    /// argument He et al. (2015) use to get √2 for ReLU (<c>E[ReLU(z)²] = 1/2</c>), applied to GELU
    /// (Hendrycks &amp; Gimpel 2016). PyTorch's <c>calculate_gain</c> has no GELU entry; this library's choice
    /// is stated here so that it can be checked.
    /// </summary>
    public static readonly double Gelu = 1.0 / Math.Sqrt(1.0 / 3.0 + 1.0 / (2.0 * Math.PI * Math.Sqrt(3.0)));

    private static readonly string[] UnitGain =
        ["linear", "identity", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid"];

    /// <summary>The activation names <see cref="For(string, double?)"/> accepts (lower case; matching ignores case).</summary>
    public static IReadOnlyList<string> Activations { get; } = [.. UnitGain, "tanh", "relu", "leaky_relu", "selu", "gelu"];

    /// <summary>
    /// The gain for <paramref name="activation"/>:
    /// linear, identity, conv*, conv_transpose*, sigmoid → 1; tanh → 5/3; relu → √2;
    /// leaky_relu with negative slope <c>a</c> → <c>√(2 / (1 + a²))</c>; selu → 3/4; gelu → <see cref="Gelu"/>.
    /// </summary>
    /// <param name="activation">The activation's name, e.g. <c>"tanh"</c> (case-insensitive).</param>
    /// <param name="parameter">The negative slope of <c>leaky_relu</c>; required for it and rejected for every other activation.</param>
    /// <exception cref="ArgumentException">The activation is unknown, <c>leaky_relu</c> has no slope, or another activation was given one.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The slope is not a finite number.</exception>
    public static double For(string activation, double? parameter = null)
    {
        ArgumentNullException.ThrowIfNull(activation);
        string name = activation.Trim().ToLowerInvariant();
        if (name == "leaky_relu")
        {
            if (parameter is not double slope)
            {
                throw new ArgumentException(
                    "leaky_relu needs its negative slope: Gain.For(\"leaky_relu\", 0.01) (PyTorch's nn.LeakyReLU default is 0.01)",
                    nameof(parameter));
            }

            Guard.Finite(slope, nameof(parameter));
            // Math.Pow, as Python's ** (both the C library's pow), so the gain is calculate_gain's to the last bit.
            return Math.Sqrt(2.0 / (1.0 + Math.Pow(slope, 2)));
        }

        if (!Activations.Contains(name))
        {
            throw new ArgumentException(
                $"unknown activation '{activation}'; expected one of {string.Join(", ", Activations)}", nameof(activation));
        }

        if (parameter is double p)
        {
            throw new ArgumentException(
                $"only leaky_relu takes a parameter; got {Guard.Format(p)} for '{activation}'", nameof(parameter));
        }

        return name switch
        {
            "tanh" => 5.0 / 3.0,
            "relu" => Math.Sqrt(2.0),
            "selu" => 3.0 / 4.0,
            "gelu" => Gelu,
            _ => 1.0,
        };
    }
}
