using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>
/// Each initializer fills a [out = 500, in = 2000] float32 weight (N = 10⁶, fan_in 2000, fan_out 500, fan_avg 1250,
/// fan_geo_avg 1000); mean, variance and shape (kurtosis) are compared with the formula at 5 standard errors.
/// </summary>
public class DistributionStatisticsTests
{
    private const double Uniform = 1.8;
    private const double Gaussian = 3.0;

    // Kurtosis of N(0, 1) truncated to [−2, 2]: E[z⁴]/E[z²]² with E[z²] = 1 − 4φ(2)/Z and E[z⁴] = 3E[z²] − 16φ(2)/Z.
    private static readonly double TruncatedKurtosis = ComputeTruncatedKurtosis();

    [Theory]
    [InlineData("xavier_normal", 2.0 / 2500, Gaussian)]
    [InlineData("xavier_normal(gain=1.6666666666666667)", 25.0 / 9 * 2.0 / 2500, Gaussian)]
    [InlineData("xavier_uniform", 2.0 / 2500, Uniform)]
    [InlineData("he_normal", 2.0 / 2000, Gaussian)]
    [InlineData("he_normal(mode=fan_out, nonlinearity=relu)", 2.0 / 500, Gaussian)]
    [InlineData("he_normal(a=0.1)", 2.0 / 1.01 / 2000, Gaussian)]
    [InlineData("he_normal(nonlinearity=tanh)", 25.0 / 9 / 2000, Gaussian)]
    [InlineData("he_uniform", 2.0 / 2000, Uniform)]
    [InlineData("lecun_normal", 1.0 / 2000, Gaussian)]
    [InlineData("lecun_uniform", 1.0 / 2000, Uniform)]
    [InlineData("pytorch_default", 1.0 / 3 / 2000, Uniform)]
    [InlineData("variance_scaling(2, fan_geo_avg, normal)", 2.0 / 1000, Gaussian)]
    [InlineData("variance_scaling(1, fan_avg, uniform)", 1.0 / 1250, Uniform)]
    [InlineData("small_random", 0.0001, Gaussian)]
    [InlineData("xavier", 2.0 / 2500, Gaussian)]
    [InlineData("he", 2.0 / 2000, Gaussian)]
    public void Weights_have_mean_zero_and_the_variance_of_the_formula(string spec, double variance, double kurtosis)
    {
        var stats = Fill(spec);
        double std = Math.Sqrt(variance);
        stats.Mean.Should().BeApproximately(0.0, SampleStatistics.MeanTolerance(std, stats.Count), spec);
        stats.Variance.Should().BeApproximately(variance, SampleStatistics.VarianceTolerance(variance, kurtosis, stats.Count), spec);
        if (kurtosis == Gaussian)
        {
            stats.Kurtosis.Should().BeApproximately(Gaussian, stats.NormalKurtosisTolerance, $"{spec} must be normal, not uniform");
        }
        else
        {
            // A uniform on ±√3σ: all values inside, and with N = 10⁶ draws the extremes come within 10⁻⁴ of the
            // bounds with probability 1 − 2e⁻¹⁰⁰.
            double bound = Math.Sqrt(3 * variance);
            stats.Max.Should().BeLessThanOrEqualTo(bound * (1 + 1e-6), spec).And.BeGreaterThan(bound * (1 - 1e-4), spec);
            stats.Min.Should().BeGreaterThanOrEqualTo(-bound * (1 + 1e-6), spec).And.BeLessThan(-bound * (1 - 1e-4), spec);
        }
    }

    [Theory]
    [InlineData("variance_scaling(1, fan_avg, truncated_normal)", 1.0 / 1250)]
    [InlineData("variance_scaling(2, fan_in)", 2.0 / 2000)]
    public void Keras_truncated_variance_scaling_keeps_the_intended_variance_inside_two_wide_stds(string spec, double variance)
    {
        var stats = Fill(spec);
        double bound = 2 * Math.Sqrt(variance) / VarianceScaling.TruncationCorrection;
        stats.Variance.Should().BeApproximately(variance, SampleStatistics.VarianceTolerance(variance, TruncatedKurtosis, stats.Count));
        stats.Kurtosis.Should().BeApproximately(TruncatedKurtosis, stats.NormalKurtosisTolerance, "5 SE of a normal's sample kurtosis bound those of the lighter-tailed truncated normal");
        stats.Max.Should().BeLessThanOrEqualTo((float)bound);
        stats.Min.Should().BeGreaterThanOrEqualTo(-(float)bound);
        stats.Max.Should().BeGreaterThan(bound * 0.999, "about 110 of 10⁶ draws land within 0.1 % of the bound, so missing it has probability e⁻¹¹⁰");
    }

