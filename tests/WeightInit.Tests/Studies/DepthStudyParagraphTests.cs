using WeightInit.Experiments.Studies;
using WeightInit.Sweeps;

namespace WeightInit.Tests.Studies;

/// <summary>The generated paragraph states from the numbers where each initializer stops training and whether a gap is inside the spread.</summary>
public sealed class DepthStudyParagraphTests
{
    private static readonly int[] Depths = [5, 10, 20, 30];

    // Seed offsets chosen so the paired differences of the tanh depth-5 gap are known: xavier − he = {+0.3, −0.4, +0.2} points.
    private static double Noise(SweepCell c) => c.Seed switch { 42 => 0.003, 43 => -0.004, _ => 0.002 };

    [Fact]
    public void The_depth_where_an_initializer_collapses_is_named_and_the_others_train_at_every_depth()
    {
        var file = DepthStudyFakes.File(DepthStudyFakes.Definition(3, Depths),
            c => c.Activation == "relu" && c.Initializer == "xavier" && c.Depth >= 20 ? 0.1135 : 0.95 + (c.Seed * 1e-4));

        string text = DepthStudyResult.From(file).Paragraph;

        text.Should().Contain("With relu: xavier stops training at depth 20 (11.35 %)")
            .And.Contain("he trains at every depth up to 30")
            .And.Contain("With tanh: xavier trains at every depth up to 30")
            .And.Contain("below 20.00 %", "the paragraph defines 'stops training' with its threshold");
    }

    [Fact]
    public void An_initializer_that_fails_at_one_depth_and_trains_deeper_is_reported_as_such()
    {
        var file = DepthStudyFakes.File(DepthStudyFakes.Definition(3, Depths), c => c.Activation == "tanh" && c.Initializer == "he" && c.Depth == 10 ? 0.15 : 0.9);

        DepthStudyResult.From(file).Paragraph.Should().Contain("he stops training at depth 10 (15.00 %), yet trains again at depth 20 (90.00 %), 30 (90.00 %)");
    }

    [Fact]
    public void A_tanh_gap_smaller_than_the_seed_to_seed_spread_is_called_inside_it()
    {
        var file = DepthStudyFakes.File(DepthStudyFakes.Definition(3, Depths), c => 0.97 + (c.Initializer == "xavier" ? Noise(c) : 0));

        string text = DepthStudyResult.From(file).Paragraph;

        text.Should().Contain("At depth 5 with tanh, xavier − he is +0.03 points")
            .And.Contain("inside the seed-to-seed spread")
            .And.NotContain("outside the seed-to-seed spread");
    }

    [Fact]
    public void A_tanh_gap_consistent_over_seeds_is_called_outside_the_spread()
    {
        var file = DepthStudyFakes.File(DepthStudyFakes.Definition(3, Depths), c => 0.97 - (c.Initializer == "xavier" ? 0.01 + (Noise(c) / 10) : 0));

        string text = DepthStudyResult.From(file).Paragraph;

        text.Should().Contain("At depth 5 with tanh, xavier − he is −1.00 points").And.Contain("outside the seed-to-seed spread").And.NotContain("inside the seed-to-seed spread");
    }

    [Fact]
    public void A_one_seed_gap_is_never_presented_as_a_finding()
    {
        var file = DepthStudyFakes.File(DepthStudyFakes.Definition(1, Depths), c => c.Initializer == "xavier" ? 0.96 : 0.98);

        string text = DepthStudyResult.From(file).Paragraph;

        text.Should().Contain("xavier − he is −2.00 points from one seed").And.Contain("not a finding")
            .And.NotContain("outside the seed-to-seed spread").And.NotContain("inside the seed-to-seed spread");
    }

    [Fact]
    public void The_relu_he_spread_is_shown_beside_the_mean_field_prediction_and_its_growth_is_read_from_the_numbers()
    {
        // Initialization k of depth d scatters by ±(d/100)·k around 0.28: a spread that widens with depth.
        var growing = DepthStudyFakes.File(DepthStudyFakes.Definition(3, Depths), _ => 0.9, (c, k) => 0.28 + ((k - 2) * c.Depth / 1000.0));
        var flat = DepthStudyFakes.File(DepthStudyFakes.Definition(3, Depths), _ => 0.9, (c, k) => 0.28 + ((k - 2) * 0.01));

        string grows = DepthStudyResult.From(growing).Paragraph, stays = DepthStudyResult.From(flat).Paragraph;

        grows.Should().Contain("over 5 initializations spans 0.270–0.290 at depth 5 (mean-field 0.280)").And.Contain("0.220–0.340 at depth 30")
            .And.Contain("coefficient of variation grows").And.Contain("Hanin & Rolnick (2018)");
        stays.Should().Contain("coefficient of variation does not grow");
    }
}
