using WeightInit.Experiments.Reproduction;

namespace WeightInit.Tests.Reproduction;

/// <summary>The report's sentences are computed from the numbers: different numbers, different words.</summary>
public sealed class ReportAnalysisTests
{
    [Fact]
    public void All_zero_activations_are_reported_as_symmetry() =>
        ReportWriter.DescribeDepthTrend("zero", [0, 0, 0, 0, 0], "Tanh").Should().Contain("exactly 0").And.Contain("symmetry");

    [Fact]
    public void A_geometric_shrink_is_reported_with_its_factor_per_layer_and_decades()
    {
        // 0.0943 → 5.95e-05 over 4 steps is a factor (0.0943 / 5.95e-05)^(1/4) = 6.3 per layer, 3.2 decades.
        string text = ReportWriter.DescribeDepthTrend("small_random", [0.0943, 0.0149, 0.0024, 0.0004, 5.95e-05], "Tanh");

        text.Should().Contain("shrinks by a factor 6.3 per layer").And.Contain("3.2 decades").And.Contain("vanishes");
    }

    [Fact]
    public void Growth_above_five_percent_per_layer_is_reported_as_growth()
    {
        // The documents' He/Tanh profile: (0.531 / 0.388)^(1/4) = 1.082, i.e. 8 % per layer.
        ReportWriter.DescribeDepthTrend("he", [0.388, 0.442, 0.485, 0.511, 0.531], "Tanh").Should().Contain("grows by 8 % per layer");
    }

    [Fact]
    public void A_gentle_decay_and_a_flat_profile_are_told_apart()
    {
        // Xavier/Tanh: (0.243 / 0.360)^(1/4) = 0.906, a 9 % decay per layer; He/ReLU at ±2 % is flat.
        ReportWriter.DescribeDepthTrend("xavier", [0.360, 0.321, 0.291, 0.269, 0.243], "Tanh").Should().Contain("decays gently, 9 % per layer");
        ReportWriter.DescribeDepthTrend("he", [0.283, 0.293, 0.300, 0.290, 0.288], "ReLU").Should().Contain("stays nearly constant");
    }
}
