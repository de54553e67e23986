using ScottPlot;
using ScottPlot.Plottables;
using WeightInit.Experiments.Figures;

namespace WeightInit.Tests.Figures;

public class FiguresTests
{
    // The PyTorch peer's Q5.2 Tanh statistics (seed 42), /work/shared/peer/RESULTS.md.
    private static readonly LayerStatistics[] PeerTanh =
    [
        new("zero", [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]),
        new("small_random", [-0.0013, 3.63e-4, 9.14e-5, 1.04e-5, 2.53e-6], [0.0919, 0.0149, 0.0023, 3.67e-4, 5.70e-5]),
        new("xavier", [-0.0255, -0.0148, -0.0215, -0.0099, 2.96e-4], [0.3612, 0.3283, 0.3008, 0.2774, 0.2488]),
        new("he", [-0.0192, -0.0288, 0.0094, -0.0061, -0.0156], [0.3963, 0.4495, 0.4825, 0.5037, 0.5272]),
    ];

    [Fact]
    public void Q5_2_activation_statistics_figure_plots_the_measured_means_and_stds_by_depth()
    {
        var figure = global::WeightInit.Experiments.Figures.Figures.ActivationStatistics("Tanh", PeerTanh);

        figure.Panels.Should().HaveCount(3);
        figure.Panels[0].TitleText().Should().Be("Tanh: mean activation vs layer depth");
        var means = figure.Panels[0].Lines();
        means.Select(s => s.LegendText).Should().Equal("zero", "small_random", "xavier", "he");
        for (int i = 0; i < PeerTanh.Length; i++)
        {
            means[i].Xs().Should().Equal(1, 2, 3, 4, 5);
            means[i].Ys().Should().Equal(PeerTanh[i].Mean);
            figure.Panels[1].Lines()[i].Ys().Should().Equal(PeerTanh[i].Std);
        }
    }

    [Fact]
    public void Log_std_panel_plots_log10_of_the_std_and_says_that_zeros_are_not_shown()
    {
        var figure = global::WeightInit.Experiments.Figures.Figures.ActivationStatistics("Tanh", PeerTanh);

        var log = figure.Panels[2];
        log.Lines().Select(s => s.LegendText).Should().Equal("small_random", "xavier", "he");
        log.Lines()[0].Ys().Should().Equal(PeerTanh[1].Std.Select(Math.Log10));
        log.Legend.ManualItems.Should().ContainSingle().Which.LabelText.Should().Be("zero: all ≤ 0, not on log axis");
        log.Axes.Left.TickGenerator.Should().BeOfType<LogTickGenerator>();
    }

    [Fact]
    public void Mean_field_predictions_are_dashed_in_the_color_of_their_measured_initializer()
    {
        LayerStatistics[] predicted = [new("he", [0, 0, 0, 0, 0], [0.39, 0.45, 0.48, 0.50, 0.52])];

        var figure = global::WeightInit.Experiments.Figures.Figures.ActivationStatistics("Tanh", PeerTanh, predicted);

        var theory = figure.Panels[1].Lines().Single(s => s.LegendText == "he (mean field)");
        var measured = figure.Panels[1].Lines().Single(s => s.LegendText == "he");
        theory.Ys().Should().Equal(predicted[0].Std);
        theory.LinePattern.Should().Be(LinePattern.Dashed);
        measured.LinePattern.Should().Be(LinePattern.Solid);
        theory.LineColor.Should().Be(measured.LineColor);
        figure.Panels[2].Lines().Single(s => s.LegendText == "he (mean field)").Ys()
            .Should().Equal(predicted[0].Std.Select(Math.Log10));
        figure.Panels[0].Lines().Should().NotContain(s => s.LegendText.Contains("mean field"), "theory sits beside the std only");
    }

    [Fact]
    public void Prediction_for_an_initializer_that_was_not_measured_is_rejected()
    {
        var act = () => global::WeightInit.Experiments.Figures.Figures.ActivationStatistics("Tanh", PeerTanh, [new("lecun", [0], [1])]);

        act.Should().Throw<ArgumentException>().WithMessage("*'lecun'*zero, small_random, xavier, he*");
    }

    [Fact]
    public void Sample_image_grid_shows_each_image_with_its_label_as_title()
    {
        var images = Enumerable.Range(0, 32)
            .Select(i => new SampleImage($"label {i % 10}", 28, 28, Enumerable.Range(0, 784).Select(p => ((p + i) % 256) / 255.0).ToArray()))
            .ToArray();

        var figure = global::WeightInit.Experiments.Figures.Figures.SampleImages(images);

        figure.Rows.Should().Be(4);
        figure.Columns.Should().Be(8);
        figure.Panels.Should().HaveCount(32);
        for (int i = 0; i < 32; i++)
        {
            figure.Panels[i].TitleText().Should().Be(images[i].Title);
            var heatmap = figure.Panels[i].GetPlottables<Heatmap>().Single();
            heatmap.Intensities.GetLength(0).Should().Be(28);
            heatmap.Intensities[3, 5].Should().Be(images[i].Pixels[(3 * 28) + 5], "row-major pixels keep their row and column");
        }
    }

    [Fact]
    public void Sample_image_with_the_wrong_pixel_count_is_rejected()
    {
        var act = () => global::WeightInit.Experiments.Figures.Figures.SampleImages([new SampleImage("7", 28, 28, new double[783])]);

        act.Should().Throw<ArgumentException>().WithMessage("*784 pixels; got 783*");
    }

