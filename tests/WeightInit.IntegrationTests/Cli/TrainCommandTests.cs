using WeightInit.Experiments.Cli;
using WeightInit.IntegrationTests.Fixtures;

namespace WeightInit.IntegrationTests.Cli;

/// <summary><c>weightinit train</c> end to end on real MNIST with a training subset smaller than the activation probe's 256 images.</summary>
public sealed class TrainCommandTests
{
    public TrainCommandTests() => TorchThreads.UseOne();

    [Fact]
    public async Task A_subset_of_200_images_trains_although_the_probe_batch_is_256_by_default()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await WeightInitCli.RunAsync(
            ["train", "--train-subset", "200", "--hidden", "32x1", "--epochs", "1", "--batch", "50", "--parallel", "1"], output, error);

        code.Should().Be(ExitCodes.Ok, output.ToString() + error);
        output.ToString().Should().MatchRegex(@"he seed 42: Completed, 1 epochs, train loss [0-9.]+, test accuracy [0-9.]+ %");
    }
}