    [Fact]
    public void The_truncation_correction_is_the_std_of_a_standard_normal_truncated_at_two()
    {
        double z = (2 * SampleStatistics.Cdf(2)) - 1;
        double exact = Math.Sqrt(1 - (4 * SampleStatistics.Phi(2) / z));
        VarianceScaling.TruncationCorrection.Should().BeApproximately(exact, 1e-15);
    }

    [Theory]
    [InlineData("normal(std=0.2, mean=0.5)", 0.5, 0.04, Gaussian)]
    [InlineData("normal(0.001)", 0.0, 1e-6, Gaussian)]
    [InlineData("uniform(-0.3, 0.7)", 0.2, 1.0 / 12, Uniform)]
    [InlineData("uniform", 0.5, 1.0 / 12, Uniform)]
    public void Fan_free_distributions_have_the_mean_and_variance_of_their_parameters(string spec, double mean, double variance, double kurtosis)
    {
        var stats = Fill(spec);
        stats.Mean.Should().BeApproximately(mean, SampleStatistics.MeanTolerance(Math.Sqrt(variance), stats.Count), spec);
        stats.Variance.Should().BeApproximately(variance, SampleStatistics.VarianceTolerance(variance, kurtosis, stats.Count), spec);
    }

    [Theory]
    [InlineData("zeros", 0.0)]
    [InlineData("zero", 0.0)]
    [InlineData("ones", 1.0)]
    [InlineData("constant(-0.25)", -0.25)]
    public void Constants_set_every_element_to_the_value(string spec, double value)
    {
        var stats = Fill(spec);
        stats.Min.Should().Be(value);
        stats.Max.Should().Be(value);
    }

    [Fact]
    public void PyTorch_default_bias_is_uniform_on_one_over_root_fan_in_of_the_layer_weight()
    {
        using var bias = empty(1_000_000);
        using var g = new Generator(3);
        new PyTorchLinearDefaultBias().Fill(bias, g, Fan.FromInOut(400, 10));
        var stats = SampleStatistics.Of(bias);
        double bound = 1 / Math.Sqrt(400);
        stats.Max.Should().BeLessThanOrEqualTo(bound).And.BeGreaterThan(bound * (1 - 1e-4));
        stats.Min.Should().BeGreaterThanOrEqualTo(-bound).And.BeLessThan(-bound * (1 - 1e-4));
        stats.Variance.Should().BeApproximately(bound * bound / 3, SampleStatistics.VarianceTolerance(bound * bound / 3, Uniform, stats.Count));
    }

    [Fact]
    public void Create_makes_a_new_tensor_of_the_shape_and_dtype_and_fills_it()
    {
        using var g = new Generator(5);
        using var w = new XavierNormal().Create([500, 2000], g, ScalarType.Float64);
        w.shape.Should().Equal(500, 2000);
        w.dtype.Should().Be(ScalarType.Float64);
        var stats = SampleStatistics.Of(w);
        stats.Variance.Should().BeApproximately(2.0 / 2500, SampleStatistics.VarianceTolerance(2.0 / 2500, Gaussian, stats.Count));
    }

    internal static SampleStatistics Fill(string spec, ulong seed = 20260101)
    {
        using var w = empty(500, 2000);
        using var g = new Generator(seed);
        Initializer.Parse(spec).Fill(w, g);
        return SampleStatistics.Of(w);
    }

    private static double ComputeTruncatedKurtosis()
    {
        double z = (2 * SampleStatistics.Cdf(2)) - 1;
        double m2 = 1 - (4 * SampleStatistics.Phi(2) / z);
        double m4 = (3 * m2) - (16 * SampleStatistics.Phi(2) / z);
        return m4 / (m2 * m2);
    }
}
