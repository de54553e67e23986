using WeightInit.Theory;

namespace WeightInit.Tests.Theory;

public class GaussHermiteQuadratureTests
{
    [Fact]
    public void Three_point_rule_has_nodes_0_and_plus_minus_sqrt3_with_weights_two_thirds_and_one_sixth()
    {
        var rule = GaussHermiteQuadrature.Create(3);

        rule.Nodes.Should().Equal([-Math.Sqrt(3), 0, Math.Sqrt(3)], (a, b) => Math.Abs(a - b) < 1e-14);
        rule.Weights.Should().Equal([1.0 / 6, 2.0 / 3, 1.0 / 6], (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(GaussHermiteQuadrature.MaxPoints)]
    public void Weights_are_positive_sum_to_one_and_nodes_are_symmetric_and_ascending(int points)
    {
        var rule = GaussHermiteQuadrature.Create(points);

        rule.Points.Should().Be(points);
        rule.Weights.Should().OnlyContain(w => w > 0);
        rule.Weights.Sum().Should().BeApproximately(1, 1e-14);
        rule.Nodes.Should().BeInAscendingOrder();
        rule.Nodes.Distinct().Should().HaveCount(points, "Gauss nodes are simple roots");
        for (int i = 0; i < points; i++)
        {
            rule.Nodes[i].Should().Be(-rule.Nodes[points - 1 - i]);
        }
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(4, 3.0)]
    [InlineData(6, 15.0)]
    [InlineData(8, 105.0)]
    [InlineData(20, 654729075.0)] // 19!! — still within the 100-point rule's degree 199
    public void Hundred_point_rule_integrates_even_gaussian_moments_exactly(int power, double doubleFactorial)
    {
        var rule = GaussHermiteQuadrature.Create(100);

        rule.Expectation(z => Math.Pow(z, power)).Should().BeApproximately(doubleFactorial, 1e-12 * doubleFactorial);
        rule.Expectation(z => Math.Pow(z, power - 1)).Should().BeApproximately(0, 1e-12 * doubleFactorial, "odd moments vanish");
    }

    [Fact]
    public void An_n_point_rule_is_exact_to_degree_2n_minus_1_and_not_beyond()
    {
        var rule = GaussHermiteQuadrature.Create(3);

        rule.Expectation(z => z * z * z * z).Should().BeApproximately(3, 1e-13, "degree 4 ≤ 2·3 − 1");
        rule.Expectation(z => Math.Pow(z, 6)).Should().BeApproximately(9, 1e-12,
            "degree 6 is beyond the 3-point rule: 2·(1/6)·√3⁶ = 9, not E[z⁶] = 15");
    }

    [Fact]
    public void Smooth_functions_converge_to_their_closed_form_gaussian_expectations()
    {
        var rule = GaussHermiteQuadrature.Create(64);

        rule.Expectation(Math.Cos).Should().BeApproximately(Math.Exp(-0.5), 1e-14, "E[cos z] = e^(−1/2)");
        rule.Expectation(Math.Exp).Should().BeApproximately(Math.Exp(0.5), 1e-13, "E[e^z] = e^(1/2)");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(GaussHermiteQuadrature.MaxPoints + 1)]
    public void Create_rejects_point_counts_outside_the_supported_range(int points)
    {
        var act = () => GaussHermiteQuadrature.Create(points);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*got {points}*");
    }
}
