using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>Q5.1 <c>initialize_weights(shape, method)</c>; shape (fan_in = 2000, fan_out = 500), N = 10⁶, 5 SE tolerances.</summary>
public class DocumentMethodsTests
{
    [Fact]
    public void Q5_1_zero_returns_zeros_of_shape_fan_in_by_fan_out()
    {
        using var g = new Generator(1);
        using var w = DocumentMethods.InitializeWeights([784, 256], "zero", g);
        w.shape.Should().Equal(784, 256);
        w.dtype.Should().Be(ScalarType.Float32);
        w.abs().max().ToDouble().Should().Be(0);
    }

    [Theory]
    [InlineData("small_random", 0.0001)]
    [InlineData("xavier", 2.0 / (2000 + 500))]
    [InlineData("he", 2.0 / 2000)]
    public void Q5_1_methods_are_normal_with_the_documents_variance(string method, double variance)
    {
        using var g = new Generator(2);
        using var w = DocumentMethods.InitializeWeights([2000, 500], method, g);
        w.shape.Should().Equal(2000, 500);
        var stats = SampleStatistics.Of(w);
        stats.Mean.Should().BeApproximately(0, SampleStatistics.MeanTolerance(Math.Sqrt(variance), stats.Count));
        stats.Variance.Should().BeApproximately(variance, SampleStatistics.VarianceTolerance(variance, 3, stats.Count), method);
        stats.Kurtosis.Should().BeApproximately(3, stats.NormalKurtosisTolerance);
    }

    [Fact]
    public void Q5_1_a_shape_that_is_not_2_D_is_rejected_naming_it()
    {
        using var g = new Generator(1);
        FluentActions.Invoking(() => DocumentMethods.InitializeWeights([784], "he", g))
            .Should().Throw<ArgumentException>().WithMessage("*(fan_in, fan_out)*[784]*");
    }

    [Fact]
    public void Q5_1_an_unknown_method_is_rejected_listing_the_valid_ones()
    {
        using var g = new Generator(1);
        FluentActions.Invoking(() => DocumentMethods.InitializeWeights([4, 5], "kaiming", g))
            .Should().Throw<ArgumentException>().WithMessage("*'kaiming'*zero, small_random, xavier, he*");
    }

    [Fact]
    public void Q5_1_a_Linear_layer_gets_the_transposed_matrix_and_a_zero_bias()
    {
        using var scope = NewDisposeScope();
        var layer = nn.Linear(784, 256);
        using (var g = new Generator(3))
        {
            DocumentMethods.InitializeLinear(layer, "he", g);
        }

        Tensor expected;
        using (var g = new Generator(3))
        {
            expected = DocumentMethods.InitializeWeights([784, 256], "he", g);
        }

        layer.weight!.shape.Should().Equal(256, 784);
        SampleStatistics.Bytes(layer.weight!).Should().Equal(SampleStatistics.Bytes(expected.t()));
        layer.bias!.abs().max().ToDouble().Should().Be(0);
        var stats = SampleStatistics.Of(layer.weight!);
        stats.Variance.Should().BeApproximately(2.0 / 784, SampleStatistics.VarianceTolerance(2.0 / 784, 3, stats.Count), "He uses fan_in = 784");
    }
}
