using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

public class FanAndGainTests
{
    [Theory]
    [InlineData(new long[] { 3, 5 }, 5, 3)]
    [InlineData(new long[] { 8, 4, 3 }, 12, 24)]
    [InlineData(new long[] { 16, 8, 3, 3 }, 72, 144)]
    [InlineData(new long[] { 4, 2, 3, 3, 3 }, 54, 108)]
    public void Fans_of_a_PyTorch_layout_weight_are_in_times_receptive_field_and_out_times_receptive_field(long[] shape, long fanIn, long fanOut)
    {
        Fan.FromWeight(shape).Should().Be(new Fan(fanIn, fanOut));
    }

    [Fact]
    public void Fans_of_a_fan_in_by_fan_out_matrix_are_read_in_that_order()
    {
        Fan.FromInOutMatrix(784, 256).Should().Be(new Fan(784, 256));
        Fan.FromWeight(784, 256).Should().Be(new Fan(256, 784), "the same shape read as a Linear weight [out, in] swaps the fans");
        Fan.FromInOut(784, 256).Should().Be(new Fan(784, 256));
    }

    [Fact]
    public void Fan_count_is_in_out_arithmetic_or_geometric_mean_by_mode()
    {
        var fan = new Fan(2000, 500);
        fan.Count(FanMode.FanIn).Should().Be(2000);
        fan.Count(FanMode.FanOut).Should().Be(500);
        fan.Count(FanMode.FanAvg).Should().Be(1250);
        fan.Count(FanMode.FanGeoAvg).Should().Be(1000);
    }

    [Fact]
    public void A_fan_in_by_fan_out_tensor_gets_its_fans_only_when_told_so()
    {
        // [fan_in = 2000, fan_out = 500] stored the documents' way; He needs variance 2/2000.
        using var w = empty(2000, 500);
        using var g = new Generator(7);
        new HeNormal(0, FanMode.FanIn, "relu").Fill(w, g, Fan.FromInOutMatrix(w.shape));
        var stats = SampleStatistics.Of(w);
        double expected = 2.0 / 2000;
        stats.Variance.Should().BeApproximately(expected, SampleStatistics.VarianceTolerance(expected, 3, stats.Count),
            "with the [fan_in, fan_out] fans the variance is 2/fan_in, not 2/500 as PyTorch's layout would read it");
    }

    [Theory]
    [InlineData("linear", 1.0)]
    [InlineData("identity", 1.0)]
    [InlineData("conv1d", 1.0)]
    [InlineData("conv2d", 1.0)]
    [InlineData("conv3d", 1.0)]
    [InlineData("conv_transpose1d", 1.0)]
    [InlineData("conv_transpose2d", 1.0)]
    [InlineData("conv_transpose3d", 1.0)]
    [InlineData("sigmoid", 1.0)]
    [InlineData("tanh", 5.0 / 3.0)]
    [InlineData("selu", 0.75)]
    [InlineData("Tanh", 5.0 / 3.0)]
    public void Gains_equal_the_table_exactly(string activation, double expected)
    {
        Gain.For(activation).Should().Be(expected);
    }

    [Fact]
    public void Relu_and_leaky_relu_gains_are_root_two_over_one_plus_slope_squared()
    {
        Gain.For("relu").Should().Be(Math.Sqrt(2.0));
        Gain.For("leaky_relu", 0.0).Should().Be(Math.Sqrt(2.0));
        Gain.For("leaky_relu", 0.01).Should().Be(Math.Sqrt(2.0 / (1.0 + (0.01 * 0.01))));
        Gain.For("leaky_relu", Math.Sqrt(5.0)).Should().BeApproximately(Math.Sqrt(1.0 / 3.0), 1e-15);
    }

    [Fact]
    public void Gelu_gain_is_one_over_the_root_mean_square_of_gelu_of_a_standard_normal()
    {
        // E[GELU(z)²] = ∫ x² Φ(x)² φ(x) dx by the trapezoid rule on [−12, 12], step 1e-3 (error ≪ 1e-9).
        using var scope = NewDisposeScope();
        var x = linspace(-12, 12, 24001, ScalarType.Float64);
        var integrand = x.square() * special.ndtr(x).square() * (x.square() * -0.5).exp() / Math.Sqrt(2 * Math.PI);
        double secondMoment = trapezoid(integrand, x).ToDouble();
        Gain.For("gelu").Should().BeApproximately(1.0 / Math.Sqrt(secondMoment), 1e-9);
        Gain.For("gelu").Should().Be(Gain.Gelu);
        Gain.Gelu.Should().BeApproximately(1.5335, 1e-4);
    }
}
