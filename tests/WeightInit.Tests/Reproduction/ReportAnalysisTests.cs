using WeightInit.Experiments.Reproduction;

namespace WeightInit.Tests.Reproduction;

/// <summary>The report's sentences are computed from the numbers: different numbers, different words.</summary>
public sealed class ReportAnalysisTests
{
    [Fact]
    public void All_zero_activations_are_reported_as_symmetry() =>
        ReportAnalysis.DescribeDepthTrend("zero", [0, 0, 0, 0, 0], "Tanh").Should().Contain("exactly 0").And.Contain("symmetry");

    [Fact]
    public void A_geometric_shrink_is_reported_with_the_range_of_its_layer_to_layer_factors_and_decades()
    {
        // Layer to layer: 0.0943/0.0149 = 6.33, 0.0149/0.0024 = 6.21, 0.0024/0.0004 = 6.00, 0.0004/5.95e-05 = 6.72;
        // 0.0943 → 5.95e-05 is log10(1585) = 3.2 decades.
        string text = ReportAnalysis.DescribeDepthTrend("small_random", [0.0943, 0.0149, 0.0024, 0.0004, 5.95e-05], "Tanh");

        text.Should().Contain("shrinks by a factor 6.00–6.72 per layer (0.0943 → 5.95e-05 over 5 layers, 3.2 decades)").And.Contain("vanishes");
    }

    [Fact]
    public void The_notebook_profile_of_the_issue_is_reported_as_its_measured_factors()
    {
        // normal_0.001 in a full run: 5.74e-3 → 9.84e-5 → 1.06e-6 → 7.80e-9, factors 58.3, 92.8 and 136.
        ReportAnalysis.DepthChange([5.74e-3, 9.84e-5, 1.06e-6, 7.80e-9]).Should().StartWith("shrinks by a factor 58.3–136 per layer (0.00574 → 7.80e-09 over 4 layers, 5.9 decades)");
    }

    [Fact]
    public void Growth_above_five_percent_per_layer_is_reported_as_growth()
    {
        // The documents' He/Tanh profile: (0.531 / 0.388)^(1/4) = 1.082, i.e. 8 % per layer.
        ReportAnalysis.DescribeDepthTrend("he", [0.388, 0.442, 0.485, 0.511, 0.531], "Tanh").Should().Contain("grows by 8 % per layer on average");
    }

    [Fact]
    public void A_gentle_decay_and_a_flat_profile_are_told_apart()
    {
        // Xavier/Tanh: (0.243 / 0.360)^(1/4) = 0.906, a 9 % decay per layer; He/ReLU at ±2 % is flat.
        ReportAnalysis.DescribeDepthTrend("xavier", [0.360, 0.321, 0.291, 0.269, 0.243], "Tanh").Should().Contain("decays gently, 9 % per layer on average");
        ReportAnalysis.DescribeDepthTrend("he", [0.283, 0.293, 0.300, 0.290, 0.288], "ReLU").Should().Contain("stays nearly constant");
    }
}
