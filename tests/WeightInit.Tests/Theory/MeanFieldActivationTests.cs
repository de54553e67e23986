using WeightInit.Theory;

namespace WeightInit.Tests.Theory;

public class MeanFieldActivationTests
{
    private static readonly GaussHermiteQuadrature Rule = GaussHermiteQuadrature.Create(MeanField.DefaultQuadraturePoints);

    public static TheoryData<string, double> Cases()
    {
        var data = new TheoryData<string, double>();
        foreach (string name in new[] { "identity", "relu", "leaky_relu", "selu", "tanh", "sigmoid", "gelu" })
        {
            foreach (double q in new[] { 1e-6, 0.01, 0.3, 1.0, 4.0, 100.0, 1e4 })
            {
                data.Add(name, q);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Moments_agree_with_an_independent_simpson_integration(string name, double q)
    {
        var activation = MeanFieldActivation.FromName(name);

        var (mean, variance) = activation.Moments(q, Rule);
        var (referenceMean, referenceVariance) = SimpsonMoments(activation.Evaluate, q);

        // Simpson with 400 000 panels on [−12, 12] (split at the kink at 0, ≥ 80 panels per 1/√q) is accurate to ~1e-12;
        // 1e-9 relative leaves room for the reference's own rounding in the two-pass variance.
        mean.Should().BeApproximately(referenceMean, 1e-9 * Math.Max(Math.Abs(referenceMean), Math.Sqrt(q)));
        variance.Should().BeApproximately(referenceVariance, 1e-9 * referenceVariance);
    }

    [Fact]
    public void Selu_maps_zero_mean_unit_variance_to_itself_as_Klambauer_et_al_designed()
    {
        var (mean, variance) = MeanFieldActivation.Selu.Moments(1.0, Rule);

        // λ and α are given to 32 digits; the paper's fixed point holds to ~1e-9 with them.
        mean.Should().BeApproximately(0, 1e-8);
        variance.Should().BeApproximately(1, 1e-8);
    }

    [Fact]
    public void Selu_small_variance_expansion_joins_the_closed_form_continuously()
    {
        var below = MeanFieldActivation.Selu.Moments(0.999e-8, Rule);
        var above = MeanFieldActivation.Selu.Moments(1.001e-8, Rule);

        // Both sides scale like q; a 0.2 % step in q moves the variance by 0.2 %, the seam must add < 0.01 %.
        (above.Variance / below.Variance).Should().BeApproximately(1.001e-8 / 0.999e-8, 1e-4);
    }

    [Fact]
    public void Relu_moments_are_the_half_normal_formulas()
    {
        var (mean, variance) = MeanFieldActivation.Relu.Moments(4.0, Rule);

        mean.Should().BeApproximately(2 / Math.Sqrt(2 * Math.PI), 1e-15);
        (variance + (mean * mean)).Should().BeApproximately(2.0, 1e-15, "E[relu(h)²] = q/2");
    }

    [Fact]
    public void Zero_variance_gives_the_activation_at_zero_with_no_spread()
    {
        MeanFieldActivation.Sigmoid.Moments(0, Rule).Should().Be((0.5, 0.0));
        MeanFieldActivation.Tanh.Moments(0, Rule).Should().Be((0.0, 0.0));
        MeanFieldActivation.Relu.Moments(0, Rule).Should().Be((0.0, 0.0));
    }

    [Fact]
    public void Sigmoid_variance_keeps_relative_precision_when_q_is_tiny()
    {
        var (_, variance) = MeanFieldActivation.Sigmoid.Moments(1e-12, Rule);

        variance.Should().BeApproximately(1e-12 / 16, 1e-12 / 16 * 1e-6, "σ(x) ≈ ½ + x/4 near 0");
    }

    [Fact]
    public void Smooth_custom_activation_uses_quadrature()
    {
        var softsign = MeanFieldActivation.Smooth("softsign_sq", x => x * x);

        softsign.HasClosedForm.Should().BeFalse();
        softsign.Moments(2.0, Rule).Should().Match<(double Mean, double Variance)>(
            m => Math.Abs(m.Mean - 2.0) < 1e-12 && Math.Abs(m.Variance - 8.0) < 1e-11, "E[h²] = q, Var[h²] = 2q²");
    }

    [Fact]
    public void FromName_rejects_unknown_names_and_lists_the_valid_ones()
    {
        var act = () => MeanFieldActivation.FromName("swish");

        act.Should().Throw<ArgumentException>().WithMessage("*'swish'*identity, tanh, relu, leaky_relu, sigmoid, selu, gelu*");
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Moments_rejects_a_variance_that_is_not_finite_and_non_negative(double q)
    {
        var act = () => MeanFieldActivation.Tanh.Moments(q, Rule);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*q must be finite and ≥ 0*");
    }

    [Fact]
    public void LeakyRelu_names_its_slope_and_rejects_non_finite_slopes()
    {
        MeanFieldActivation.LeakyRelu(0.2).Name.Should().Be("leaky_relu(0.2)");
        var act = () => MeanFieldActivation.LeakyRelu(double.NaN);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static (double Mean, double Variance) SimpsonMoments(Func<double, double> phi, double q)
    {
        double s = Math.Sqrt(q);
        double mean = Simpson(z => phi(s * z));
        double variance = Simpson(z =>
        {
            double d = phi(s * z) - mean;
            return d * d;
        });
        return (mean, variance);
    }

    private static double Simpson(Func<double, double> f)
    {
        const int panels = 200_000; // per half-line, even
        const double limit = 12;   // the density beyond ±12 is < 1e-31
        double h = limit / panels, sum = 0;
        foreach (int sign in new[] { -1, 1 })
        {
            double half = 0;
            for (int i = 0; i <= panels; i++)
            {
                double z = sign * i * h;
                double weight = i == 0 || i == panels ? 1 : (i % 2 == 1 ? 4 : 2);
                half += weight * f(z) * NormalDistribution.Density(z);
            }

            sum += half * h / 3;
        }

        return sum;
    }
}
