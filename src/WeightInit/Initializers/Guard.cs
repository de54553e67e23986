using System.Globalization;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>Argument checks shared by the initializers; every message repeats the bad value and says what was expected.</summary>
internal static class Guard
{
    public static void Tensor(Tensor tensor, string paramName = "tensor")
    {
        ArgumentNullException.ThrowIfNull(tensor, paramName);
        if (!tensor.is_floating_point())
        {
            throw new ArgumentException(
                $"initializers fill floating-point tensors; got dtype {tensor.dtype}. Create the tensor as float32 or float64.", paramName);
        }

        // One check for every initializer: fans, QR factors and per-column counts of an empty dimension divide by zero.
        if (tensor.numel() == 0)
        {
            throw new ArgumentException(
                $"initializers fill tensors with at least one element; got shape [{string.Join(", ", tensor.shape)}], which has a dimension of size 0.", paramName);
        }
    }

    public static void Rank(Tensor tensor, string initializer, params int[] allowed)
    {
        if (!allowed.Contains((int)tensor.dim()))
        {
            throw new ArgumentException(
                $"{initializer} needs a tensor of rank {string.Join(" or ", allowed)}; got shape [{string.Join(", ", tensor.shape)}] (rank {tensor.dim()})",
                nameof(tensor));
        }
    }

    public static double Finite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number; got {Format(value)}");
        }

        return value;
    }

    public static double NonNegative(double value, string paramName)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number ≥ 0; got {Format(value)}");
        }

        return value;
    }

    public static double Positive(double value, string paramName)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number > 0; got {Format(value)}");
        }

        return value;
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
