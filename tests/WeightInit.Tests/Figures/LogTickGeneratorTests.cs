using ScottPlot;
using ScottPlot.Plottables;
using WeightInit.Experiments.Figures;

namespace WeightInit.Tests.Figures;

/// <summary>A log axis always shows at least two labels, whatever its span: decades when two or more are in view.</summary>
public class LogTickGeneratorTests
{
    private static string[] Labels(double low, double high) =>
        LogTickGenerator.For(Math.Log10(low), Math.Log10(high)).Where(t => t.IsMajor).Select(t => t.Label).ToArray();

    [Fact]
    public void Several_decades_label_the_decades_only()
    {
        Labels(1e-5, 0.55).Should().Equal("1e-5", "1e-4", "0.001", "0.01", "0.1");
        LogTickGenerator.For(-5, Math.Log10(0.55)).Count(t => !t.IsMajor).Should().Be((4 * 8) + 4, "2…9 × 10ᵏ for k = −5 … −2, and 2…5 × 0.1 are minor ticks");
    }

    [Fact]
    public void One_decade_in_view_also_labels_two_and_five_times_powers_of_ten()
    {
        Labels(1.5e-4, 4e-3).Should().Equal("2e-4", "5e-4", "0.001", "0.002");
    }

    [Fact]
    public void An_axis_within_one_decade_labels_every_multiple_when_two_and_five_give_fewer_than_three_labels()
    {
        // The depth study's Tanh forward panel: stds 0.16 … 0.75, no decade in view (it had no y labels at all).
        Labels(0.16, 0.75).Should().Equal("0.2", "0.3", "0.4", "0.5", "0.6", "0.7");
        Labels(0.21, 0.48).Should().Equal("0.3", "0.4");
    }

    [Fact]
    public void An_axis_spanning_less_than_two_multiples_is_labelled_at_even_positions_with_three_significant_figures()
    {
        var labels = Labels(0.31, 0.39);

        labels.Should().HaveCount(4);
        labels.Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).Should().BeInAscendingOrder()
            .And.OnlyContain(v => v > 0.31 && v < 0.39);
    }

    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(2, 1)]
    [InlineData(1, 1)]
    public void An_empty_or_invalid_range_has_no_ticks(double low, double high) =>
        LogTickGenerator.For(low, high).Should().BeEmpty();

    [Fact]
    public void Every_tick_lies_in_the_range_it_was_made_for()
    {
        foreach (var (low, high) in new[] { (-7.3, 1.2), (-0.8, -0.1), (-3.2, -2.9), (2.01, 2.02) })
        {
            LogTickGenerator.For(low, high).Should().OnlyContain(t => t.Position >= low && t.Position <= high, $"range [{low}, {high}]");
        }
    }

    [Fact]
    public void A_rendered_log_panel_shows_labels_on_its_left_axis_when_its_data_spans_less_than_a_decade()
    {
        var panel = new LinePanel("t", "x", "y", [new LineSeries("s", [1, 2, 3], [0.18, 0.3, 0.7])]) { LogY = true };
        var plot = global::WeightInit.Experiments.Figures.Figures.Lines([panel], 1).Panels[0];

        plot.RenderInMemory(400, 300);

        plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).Should().Contain(["0.2", "0.3", "0.5"]);
    }

    [Fact]
    public void A_band_is_drawn_behind_its_line_in_its_color_and_on_log_panels_in_log_units()
    {
        var series = new LineSeries("he", [5, 10, 20], [0.5, 0.4, 0.3]) { BandLow = [0.4, 0.3, 0.2], BandHigh = [0.6, 0.5, 0.4] };
        var plot = global::WeightInit.Experiments.Figures.Figures.Lines([new LinePanel("t", "x", "y", [series]) { LogY = true }], 1).Panels[0];

        var plottables = plot.GetPlottables().ToArray();
        var band = plottables.OfType<FillY>().Should().ContainSingle().Subject;
        Array.IndexOf(plottables, band).Should().BeLessThan(Array.IndexOf(plottables, plottables.OfType<Scatter>().Single()), "the band is drawn first, under the line");
        band.FillColor.WithAlpha(1).Should().Be(plottables.OfType<Scatter>().Single().LineColor.WithAlpha(1));
        var limits = band.GetAxisLimits();
        limits.Bottom.Should().BeApproximately(Math.Log10(0.2), 1e-12);
        limits.Top.Should().BeApproximately(Math.Log10(0.6), 1e-12);
    }

    [Fact]
    public void A_band_with_one_edge_or_the_wrong_count_is_rejected_naming_both_counts()
    {
        var oneEdge = new LineSeries("he", [1, 2], [1, 2]) { BandLow = [0, 1] };
        var shortBand = new LineSeries("he", [1, 2], [1, 2]) { BandLow = [0], BandHigh = [2] };

        foreach (var series in new[] { oneEdge, shortBand })
        {
            var build = () => global::WeightInit.Experiments.Figures.Figures.Lines([new LinePanel("t", "x", "y", [series])], 1);
            build.Should().Throw<ArgumentException>().WithMessage("series 'he' needs both band edges with one value per X (2)*");
        }
    }

    [Fact]
    public void Sixty_decades_on_a_short_axis_label_every_nth_decade_and_no_labels_overlap()
    {
        // inspect --hidden 256 --depth 60 spans about 66 decades; the panel is a few hundred pixels high.
        var ticks = LogTickGenerator.For(-66.2, 0.3, maxLabels: 12);
        var labelled = ticks.Where(t => t.IsMajor).ToArray();

        labelled.Length.Should().BeInRange(2, 12);
        labelled.Select(t => t.Position).Should().OnlyContain(p => p % 6 == 0, "every 6th decade (66 decades / 12 labels, rounded up)");
        ticks.Should().OnlyContain(t => t.Position == Math.Round(t.Position), "so many decades get no 2…9 × 10ᵏ ticks");
    }

    [Fact]
    public void A_rendered_panel_keeps_its_labels_at_least_the_label_spacing_apart()
    {
        var y = Enumerable.Range(0, 61).Select(i => Math.Pow(10, -i)).ToArray();
        var panel = new LinePanel("t", "x", "y", [new LineSeries("s", [.. Enumerable.Range(1, 61).Select(i => (double)i)], y)]) { LogY = true };
        var plot = global::WeightInit.Experiments.Figures.Figures.Lines([panel], 1, height: 300).Panels[0];

        plot.RenderInMemory(400, 300);

        var labels = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).Order().ToArray();
        labels.Length.Should().BeGreaterThanOrEqualTo(2);
        double pixelsPerUnit = plot.RenderManager.LastRender.DataRect.Height / plot.Axes.Left.Range.Span;
        labels.Zip(labels.Skip(1), (a, b) => (b - a) * pixelsPerUnit).Should().OnlyContain(gap => gap >= LogTickGenerator.PixelsPerLabel,
            "labels about 15 px high are at least 24 px apart on the rendered axis");
    }
}
