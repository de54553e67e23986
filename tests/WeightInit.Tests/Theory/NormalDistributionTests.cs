using WeightInit.Theory;

namespace WeightInit.Tests.Theory;

public class NormalDistributionTests
{
    // Reference values: Abramowitz & Stegun table 7.1 and mpmath at 30 digits.
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.52049987781304654)]
    [InlineData(1.0, 0.84270079294971487)]
    [InlineData(2.9, 0.99995890212190054)]
    [InlineData(3.5, 0.99999925690162766)]
    [InlineData(-1.0, -0.84270079294971487)]
    public void Erf_matches_reference_values_to_double_precision(double x, double expected) =>
        NormalDistribution.Erf(x).Should().BeApproximately(expected, 2e-16 + (1e-15 * Math.Abs(expected)));

    [Theory]
    [InlineData(3.0, 2.2090496998585441e-05)]
    [InlineData(5.0, 1.5374597944280349e-12)]
    [InlineData(10.0, 2.0884875837625448e-45)]
    [InlineData(-2.0, 1.9953222650189527)]
    public void Erfc_keeps_relative_precision_in_the_tail(double x, double expected) =>
        NormalDistribution.Erfc(x).Should().BeApproximately(expected, 1e-13 * expected);

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 0.42758357615580700)]
    [InlineData(10.0, 0.056140992743822585)]
    [InlineData(30.0, 0.018795888861416751)]
    public void Erfcx_is_finite_where_exp_x_squared_overflows(double x, double expected) =>
        NormalDistribution.Erfcx(x).Should().BeApproximately(expected, 1e-12 * expected);

    [Fact]
    public void Cdf_gives_the_familiar_quantiles()
    {
        NormalDistribution.Cdf(0).Should().Be(0.5);
        NormalDistribution.Cdf(1.959963984540054).Should().BeApproximately(0.975, 1e-15);
        NormalDistribution.Cdf(-1.959963984540054).Should().BeApproximately(0.025, 1e-15);
    }

    [Fact]
    public void The_functions_have_their_limits_at_infinity()
    {
        NormalDistribution.Erf(double.PositiveInfinity).Should().Be(1);
        NormalDistribution.Erf(double.NegativeInfinity).Should().Be(-1);
        NormalDistribution.Erfc(double.PositiveInfinity).Should().Be(0);
        NormalDistribution.Erfc(double.NegativeInfinity).Should().Be(2);
        NormalDistribution.Cdf(double.NegativeInfinity).Should().Be(0);
        NormalDistribution.Cdf(double.PositiveInfinity).Should().Be(1);
    }
}
