using WeightInit.Experiments.Figures;

namespace WeightInit.Tests.Figures;

public class BinningTests
{
    [Fact]
    public void Running_average_is_the_trailing_mean_over_what_exists_so_far()
    {
        Binning.RunningAverage([1, 2, 3, 4, 5], 3).Should().Equal(1, 1.5, 2, 3, 4);
        Binning.RunningAverage([4, 2], 1).Should().Equal(4, 2);
        Binning.RunningAverage([], 5).Should().BeEmpty();
    }

    [Fact]
    public void Running_average_rejects_a_window_below_one()
    {
        var act = () => Binning.RunningAverage([1], 0);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*≥ 1; got 0*");
    }

    [Fact]
    public void Shared_edges_span_all_samples_and_widen_a_constant_one()
    {
        Binning.SharedEdges(4, [0.0, 1.0], [2.0]).Should().Equal(0, 0.5, 1, 1.5, 2);
        Binning.SharedEdges(2, [3.0, 3.0]).Should().Equal(2.5, 3, 3.5);
    }

    [Fact]
    public void Counts_put_each_value_in_one_bin_and_the_maximum_in_the_last()
    {
        double[] edges = [0, 0.5, 1, 1.5, 2];

        Binning.Counts([0, 0.49, 0.5, 1.99, 2, 5, double.NaN], edges).Should().Equal(2, 1, 0, 2);
    }

    [Fact]
    public void Counts_of_many_values_add_up_to_the_number_of_finite_values_in_range()
    {
        var values = Enumerable.Range(0, 10_001).Select(i => Math.Sin(i) * 0.37).ToArray();
        var edges = Binning.SharedEdges(37, values);

        Binning.Counts(values, edges).Sum().Should().Be(values.Length);
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(-1, "0.1")]
    [InlineData(-3, "0.001")]
    [InlineData(2, "100")]
    [InlineData(-5, "1e-5")]
    [InlineData(6, "1e6")]
    [InlineData(-2.5, "")]
    public void Log_axis_labels_decades_plainly_near_one_and_in_e_notation_beyond(double exponent, string label) =>
        LogAxis.FormatDecade(exponent).Should().Be(label);

    [Fact]
    public void Log_transform_drops_non_positive_points_and_counts_them()
    {
        var (x, y, dropped) = LogAxis.Transform([1, 2, 3, 4], [0.01, 0, -1, 100]);

        x.Should().Equal(1, 4);
        y.Should().Equal(-2, 2);
        dropped.Should().Be(2);
    }
}
