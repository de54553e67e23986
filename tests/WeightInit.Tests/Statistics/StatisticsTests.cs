using WeightInit.Statistics;

namespace WeightInit.Tests.Statistics;

public class StatisticsTests
{
    [Theory]
    [InlineData(1, 12.7062047362)]
    [InlineData(2, 4.3026527297)]
    [InlineData(4, 2.7764451052)]
    [InlineData(9, 2.2621571628)]
    [InlineData(29, 2.0452296421)]
    [InlineData(1000, 1.9623390808)]
    public void Student_t_97_5_percent_quantiles_match_the_published_table(int degreesOfFreedom, double expected)
    {
        StudentT.Quantile(0.975, degreesOfFreedom).Should().BeApproximately(expected, 1e-8);
        StudentT.Cdf(expected, degreesOfFreedom).Should().BeApproximately(0.975, 1e-10);
    }

    [Fact]
    public void A_sample_summary_gives_mean_sample_std_and_a_t_interval()
    {
        var s = SampleSummary.Of([1.0, 2.0, 3.0, 4.0, 5.0]);
        s.Mean.Should().Be(3);
        s.StandardDeviation.Should().BeApproximately(Math.Sqrt(2.5), 1e-12);
        double half = 2.7764451052 * Math.Sqrt(2.5) / Math.Sqrt(5);
        s.ConfidenceLow.Should().BeApproximately(3 - half, 1e-8);
        s.ConfidenceHigh.Should().BeApproximately(3 + half, 1e-8);
    }

    [Fact]
    public void One_value_has_no_spread_and_no_interval()
    {
        var s = SampleSummary.Of([0.97]);
        s.StandardDeviation.Should().BeNull();
        s.ConfidenceLow.Should().BeNull();
        FluentActions.Invoking(() => SampleSummary.Of([])).Should().Throw<ArgumentException>().WithMessage("*0 values*");
    }
}