    [Fact]
    public void Training_loss_figure_has_a_linear_and_a_log_panel_with_one_line_per_initializer()
    {
        double[] xavier = [0.3665, 0.1989, 0.1454], he = [0.2962, 0.1343, 0.0935];

        var figure = global::WeightInit.Experiments.Figures.Figures.TrainingLoss("Tanh", [("xavier", xavier), ("he", he)]);

        figure.Panels[0].Lines()[1].Ys().Should().Equal(he);
        figure.Panels[0].Lines()[1].Xs().Should().Equal(1, 2, 3);
        figure.Panels[1].Lines()[0].Ys().Should().Equal(xavier.Select(Math.Log10));
    }

    [Fact]
    public void Minibatch_loss_figure_draws_the_raw_losses_and_their_running_average()
    {
        double[] losses = [2.3, 2.2, 2.0, 1.5, 1.0, 0.8];

        var figure = global::WeightInit.Experiments.Figures.Figures.MinibatchLoss([("A", losses)], window: 3);

        var lines = figure.Panels[0].Lines();
        lines.Select(l => l.LegendText).Should().Equal("A (minibatch)", "A (running avg, 3)");
        lines[0].Ys().Should().Equal(losses);
        lines[1].Ys().Should().Equal(Binning.RunningAverage(losses, 3));
    }

    [Fact]
    public void Accuracy_figure_draws_train_solid_and_validation_dashed()
    {
        var run = new AccuracyHistory("A kaiming_uniform", [95.13, 96.72], [95.72, 96.65]);

        var lines = global::WeightInit.Experiments.Figures.Figures.Accuracy([run]).Panels[0].Lines();

        lines[0].Ys().Should().Equal(run.Train);
        lines[1].Ys().Should().Equal(run.Validation);
        lines[1].LinePattern.Should().Be(LinePattern.Dashed);
    }

    [Fact]
    public void Weight_histograms_overlay_before_and_after_counts_on_shared_bins_per_layer()
    {
        var before = Enumerable.Range(0, 1000).Select(i => (i - 500) / 1000.0).ToArray();
        var after = before.Select(w => w * 1.5).ToArray();
        LayerWeights[] layers = [new("fc1", before, after), new("fc2", new double[10], new double[10])];

        var figure = global::WeightInit.Experiments.Figures.Figures.WeightHistograms(layers, bins: 20);

        figure.Panels.Should().HaveCount(2);
        var bars = figure.Panels[0].GetPlottables<BarPlot>().ToArray();
        bars.Should().HaveCount(2);
        var edges = Binning.SharedEdges(20, before, after);
        bars[0].Bars.Select(b => b.Value).Should().Equal(Binning.Counts(before, edges).Select(c => (double)c));
        bars[1].Bars.Select(b => b.Value).Should().Equal(Binning.Counts(after, edges).Select(c => (double)c));
        bars[1].Bars.Sum(b => b.Value).Should().Be(1000);
        figure.Panels[1].GetPlottables<BarPlot>().First().Bars.Sum(b => b.Value).Should().Be(10, "all-zero weights still form one bar");
    }

    [Fact]
    public void Series_with_unequal_x_and_y_counts_is_rejected()
    {
        var act = () => global::WeightInit.Experiments.Figures.Figures.Lines(
            [new LinePanel("t", "x", "y", [new LineSeries("bad", [1, 2], [1])])], columns: 1);

        act.Should().Throw<ArgumentException>().WithMessage("*'bad'*2 X and 1 Y*");
    }

    public static TheoryData<string> FigureKinds() => ["activations", "samples", "loss", "minibatch", "accuracy", "histograms"];

    [Theory]
    [MemberData(nameof(FigureKinds))]
    public void Every_figure_is_written_as_a_decodable_png_and_a_well_formed_svg(string kind)
    {
        var figure = kind switch
        {
            "activations" => global::WeightInit.Experiments.Figures.Figures.ActivationStatistics("Tanh", PeerTanh),
            "samples" => global::WeightInit.Experiments.Figures.Figures.SampleImages(
                Enumerable.Range(0, 32).Select(i => new SampleImage(i.ToString(), 28, 28, new double[784])).ToArray()),
            "loss" => global::WeightInit.Experiments.Figures.Figures.TrainingLoss("ReLU", [("he", [0.3571, 0.1270])]),
            "minibatch" => global::WeightInit.Experiments.Figures.Figures.MinibatchLoss([("B", [2.30, 2.30, 2.29])], window: 2),
            "accuracy" => global::WeightInit.Experiments.Figures.Figures.Accuracy([new AccuracyHistory("A", [90, 95], [91, 94])]),
            "histograms" => global::WeightInit.Experiments.Figures.Figures.WeightHistograms([new LayerWeights("fc1", [0.1, -0.2, 0.3], [0.2, -0.1, 0.4])]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown figure kind"),
        };

        figure.ShouldBeSavedAsPngAndSvg(kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sub/dir")]
    public void Save_rejects_a_stem_that_is_not_a_plain_file_name(string stem)
    {
        var figure = global::WeightInit.Experiments.Figures.Figures.Accuracy([new AccuracyHistory("A", [90], [91])]);

        var act = () => figure.Save(Path.GetTempPath(), stem);

        act.Should().Throw<ArgumentException>();
    }
}
