using WeightInit.Experimenting;
using WeightInit.Experiments.Cli;
using WeightInit.Training;

namespace WeightInit.Tests.Cli;

/// <summary><c>train</c>'s report and exit code, and the settings it refuses before loading any data.</summary>
public sealed class TrainCommandTests
{
    private static RunResult Run(RunStatus status, int? divergedAt, params EpochRecord[] epochs) =>
        new("he", 42, status, divergedAt, epochs, [], null, [], null, null, null, 1.25);

    [Fact]
    public void A_diverged_run_says_at_which_step_and_prints_no_empty_figures()
    {
        string line = TrainCommand.Describe(Run(RunStatus.Diverged, 17));

        line.Should().Be("he seed 42: diverged at step 17 (non-finite loss) after 0 complete epochs, 1.2 s");
    }

    [Fact]
    public void A_finished_run_shows_its_last_epoch()
    {
        string line = TrainCommand.Describe(Run(RunStatus.Completed, null, new EpochRecord(1, 0.31234, 0.9, double.NaN, double.NaN, 0.3, 0.9123, 2)));

        line.Should().Be("he seed 42: Completed, 1 epochs, train loss 0.3123, test accuracy 91.23 %, 1.2 s");
    }

    [Fact]
    public void Every_run_diverging_exits_1_and_one_finished_run_exits_0()
    {
        TrainCommand.ExitCode(false, [Run(RunStatus.Diverged, 3), Run(RunStatus.Diverged, 9)]).Should().Be(ExitCodes.Failed);
        TrainCommand.ExitCode(false, [Run(RunStatus.Diverged, 3), Run(RunStatus.Completed, null)]).Should().Be(ExitCodes.Ok);
        TrainCommand.ExitCode(true, [Run(RunStatus.Completed, null)]).Should().Be(ExitCodes.Failed);
    }

    [Theory]
    [InlineData("train --validation 0.9999", "--validation: 0.9999 holds out so much that 6 of the 60000 training images are left, fewer than one batch of 128")]
    [InlineData("train --validation 0.5 --train-subset 200", "--validation: 0.5 holds out so much that 100 of the 200 training images are left, fewer than one batch of 128")]
    [InlineData("train --train-subset 1000000", "--train-subset must be between 1 and 60000; got 1000000")]
    [InlineData("train --hidden 100000x100", "--hidden: '100000x100' has 990,089,400,010 parameters; training them needs about 15841.4 GB")]
    [InlineData("train --hidden 100000 --depth 100", "--hidden: '100000' has 990,089,400,010 parameters; training them needs about 15841.4 GB")]
    [InlineData("train --train-subset 10", "--train-subset: 10 training images are fewer than one batch of 128; pass --train-subset 128 or more, or a --batch of at most 10")]
    [InlineData("train --train-subset 200 --batch 300", "--train-subset: 200 training images are fewer than one batch of 300")]
    [InlineData("train --init he,he", "--init: 'he' is given 2 times in 'he,he'; give each initializer once")]
    [InlineData("train --init xavier,he,xavier", "--init: 'xavier' is given 2 times in 'xavier,he,xavier'")]
    [InlineData("train --init dirac", "--init: 'dirac' cannot initialize 784-256x5-10 relu: scheme 'dirac': rule 'every weight' cannot fill linear0.weight [256, 784] with dirac(groups=1): dirac needs a tensor of rank 3 or 4 or 5")]
    [InlineData("train --init dirac --model conv --depth 2", "--init: 'dirac' cannot initialize conv3x3x16-d2 relu: scheme 'dirac': rule 'every weight' cannot fill head.weight [10, 16]")]
    public async Task Settings_that_cannot_work_exit_2_before_any_data_is_loaded(string commandLine, string expected)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await WeightInitCli.RunAsync(commandLine.Split(' '), output, error);

        code.Should().Be(ExitCodes.BadArguments);
        error.ToString().TrimEnd().Should().StartWith($"weightinit: {expected}").And.NotContain("\n");
        output.ToString().Should().BeEmpty("no data was loaded");
    }

    [Theory]
    [InlineData(200, 0.0, 200)]
    [InlineData(200, 0.5, 100)]
    [InlineData(60_000, 0.1, 256)]
    [InlineData(256, 0.0, 256)]
    [InlineData(1, 0.0, 0)]
    public void The_activation_probe_uses_256_images_or_every_training_image_when_fewer(int images, double validation, int expected)
    {
        TrainCommand.ProbeBatch(images, validation).Should().Be(expected, "the probe batch may not exceed the images left after the split, and 1 image is no batch (0 turns the probe off)");
    }
}
