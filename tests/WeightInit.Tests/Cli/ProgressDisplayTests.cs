using WeightInit.Experiments.Cli;
using WeightInit.Training;

namespace WeightInit.Tests.Cli;

/// <summary>What the progress display says: the epoch's running mean loss on a bar, and per finished epoch its loss and validation accuracy.</summary>
public sealed class ProgressDisplayTests
{
    private static TrainingProgress Step(int epoch, int step, double last, double running) =>
        new("he seed=42", ProgressKind.Step, epoch, step, 10, last) { RunningLoss = running };

    private static TrainingProgress EpochEnd(int epoch, double loss, double? validation) =>
        new("he seed=42", ProgressKind.EpochEnd, epoch, epoch * 10, 10, loss) { RunningLoss = loss, ValidationAccuracy = validation };

    [Fact]
    public void A_bar_shows_the_running_mean_loss_not_the_latest_minibatch_loss()
    {
        ProgressText.Bar("q53 he seed=42", 10, Step(1, 5, last: 0.9, running: 1.23456), null)
            .Should().Be("q53 he seed=42 epoch 1/10 loss 1.2346");
    }

    [Fact]
    public void After_an_epoch_the_bar_shows_its_validation_accuracy_until_the_next_epoch_ends()
    {
        var end = EpochEnd(1, 0.5, 0.97123);

        ProgressText.Bar("r", 3, end, null).Should().Be("r epoch 1/3 loss 0.5000 val acc 97.12 %");
        ProgressText.Bar("r", 3, Step(2, 15, last: 0.2, running: 0.25), end).Should().Be("r epoch 2/3 loss 0.2500 val acc 97.12 %");
        ProgressText.Bar("r", 3, new TrainingProgress("r", ProgressKind.RunEnd, 3, 30, 10, 0.1, RunStatus.Completed), EpochEnd(3, 0.125, 0.98))
            .Should().Be("r Completed loss 0.1250 val acc 98.00 %");
    }

    [Fact]
    public void Without_a_validation_split_no_validation_accuracy_is_shown()
    {
        ProgressText.Bar("r", 2, EpochEnd(1, 0.5, null), null).Should().Be("r epoch 1/2 loss 0.5000");
        ProgressText.EpochLine("r", 2, EpochEnd(1, 0.5, null)).Should().Be("r: epoch 1/2 loss 0.5000");
    }

    [Fact]
    public async Task Redirected_output_gets_one_line_per_epoch_with_its_loss_and_validation_accuracy()
    {
        using var output = new StringWriter();
        await ConsoleProgress.RunAsync(output, progress =>
        {
            progress.BeginExperiment("nb", 2);
            progress.Report(Step(1, 5, last: 0.9, running: 1.5));
            progress.Report(EpochEnd(1, 1.25, 0.9));
            progress.Report(Step(2, 15, last: 0.3, running: 0.4));
            progress.Report(EpochEnd(2, 0.375, 0.95));
            progress.Report(new TrainingProgress("he seed=42", ProgressKind.RunEnd, 2, 20, 10, 0.3, RunStatus.Completed));
            return Task.FromResult(0);
        });

        output.ToString().ReplaceLineEndings("\n").Should().Be(
            "nb he seed=42: epoch 1/2 loss 1.2500 val acc 90.00 %\n" +
            "nb he seed=42: epoch 2/2 loss 0.3750 val acc 95.00 %\n");
    }
}
