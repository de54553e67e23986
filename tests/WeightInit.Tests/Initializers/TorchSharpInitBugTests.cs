using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>
/// Documents why the library does not use TorchSharp 0.107's <c>nn.init</c> (see ENVIRONMENT.md): these tests call it
/// on purpose and pin its wrong behaviour; if TorchSharp fixes it they fail and the note can go.
/// </summary>
[Collection(GlobalRngCollection.Name)]
public class TorchSharpInitBugTests
{
    [Fact]
    public void Xavier_normal_is_normal_here_but_uniform_in_TorchSharp()
    {
        using var scope = NewDisposeScope();
        var theirs = empty(1000, 1000);
        using (no_grad())
        {
            nn.init.xavier_normal_(theirs);
        }

        using var g = new Generator(31);
        var ours = new XavierNormal().Create([1000, 1000], g);
        var theirStats = SampleStatistics.Of(theirs);
        var ourStats = SampleStatistics.Of(ours);

        ourStats.Kurtosis.Should().BeApproximately(3.0, ourStats.NormalKurtosisTolerance, "a normal has kurtosis 3");
        // A uniform's sample kurtosis over 10⁶ draws has SE ≈ 0.0006 (lighter tails than the normal's 0.0049); 0.0245 = 5 normal SE.
        theirStats.Kurtosis.Should().BeApproximately(1.8, theirStats.NormalKurtosisTolerance, "TorchSharp 0.107 samples a uniform");
        theirStats.Max.Should().BeLessThanOrEqualTo((float)Math.Sqrt(6.0 / 2000), "its values never leave the uniform's bound √(6/(in+out))");
    }

    [Fact]
    public void TorchSharps_trunc_normal_with_defaults_returns_all_ones()
    {
        using var scope = NewDisposeScope();
        var theirs = empty(100, 100);
        using (no_grad())
        {
            nn.init.trunc_normal_(theirs);
        }

        var stats = SampleStatistics.Of(theirs);
        stats.Min.Should().Be(1.0, "mean and std are swapped in its native code");
        stats.Max.Should().Be(1.0);
    }
}
