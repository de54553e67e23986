using ScottPlot;
using WeightInit.Experiments.Cli;
using WeightInit.Experiments.Figures;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Tests.Figures;
using WeightInit.Tests.TestDoubles;
using static TorchSharp.torch;

namespace WeightInit.Tests.Cli;

/// <summary>
/// <c>inspect</c>'s table and figure, built from real inspections of a small MLP on a synthetic batch (the command itself
/// runs on MNIST in the integration tests; its bad arguments are in <see cref="CliTests"/>).
/// </summary>
public sealed class InspectCommandTests
{
    public InspectCommandTests() => TorchThreads.UseOne();

    private static (string Init, InspectionReport Report)[] Reports()
    {
        var spec = new MlpSpec(32, MlpSpec.Hidden(64, 3), 10, Activation.ReLU);
        return [Inspect("small", new TestNormal(0.01)), Inspect("he", TestScaledNormal.He)];

        (string, InspectionReport) Inspect(string name, global::WeightInit.Initializers.IInitializer init)
        {
            using var g = new Generator(42);
            using var model = Mlp.Create(spec, new InitializationScheme(init), g);
            using var batch = empty(16, 32).uniform_(0, 1, g);
            return (name, InitializationDiagnostics.Inspect(model, batch));
        }
    }

    [Theory]
    [InlineData("he", true)]
    [InlineData("xavier_uniform", true)]
    [InlineData("orthogonal", true)]
    [InlineData("zeros", true)]
    [InlineData("small_random", true)]
    [InlineData("identity", false)]
    [InlineData("eye", false)]
    [InlineData("ones", false)]
    [InlineData("constant(0.3)", false)]
    public void The_mean_field_is_shown_only_for_weights_with_independent_identically_distributed_entries(string spec, bool applies) =>
        ModelFactory.MeanFieldApplies(spec).Should().Be(applies);

    [Fact]
    public void An_initializer_without_mean_field_gets_empty_cells_and_no_dashed_line()
    {
        var reports = Reports();
        var without = InspectCommand.WithoutMeanField(reports[1].Report);

        without.Modules.Should().OnlyContain(m => m.MeanFieldStd == null);
        without.Modules.Select(m => m.ForwardStd).Should().Equal(reports[1].Report.Modules.Select(m => m.ForwardStd), "only the prediction is removed");
        InspectCommand.Series("he", without).MeanFieldStd.Should().BeNull();
        reports[1].Report.Modules.Should().Contain(m => m.MeanFieldStd != null, "the original report is left as it was");
    }

    [Fact]
    public void The_table_has_one_row_per_module_and_one_column_group_per_initializer()
    {
        var reports = Reports();
        string[] lines = InspectCommand.Table(reports, meanField: true).ToString().TrimEnd().Split('\n');

        lines[0].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Should().Equal(
            "#", "module", "type", "small fwd", "small mean field", "small bwd", "small ∂W", "he fwd", "he mean field", "he bwd", "he ∂W");
        lines.Should().HaveCount(2 + 7, "header, rule, and linear0, activation0, …, linear3");
        lines[2].Should().Contain("| linear0 ").And.Contain("| Linear ");
        lines[^1].Should().Contain("| linear3 ");
        InspectCommand.Table(reports, meanField: false).ToString().Should().NotContain("mean field");
    }

    [Fact]
    public void The_figure_plots_forward_and_backward_std_of_the_layers_on_log_axes_with_the_mean_field_dashed()
    {
        var reports = Reports();
        var series = reports.Select(r => InspectCommand.Series(r.Init, r.Report)).ToArray();
        var he = reports[1].Report.Modules.Where(m => m.HasParameters).ToArray();
        series[1].ForwardStd.Should().Equal(he.Select(m => m.ForwardStd));
        series[1].BackwardStd.Should().Equal(he.Select(m => m.BackwardStd));
        series[1].MeanFieldStd.Should().Equal(he.Select(m => m.MeanFieldStd!.Value));

        var figure = SignalFigure.Build("784-64x3-10 relu", series);

        figure.Panels.Should().HaveCount(2);
        figure.Panels.Should().OnlyContain(p => p.Axes.Left.TickGenerator is LogTickGenerator);
        var forward = figure.Panels[0].Lines();
        forward.Select(s => s.LegendText).Should().Equal("small", "he", "small (mean field)", "he (mean field)");
        forward[1].Xs().Should().Equal(1, 2, 3, 4);
        forward[1].Ys().Should().Equal(series[1].ForwardStd.Select(Math.Log10));
        forward[3].LinePattern.Should().Be(LinePattern.Dashed);
        forward[3].LineColor.Should().Be(forward[1].LineColor);
        figure.Panels[1].Lines().Select(s => s.LegendText).Should().Equal("small", "he");
        figure.Panels[1].Lines()[0].Ys().Should().Equal(series[0].BackwardStd.Select(Math.Log10));
        figure.ShouldBeSavedAsPngAndSvg(InspectCommand.FigureStem);
    }
}
