using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>Truncated normals on N = 10⁶ draws; tolerances are 5 standard errors from the sample's own moments.</summary>
public class TruncatedNormalTests
{
    [Theory]
    [InlineData(1.0, 2.0, -1.0, 4.0)]
    [InlineData(0.0, 1.0, -2.0, 2.0)]
    [InlineData(0.0, 0.02, -0.04, 0.04)]
    [InlineData(0.0, 1.0, 3.0, 5.0)]
    [InlineData(0.0, 1.0, -6.0, -5.0)]
    [InlineData(0.0, 1.0, 8.5, 9.5)]
    [InlineData(0.0, 1.0, -1.0, 8.0)]
    [InlineData(0.0, 1.0, -3.5, 3.5)]
    public void Truncated_normal_stays_inside_its_bounds_with_the_mean_and_std_of_the_formula(double mean, double std, double a, double b)
    {
        using var w = empty(1000, 1000, ScalarType.Float64);
        using var g = new Generator(11);
        new TruncatedNormal(mean, std, a, b).Fill(w, g);
        var stats = SampleStatistics.Of(w);
        var expected = SampleStatistics.TruncatedMoments(mean, std, a, b);

        stats.Min.Should().BeGreaterThanOrEqualTo(a);
        stats.Max.Should().BeLessThanOrEqualTo(b);
        stats.Mean.Should().BeApproximately(expected.Mean, SampleStatistics.MeanTolerance(expected.Std, stats.Count));
        stats.Variance.Should().BeApproximately(expected.Std * expected.Std, stats.OwnVarianceTolerance);
    }

    [Fact]
    public void Truncated_normal_in_float32_stays_inside_the_float32_bounds()
    {
        using var w = empty(1000, 1000);
        using var g = new Generator(12);
        new TruncatedNormal(0.1, 0.3, -0.2, 0.45).Fill(w, g);
        var stats = SampleStatistics.Of(w);
        stats.Min.Should().BeGreaterThanOrEqualTo((float)-0.2);
        stats.Max.Should().BeLessThanOrEqualTo((float)0.45);
        var expected = SampleStatistics.TruncatedMoments(0.1, 0.3, -0.2, 0.45);
        stats.Variance.Should().BeApproximately(expected.Std * expected.Std, stats.OwnVarianceTolerance);
    }

    [Fact]
    public void Truncated_normal_with_infinite_bounds_is_the_normal()
    {
        using var w = empty(1000, 1000, ScalarType.Float64);
        using var g = new Generator(13);
        new TruncatedNormal(0, 0.5, double.NegativeInfinity, double.PositiveInfinity).Fill(w, g);
        var stats = SampleStatistics.Of(w);
        stats.Variance.Should().BeApproximately(0.25, SampleStatistics.VarianceTolerance(0.25, 3, stats.Count));
        stats.Kurtosis.Should().BeApproximately(3, stats.NormalKurtosisTolerance);
    }

    [Theory]
    [InlineData(-0.04, 0.04)]
    [InlineData(0.05, 0.09)]
    [InlineData(-0.04, 0.2)]
    public void Truncated_normal_fills_a_non_contiguous_view_by_either_method(double a, double b)
    {
        // ±2σ and [−2σ, 10σ] are drawn by PyTorch's erfinv steps, [2.5σ, 4.5σ] (mass 0.006) by the float64 inverse CDF;
        // each must write through a transposed view.
        using var scope = NewDisposeScope();
        var storage = zeros(600, 500, ScalarType.Float64);
        var view = storage.t();
        using var g = new Generator(14);
        new TruncatedNormal(0, 0.02, a, b).Fill(view, g);
        var stats = SampleStatistics.Of(storage);
        var expected = SampleStatistics.TruncatedMoments(0, 0.02, a, b);
        stats.Min.Should().BeGreaterThanOrEqualTo(a);
        stats.Max.Should().BeLessThanOrEqualTo(b);
        stats.Mean.Should().BeApproximately(expected.Mean, SampleStatistics.MeanTolerance(expected.Std, stats.Count));
        stats.Variance.Should().BeApproximately(expected.Std * expected.Std, stats.OwnVarianceTolerance);
    }
}
