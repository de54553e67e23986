using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>Moments of a tensor's elements (in float64) and tolerances derived from the sample size.</summary>
internal sealed record SampleStatistics(long Count, double Mean, double Variance, double FourthCentralMoment, double Min, double Max)
{
    /// <summary>Tolerances are this many standard errors: a correct implementation fails one check with probability ≈ 6·10⁻⁷.</summary>
    public const double Z = 5.0;

    public double Std => Math.Sqrt(Variance);

    /// <summary>Sample excess-free kurtosis <c>m4 / m2²</c>: 3 for a normal, 1.8 for a uniform.</summary>
    public double Kurtosis => FourthCentralMoment / (Variance * Variance);

    public static SampleStatistics Of(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var x = tensor.detach().to_type(ScalarType.Float64).flatten();
        double mean = x.mean().ToDouble();
        var centered = x - mean;
        var squared = centered.square();
        return new SampleStatistics(
            x.numel(),
            mean,
            squared.mean().ToDouble(),
            squared.square().mean().ToDouble(),
            x.min().ToDouble(),
            x.max().ToDouble());
    }

    /// <summary>Z standard errors of a sample mean: <c>Z · σ / √N</c>.</summary>
    public static double MeanTolerance(double std, long n) => Z * std / Math.Sqrt(n);

    /// <summary>Z standard errors of a sample variance of a distribution with kurtosis κ: <c>Z · σ² · √((κ − 1) / N)</c>.</summary>
    public static double VarianceTolerance(double variance, double kurtosis, long n) => Z * variance * Math.Sqrt((kurtosis - 1.0) / n);

    /// <summary>Z standard errors of a sample variance estimated from the sample's own fourth moment: <c>Z · √((m4 − m2²) / N)</c>.</summary>
    public double OwnVarianceTolerance => Z * Math.Sqrt((FourthCentralMoment - (Variance * Variance)) / Count);

    /// <summary>Z standard errors of the sample kurtosis of a normal: <c>Z · √(24 / N)</c>.</summary>
    public double NormalKurtosisTolerance => Z * Math.Sqrt(24.0 / Count);

    public static byte[] Bytes(Tensor tensor)
    {
        using var contiguous = tensor.contiguous();
        return tensor.dtype switch
        {
            ScalarType.Float64 => MemoryMarshal.AsBytes(contiguous.data<double>().ToArray().AsSpan()).ToArray(),
            _ => MemoryMarshal.AsBytes(contiguous.to_type(ScalarType.Float32).data<float>().ToArray().AsSpan()).ToArray(),
        };
    }

    /// <summary>Standard normal density.</summary>
    public static double Phi(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2.0 * Math.PI);

    /// <summary>Standard normal CDF, <c>erfc(−x/√2)/2</c> in float64 (accurate in the lower tail).</summary>
    public static double Cdf(double x)
    {
        using var t = special.erfc(tensor(-x / Math.Sqrt(2.0), ScalarType.Float64));
        return t.ToDouble() / 2.0;
    }

    /// <summary>Mean and standard deviation of N(μ, σ²) truncated to [a, b] (the textbook formulas).</summary>
    public static (double Mean, double Std) TruncatedMoments(double mu, double sigma, double a, double b)
    {
        double alpha = (a - mu) / sigma;
        double beta = (b - mu) / sigma;
        // In the upper tail Φ(β) − Φ(α) rounds to 0; the mirrored lower-tail difference keeps its precision.
        double z = alpha + beta > 0 ? Cdf(-alpha) - Cdf(-beta) : Cdf(beta) - Cdf(alpha);
        double shift = (Phi(alpha) - Phi(beta)) / z;
        double variance = 1.0 + (((alpha * Phi(alpha)) - (beta * Phi(beta))) / z) - (shift * shift);
        return (mu + (sigma * shift), sigma * Math.Sqrt(variance));
    }
}
