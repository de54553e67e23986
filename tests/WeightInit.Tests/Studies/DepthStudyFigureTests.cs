using ScottPlot.Plottables;
using WeightInit.Experiments.Figures;
using WeightInit.Experiments.Studies;
using WeightInit.Sweeps;
using WeightInit.Tests.Figures;

namespace WeightInit.Tests.Studies;

/// <summary>The depth study's accuracy figure: one line per initializer, its 95 % t-interval as a band, every depth shown.</summary>
public sealed class DepthStudyFigureTests
{
    private static readonly int[] Depths = [5, 10, 20, 30];

    // Three seeds whose accuracies differ by known offsets, so each cell's interval has a known, non-zero width.
    private static double Accuracy(SweepCell c) => 0.9 - (c.Depth * 1e-3) + (c.Seed switch { 42 => 0.01, 43 => -0.01, _ => 0.0 });

    [Fact]
    public void Accuracy_figure_has_a_line_and_a_95_percent_band_per_initializer_in_the_same_color()
    {
        var result = DepthStudyResult.From(DepthStudyFakes.File(DepthStudyFakes.Definition(3, Depths), Accuracy));

        var figure = DepthStudyWriter.AccuracyAgainstDepth(result);

        figure.Panels.Should().HaveCount(2);
        foreach (var (panel, activation) in figure.Panels.Zip(new[] { "tanh", "relu" }))
        {
            var lines = panel.Lines();
            lines.Select(l => l.LegendText).Should().Equal("xavier (band: 95 % CI)", "he (band: 95 % CI)");
            var bands = panel.GetPlottables().OfType<FillY>().ToArray();
            bands.Should().HaveCount(2, "one band per initializer, no separate dashed bound lines");
            foreach (var (line, band, init) in lines.Zip(bands, new[] { "xavier", "he" }))
            {
                var points = result.Points.Where(p => p.Activation == activation && p.Initializer == init).OrderBy(p => p.Depth).ToArray();
                line.Xs().Should().Equal(Depths.Select(d => (double)d));
                line.Ys().Should().Equal(points.Select(p => p.Accuracy!.Mean * 100));
                band.FillColor.WithAlpha(1).Should().Be(line.LineColor.WithAlpha(1));
                var limits = band.GetAxisLimits();
                limits.Bottom.Should().BeApproximately(points.Min(p => p.Accuracy!.ConfidenceLow!.Value) * 100, 1e-9);
                limits.Top.Should().BeApproximately(points.Max(p => p.Accuracy!.ConfidenceHigh!.Value) * 100, 1e-9);
                limits.Top.Should().BeGreaterThan(line.Ys().Max(), "the interval of three differing seeds has width");
            }
        }
    }
}
