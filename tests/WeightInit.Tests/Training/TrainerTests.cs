using TorchSharp;
using WeightInit.Data;
using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private readonly LabeledDataset _data = SyntheticData.Create();

    public TrainerTests() => TorchThreads.UseOne();

    public void Dispose() => _data.Dispose();

    private TrainingOutcome Train(InitializationScheme scheme, TrainingOptions options, Activation? activation = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken token = default, int probeEvery = 0, Action<Mlp>? inspect = null, long seed = 3) =>
        TinyTraining.Run(_data, new MlpSpec(20, MlpSpec.Hidden(32, 3), 4, activation ?? Activation.Tanh), scheme, options, probeEvery, progress, token, inspect, seed);

    [Fact]
    public void Training_a_xavier_like_model_learns_the_synthetic_rule()
    {
        var outcome = Train(new InitializationScheme(TestScaledNormal.Xavier), new TrainingOptions(Epochs: 5, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(0.1, momentum: 0.9)));
        outcome.Status.Should().Be(RunStatus.Completed);
        outcome.Epochs.Should().HaveCount(5);
        outcome.MinibatchLosses.Should().HaveCount(5 * 57, "1800 training rows in batches of 32 give 57 steps per epoch");
        outcome.Epochs[^1].TrainLoss.Should().BeLessThan(outcome.Epochs[0].TrainLoss);
        double majority = _data.Labels.bincount(null, 4).max().item<long>() / 2000.0;
        outcome.Epochs[^1].ValidationAccuracy.Should().BeGreaterThan(majority + 0.3, $"the rule is learnable; always answering the largest class scores {majority}");
        outcome.Epochs[0].TrainLoss.Should().BeApproximately(outcome.MinibatchLosses.Take(57).Average(), 1e-9);
    }

    [Fact]
    public void Zero_init_symmetry_never_breaks_and_only_the_output_bias_moves()
    {
        var options = new TrainingOptions(Epochs: 2, BatchSize: 64, Optimizer: OptimizerSpec.Sgd(0.1, momentum: 0.9, weightDecay: 1e-4));
        Train(new InitializationScheme(new TestZeros()), options, inspect: model =>
        {
            for (int l = 0; l < model.LayerCount; l++)
            {
                model.Weight(l).eq(0).all().item<bool>().Should().BeTrue($"every weight of layer {l} is still exactly 0");
                if (l < model.LayerCount - 1)
                {
                    model.Bias(l).eq(0).all().item<bool>().Should().BeTrue($"hidden bias {l} never receives a gradient");
                }
            }

            model.Bias(model.LayerCount - 1).abs().max().item<float>().Should().BeGreaterThan(0, "the output bias learns the class prior");
            using var hidden = new DisposeList();
            model.Forward(_data.Features.narrow(0, 0, 100), null, hidden);
            hidden.Should().AllSatisfy(h => h.eq(0).all().item<bool>().Should().BeTrue("every hidden unit outputs 0 on every example: all identical"));
        });
    }

    [Fact]
    public void A_huge_learning_rate_marks_the_run_diverged_at_the_first_non_finite_step_without_throwing()
    {
        var outcome = Train(new InitializationScheme(new TestNormal(1)), new TrainingOptions(Epochs: 3, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(1e12)), Activation.ReLU);
        outcome.Status.Should().Be(RunStatus.Diverged);
        outcome.DivergedAtStep.Should().NotBeNull();
        outcome.MinibatchLosses.Should().HaveCount(outcome.DivergedAtStep!.Value);
        double.IsFinite(outcome.MinibatchLosses[^1]).Should().BeFalse();
        outcome.MinibatchLosses.Take(outcome.MinibatchLosses.Count - 1).Should().AllSatisfy(l => double.IsFinite(l).Should().BeTrue());
    }

    [Fact]
    public void Cancelling_stops_between_steps_and_marks_the_run_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Kind == ProgressKind.Step && p.Step >= 20)
            {
                cts.Cancel();
            }
        });
        var outcome = Train(new InitializationScheme(TestScaledNormal.Xavier), new TrainingOptions(Epochs: 3, BatchSize: 16, CheckEverySteps: 10), progress: progress, token: cts.Token);
        outcome.Status.Should().Be(RunStatus.Cancelled);
        outcome.MinibatchLosses.Should().HaveCount(20, "the request made at step 20 is honoured before step 21");
        outcome.Epochs.Should().BeEmpty("no epoch finished, and a partial epoch is never reported as one");
    }

    [Fact]
    public void Progress_reports_steps_epoch_ends_and_the_run_end()
    {
        var reports = new List<TrainingProgress>();
        Train(new InitializationScheme(TestScaledNormal.Xavier), new TrainingOptions(Epochs: 2, BatchSize: 100, CheckEverySteps: 6), progress: new SyncProgress(reports.Add));
        reports.Where(r => r.Kind == ProgressKind.Step).Select(r => r.Step).Should().Equal(6, 12, 18, 24, 30, 36);
        reports.Where(r => r.Kind == ProgressKind.EpochEnd).Select(r => r.Epoch).Should().Equal(1, 2);
        reports[^1].Kind.Should().Be(ProgressKind.RunEnd);
        reports[^1].Status.Should().Be(RunStatus.Completed);
    }

    [Fact]
    public void The_same_seeds_give_bit_identical_losses()
    {
        var options = new TrainingOptions(Epochs: 2, BatchSize: 50, Optimizer: OptimizerSpec.Adam(1e-2));
        var a = Train(new InitializationScheme(TestScaledNormal.Xavier), options);
        var b = Train(new InitializationScheme(TestScaledNormal.Xavier), options);
        var c = Train(new InitializationScheme(TestScaledNormal.Xavier), options, seed: 4);
        a.MinibatchLosses.Should().Equal(b.MinibatchLosses);
        a.MinibatchLosses.Should().NotEqual(c.MinibatchLosses);
    }

    [Fact]
    public void Gradient_probes_record_every_layer_every_n_steps()
    {
        var outcome = Train(new InitializationScheme(TestScaledNormal.Xavier), new TrainingOptions(Epochs: 1, BatchSize: 100), probeEvery: 5);
        outcome.Probes.Select(p => p.Step).Should().Equal(1, 6, 11, 16);
        outcome.Probes.Should().AllSatisfy(p =>
        {
            p.Layers.Should().HaveCount(4);
            p.Layers.Should().AllSatisfy(l =>
            {
                l.WeightGradientStd.Should().BeGreaterThan(0);
                l.ActivationGradientStd.Should().BeGreaterThan(0);
                l.WeightStd.Should().BeGreaterThan(0);
            });
        });
    }

    [Fact]
    public void Live_tensor_count_is_the_same_after_epoch_1_and_after_epoch_3()
    {
        // Per-thread count: training runs synchronously on this thread, so other tests' tensors do not interfere.
        // Also sampled every 10 steps inside epochs: a step that leaked even into the epoch's scope would show there.
        var counts = new List<long>();
        var inEpoch = new List<long>();
        var progress = new SyncProgress(p =>
        {
            long live = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
            (p.Kind == ProgressKind.EpochEnd ? counts : p.Kind == ProgressKind.Step && p.Step > 10 ? inEpoch : []).Add(live);
        });
        Train(new InitializationScheme(TestScaledNormal.Xavier), new TrainingOptions(Epochs: 3, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(0.05, momentum: 0.9), CheckEverySteps: 10), progress: progress, probeEvery: 7);
        counts.Should().HaveCount(3);
        counts[2].Should().Be(counts[0], $"live tensors after each epoch: {string.Join(", ", counts)}");
        inEpoch.Should().HaveCountGreaterThan(10).And.OnlyContain(c => c == inEpoch[0], $"live tensors every 10 steps: {string.Join(", ", inEpoch)}");
    }

    [Fact]
    public void The_validation_split_is_a_generator_driven_partition()
    {
        using var g1 = new Generator(11);
        using var g2 = new Generator(11);
        var (t1, v1) = DataSubset.Split(_data, 0.1, g1);
        var (t2, v2) = DataSubset.Split(_data, 0.1, g2);
        using (t1)
        using (v1)
        using (t2)
        using (v2)
        {
            v1.Count.Should().Be(200);
            t1.Count.Should().Be(1800);
            v1.Indices!.equal(v2.Indices!).all().item<bool>().Should().BeTrue();
            cat([t1.Indices!, v1.Indices!]).sort().Values.equal(arange(2000)).all().item<bool>().Should().BeTrue("every row is in exactly one part");
        }

        FluentActions.Invoking(() => DataSubset.ValidationCount(10, 1.0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[0, 1)*got 1*");
    }
}
