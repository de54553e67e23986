using WeightInit.Data;
using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Training;

/// <summary>Live metrics: the trainer's progress reports carry the epoch's running mean loss and the validation accuracy, as Keras' fit shows them.</summary>
public sealed class TrainerProgressTests : IDisposable
{
    private static readonly MlpSpec Spec = new(20, MlpSpec.Hidden(32, 3), 4, Activation.Tanh);
    private readonly LabeledDataset _data = SyntheticData.Create();

    public TrainerProgressTests() => TorchThreads.UseOne();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Step_reports_carry_the_mean_of_the_epochs_minibatch_losses_so_far()
    {
        // 1800 training rows in batches of 100: 18 steps per epoch, checked every 6 steps.
        var reports = new List<TrainingProgress>();
        var outcome = TinyTraining.Run(_data, Spec, new InitializationScheme(TestScaledNormal.Xavier), new TrainingOptions(Epochs: 2, BatchSize: 100, CheckEverySteps: 6), progress: new SyncProgress(reports.Add));

        var steps = reports.Where(r => r.Kind == ProgressKind.Step).ToList();
        steps.Should().HaveCount(6);
        foreach (var r in steps)
        {
            int epochStart = (r.Epoch - 1) * r.StepsPerEpoch;
            double expected = outcome.MinibatchLosses.Skip(epochStart).Take(r.Step - epochStart).Average();
            r.RunningLoss.Should().BeApproximately(expected, 1e-6, $"step {r.Step} reports the mean of its epoch's {r.Step - epochStart} losses (float32 losses averaged in float64)");
        }

        steps[0].RunningLoss.Should().NotBe(steps[0].Loss, "the running mean of 6 losses is not the latest loss");
    }

    [Fact]
    public void Epoch_end_reports_carry_the_epochs_mean_loss_and_its_validation_accuracy()
    {
        var reports = new List<TrainingProgress>();
        var outcome = TinyTraining.Run(_data, Spec, new InitializationScheme(TestScaledNormal.Xavier), new TrainingOptions(Epochs: 3, BatchSize: 100), progress: new SyncProgress(reports.Add));

        var ends = reports.Where(r => r.Kind == ProgressKind.EpochEnd).ToList();
        ends.Select(r => r.RunningLoss).Should().Equal(outcome.Epochs.Select(e => e.TrainLoss));
        ends.Select(r => r.ValidationAccuracy).Should().Equal(outcome.Epochs.Select(e => (double?)e.ValidationAccuracy));
        ends.Select(r => r.ValidationAccuracy).Should().OnlyContain(a => a > 0 && a <= 1);
    }

    [Fact]
    public void Without_a_validation_split_epoch_end_reports_have_no_validation_accuracy()
    {
        var reports = new List<TrainingProgress>();
        using var init = new Generator(3);
        using var shuffle = new Generator(4);
        using var train = DataSubset.All(_data);
        using var model = Mlp.Create(Spec, new InitializationScheme(TestScaledNormal.Xavier), init);
        new Trainer(new TrainingOptions(Epochs: 2, BatchSize: 100)).Train(model, train, null, null, shuffle, "t", new SyncProgress(reports.Add));

        reports.Where(r => r.Kind == ProgressKind.EpochEnd).Should().HaveCount(2).And.OnlyContain(r => r.ValidationAccuracy == null && !double.IsNaN(r.RunningLoss));
    }
}
