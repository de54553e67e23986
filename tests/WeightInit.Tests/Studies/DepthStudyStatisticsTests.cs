using WeightInit.Experiments.Studies;
using WeightInit.Initializers;
using WeightInit.Sweeps;

namespace WeightInit.Tests.Studies;

/// <summary>The study's intervals and its grid.</summary>
public sealed class DepthStudyStatisticsTests
{
    // t_{0.975, 2} = 4.302653 (tables of Student's t); the interval is mean ± t · s / √n.
    private const double T975With2Df = 4.302653;

    [Fact]
    public void Accuracy_intervals_are_student_t_intervals_over_seeds()
    {
        // Seeds 42, 43, 44 score 0.90, 0.92, 0.94: mean 0.92, s = 0.02.
        var file = DepthStudyFakes.File(DepthStudyFakes.Definition(3, [5]), c => 0.90 + (0.02 * (c.Seed - 42)));

        var point = DepthStudyResult.From(file).Points.First(p => p.Activation == "tanh" && p.Initializer == "he");

        double half = T975With2Df * 0.02 / Math.Sqrt(3);
        point.Accuracy!.Mean.Should().BeApproximately(0.92, 1e-12);
        point.Accuracy.ConfidenceLow!.Value.Should().BeApproximately(0.92 - half, 1e-6, "t quantile to 6 digits");
        point.Accuracy.ConfidenceHigh!.Value.Should().BeApproximately(0.92 + half, 1e-6);
        point.StopsTraining.Should().BeFalse();
    }

    [Fact]
    public void The_xavier_he_gap_is_paired_by_seed_in_points()
    {
        // xavier − he per seed: +1, +2, +3 points → mean 2, s = 1.
        var file = DepthStudyFakes.File(DepthStudyFakes.Definition(3, [5]), c => 0.9 + (c.Initializer == "xavier" ? 0.01 * (c.Seed - 41) : 0) + (0.05 * (c.Seed - 42)));

        var gap = DepthStudyResult.From(file).Gap("tanh", 5)!;

        gap.Difference.Mean.Should().BeApproximately(2, 1e-9);
        gap.Difference.ConfidenceLow!.Value.Should().BeApproximately(2 - (T975With2Df / Math.Sqrt(3)), 1e-5);
        gap.Difference.ConfidenceHigh!.Value.Should().BeApproximately(2 + (T975With2Df / Math.Sqrt(3)), 1e-5);
        gap.InsideSpread.Should().BeTrue("the interval [-0.48, 4.48] includes 0");
        (gap with { Difference = WeightInit.Statistics.SampleSummary.Of([2.0, 2.1, 2.2]) }).InsideSpread.Should().BeFalse("[1.85, 2.35] excludes 0");
    }

    [Fact]
    public void Diverged_seeds_have_no_accuracy_and_a_majority_of_them_stops_training()
    {
        var definition = DepthStudyFakes.Definition(3, [5]);
        var file = DepthStudyFakes.File(definition, _ => 0.95);
        file = file with
        {
            Results = file.Results.Select(r => r.Cell is { Initializer: "he", Activation: "relu" } && r.Cell.Seed < 44
                ? r with { Diverged = true, Metrics = r.Metrics.Where(kv => kv.Key != "test_accuracy").ToDictionary() }
                : r).ToList(),
        };

        var point = DepthStudyResult.From(file).Points.Single(p => p is { Activation: "relu", Initializer: "he" });

        point.Diverged.Should().Be(2);
        point.AccuracyPerSeed.Should().Equal(0.95);
        point.StopsTraining.Should().BeTrue("2 of 3 seeds diverged");
    }

    [Fact]
    public void The_full_grid_expands_to_every_depth_activation_initializer_and_seed()
    {
        var grid = DepthStudyDefinition.Full.ToGrid();

        grid.Cells.Should().HaveCount(4 * 2 * 4 * 3);
        grid.Depths.Should().Equal(5, 10, 20, 30);
        grid.Widths.Should().Equal(256);
        grid.Seeds.Should().Equal(42, 43, 44);
        grid.Settings["lr"].Should().Be("0.01");
        grid.Settings["epochs"].Should().Be("3");
        DepthStudyDefinition.FromGrid(grid).Should().BeEquivalentTo(DepthStudyDefinition.Full);
        (DepthStudyDefinition.Full with { LearningRate = 0.1 }).ToGrid().Fingerprint.Should().NotBe(grid.Fingerprint);
    }

    [Theory]
    [InlineData("tanh", 5.0 / 3)]
    [InlineData("relu", 1.4142135623730951)]
    public void Orthogonal_takes_the_activations_gain(string activation, double gain)
    {
        var scheme = DepthStudyDefinition.Scheme("orthogonal", activation);

        scheme.Rules.Select(r => r.Initializer).OfType<Orthogonal>().Single().Gain.Should().BeApproximately(gain, 1e-12);
    }

    [Fact]
    public void A_plain_sweep_grid_is_not_read_as_a_depth_study()
    {
        var sweep = new SweepGrid([5], [256], ["relu"], ["he"], [42], new Dictionary<string, string> { ["epochs"] = "1" });

        FluentActions.Invoking(() => DepthStudyDefinition.FromGrid(sweep)).Should().Throw<InvalidDataException>().WithMessage("*not a depth study*epochs=1*");
        FluentActions.Invoking(() => DepthStudyDefinition.Scheme("zero", "tanh")).Should().Throw<ArgumentException>().WithMessage("*'zero'*xavier, he, orthogonal, lsuv*");
    }
}
