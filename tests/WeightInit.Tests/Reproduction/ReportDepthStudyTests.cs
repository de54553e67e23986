using WeightInit.Experiments.Reporting;
using WeightInit.Experiments.Reproduction;
using WeightInit.Experiments.Studies;
using WeightInit.Tests.Studies;

namespace WeightInit.Tests.Reproduction;

/// <summary>The recommendation uses the depth study's intervals when one is given, and says its margins are one run's seeds when not.</summary>
public sealed class ReportDepthStudyTests
{
    private static string Recommendation(string report)
    {
        int start = report.IndexOf("## Recommendation", StringComparison.Ordinal);
        int end = report.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return report[start..end];
    }

    [Fact]
    public void Without_a_depth_study_the_recommendation_says_its_margins_come_from_the_runs_seeds_only()
    {
        string text = Recommendation(ReportWriter.Render(ReportFixture.Real()));

        text.Should().Contain("These margins come from this run's 1 seed only, at 5 hidden layers; no depth study was given")
            .And.NotContain("The depth study `");
    }

    [Fact]
    public void With_a_depth_study_the_recommendation_quotes_its_paired_intervals_at_the_runs_depth()
    {
        // xavier − he per seed at depth 5: tanh −0.2, +0.3, −0.1 points (inside the spread); relu −2.0, −2.1, −1.9 (outside).
        double[] tanh = [-0.002, 0.003, -0.001], relu = [-0.020, -0.021, -0.019];
        var file = DepthStudyFakes.File(DepthStudyFakes.Definition(3, [5, 10]),
            c => 0.95 + (c.Initializer == "xavier" ? (c.Activation == "tanh" ? tanh : relu)[c.Seed - 42] : 0) - (c.Depth == 10 && c.Activation == "relu" && c.Initializer == "xavier" ? 0.8 : 0));
        var study = DepthStudyResult.From(file);

        string text = Recommendation(MarkdownRenderer.Render(ReportWriter.Build(ReportFixture.Real(), null, study, "out/depth-study.json")));

        text.Should().Contain($"The depth study `depth-study.json` (grid {study.Fingerprint}, 24 of 24 cells, 3 seeds, 3 epochs")
            .And.Contain("At depth 5, this run's, its paired Xavier − He differences")
            .And.Contain("tanh −0.00 points, 95 % t-interval [−0.66, +0.66] over 3 seeds, inside the seed-to-seed spread")
            .And.Contain("relu −2.00 points, 95 % t-interval [−2.25, −1.75] over 3 seeds, outside the seed-to-seed spread")
            .And.Contain("relu xavier stops training at depth 10")
            .And.NotContain("These margins come from this run's");
    }
}
