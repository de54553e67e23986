using TorchSharp;
using WeightInit.Data;
using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Training;

/// <summary>Skipping the input columns a batch does not use: the profile, and that it changes nothing but the speed.</summary>
public sealed class InputColumnProfileTests : IDisposable
{
    /// <summary>Columns 0..7 of <see cref="_sparse"/> are zero in every row.</summary>
    private static readonly long[] AlwaysZero = [0, 1, 2, 3, 4, 5, 6, 7];

    private readonly LabeledDataset _sparse;

    public InputColumnProfileTests()
    {
        TorchThreads.UseOne();
        using var dense = SyntheticData.Create();
        using var scope = NewDisposeScope();
        using var g = new Generator(17);
        // columns 0..7 are always 0; column 8 + j is non-zero with probability (j + 5) / 16 (31 % … 100 %), so the
        // profile's order, most often non-zero first, is 19, 18, …, 8, then 0..7: far from the identity
        var keep = empty(2000, 12).uniform_(0, 1, g).lt(arange(12).add(5).div(16.0));
        var features = cat([zeros(2000, 8), dense.Features.narrow(1, 0, 12).mul(keep)], 1);
        _sparse = new LabeledDataset("sparse", features.DetachFromDisposeScope(), dense.Labels.clone().DetachFromDisposeScope(), 4, PixelScaling.UnitInterval, 1, 20);
    }

    public void Dispose()
    {
        _sparse.Dispose();
        _lastWeight?.Dispose();
    }

    [Fact]
    public void A_hand_made_set_gives_the_column_order_and_the_prefix_each_row_needs()
    {
        using var scope = NewDisposeScope();
        // rows: {0, 2}, {2}, {2, 4}, {} -> non-zero counts per column 1, 0, 3, 0, 1
        var x = tensor(new float[] { 1, 0, 5, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0 }).reshape(4, 5);
        using var data = new LabeledDataset("hand", x, tensor(new long[] { 0, 1, 0, 1 }), 2, PixelScaling.UnitInterval, 1, 5);
        using var all = DataSubset.All(data);
        using var profile = InputColumnProfile.TryCreate(all, batchSize: 2);
        profile.Should().NotBeNull("batches need 2 and 3 of 5 columns: 50 % on average");
        profile!.Order.data<long>().ToArray().Should().Equal(2, 0, 4, 1, 3);
        profile.Inverse.data<long>().ToArray().Should().Equal(1, 3, 0, 4, 2);
        profile.UsedPrefix.Should().Equal(2, 1, 3, 0);
        profile.ExpectedFraction.Should().BeApproximately(0.5, 1e-12);
        profile.ColumnsFor([0, 1]).Should().Be(2);
        profile.ColumnsFor([1, 2]).Should().Be(3);
        profile.ColumnsFor([3]).Should().Be(1, "a step always multiplies at least one column");
    }

    [Fact]
    public void Dense_inputs_get_no_profile()
    {
        using var dense = SyntheticData.Create();
        using var all = DataSubset.All(dense);
        InputColumnProfile.TryCreate(all, 32).Should().BeNull("every batch of U[0, 1] features needs every column");
    }

    [Fact]
    public void A_profile_of_a_split_indexes_the_split_rows_not_the_data_set_rows()
    {
        using var split = new Generator(5);
        var (train, validation) = DataSubset.Split(_sparse, 0.1, split);
        using (train)
        using (validation)
        using (var profile = InputColumnProfile.TryCreate(train, 32))
        {
            profile.Should().NotBeNull();
            profile!.UsedPrefix.Should().HaveCount(1800);
            var order = profile.Order.data<long>().ToArray();
            order.Should().Equal(19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 0, 1, 2, 3, 4, 5, 6, 7);
            long row = train.Indices!.data<long>()[10];
            int needed = Enumerable.Range(0, 20).Where(p => _sparse.Features[row, order[p]].item<float>() != 0).Select(p => p + 1).DefaultIfEmpty(0).Max();
            profile.UsedPrefix[10].Should().Be(needed);
        }
    }

    [Fact]
    public void Pruned_steps_move_the_weights_exactly_as_full_steps_and_never_touch_unused_columns()
    {
        // Tolerance as in DirectBackpropTests: float32 rounding of different GEMM blockings, ~1e-8 observed.
        var spec = new MlpSpec(20, MlpSpec.Hidden(16, 2), 4, Activation.Tanh);
        using var g1 = new Generator(4);
        using var g2 = new Generator(4);
        using var pruned = Mlp.Create(spec, new InitializationScheme(TestScaledNormal.Xavier), g1);
        using var full = Mlp.Create(spec, new InitializationScheme(TestScaledNormal.Xavier), g2);
        using var initial = pruned.Weight(0).detach().clone();
        using var all = DataSubset.All(_sparse);
        var profile = InputColumnProfile.TryCreate(all, 32);
        profile.Should().NotBeNull();
        using (var prunedEngine = new DirectBackprop(pruned, 32, 0.5, profile))
        using (var fullEngine = new DirectBackprop(full, 32, 0.5))
        {
            var positions = Enumerable.Range(0, 32).Select(i => (long)i).ToArray();
            for (int step = 0; step < 6; step++)
            {
                using var scope = NewDisposeScope();
                var x = _sparse.Features.narrow(0, step * 32, 32);
                var y = _sparse.Labels.narrow(0, step * 32, 32);
                int columns = profile!.ColumnsFor(positions.Select(p => p + (step * 32)).ToArray());
                columns.Should().BeLessThan(20);
                var (a, _) = prunedEngine.Step(x, y, columns);
                var (b, _) = fullEngine.Step(x, y);
                a.item<float>().Should().BeApproximately(b.item<float>(), 1e-6f);
            }

            prunedEngine.RestoreLayout();
        }

        foreach (var (mine, theirs) in pruned.parameters().Zip(full.parameters()))
        {
            mine.sub(theirs).abs().max().item<float>().Should().BeLessThan(1e-6f);
        }

        using var zeroColumns = tensor(AlwaysZero);
        pruned.Weight(0).index_select(1, zeroColumns).eq(initial.index_select(1, zeroColumns)).all().item<bool>().Should().BeTrue("weights of inputs that are always 0 never get a gradient");
        pruned.Weight(0).sub(initial).abs().max().item<float>().Should().BeGreaterThan(1e-3f, "the other weights did move");
    }

    [Fact]
    public void The_trainer_with_pruned_steps_follows_autograd_and_hands_back_weights_in_input_order()
    {
        // Probes every 7 steps and a validation pass per epoch switch the layout back and forth mid-run.
        var (directLosses, directWeight) = Train(new TrainingOptions(Epochs: 2, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(0.2)));
        var directValidation = _lastValidationLosses;
        var (autogradLosses, autogradWeight) = Train(new TrainingOptions(Epochs: 2, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(0.2), Backward: BackwardEngine.Autograd));
        using (directWeight)
        using (autogradWeight)
        {
            directLosses.Should().Equal(autogradLosses, (a, b) => Math.Abs(a - b) < 1e-4);
            directValidation.Should().HaveCount(2).And.Equal(_lastValidationLosses, (a, b) => Math.Abs(a - b) < 1e-4, "each epoch's validation pass sees the weights in input order");
            directWeight.sub(autogradWeight).abs().max().item<float>().Should().BeLessThan(1e-4f);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cancelled_or_failed_run_still_hands_back_weights_in_input_order(bool throwFromProgress)
    {
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Kind == ProgressKind.Step && p.Step >= 20)
            {
                if (throwFromProgress)
                {
                    throw new InvalidOperationException("progress handler failed");
                }

                cancel.Cancel();
            }
        });
        var spec = new MlpSpec(20, MlpSpec.Hidden(16, 2), 4, Activation.Tanh);
        using var g = new Generator(3);
        using var initial = Mlp.Create(spec, new InitializationScheme(TestScaledNormal.Xavier), g);
        Tensor? captured = null;
        var options = new TrainingOptions(Epochs: 3, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(0.2), CheckEverySteps: 10);
        var run = () => captured = Train(options, progress, cancel.Token).FirstWeight;
        if (throwFromProgress)
        {
            run.Should().Throw<InvalidOperationException>().WithMessage("progress handler failed");
            captured = _lastWeight!.clone();
        }
        else
        {
            run();
        }

        using var weight = captured!;
        using (weight)
        using (var zeroColumns = tensor(AlwaysZero))
        {
            weight.index_select(1, zeroColumns).eq(initial.Weight(0).index_select(1, zeroColumns)).all().item<bool>().Should().BeTrue(
                "after cancellation the never-used columns are back in their places with their initial values");
        }
    }

    /// <summary>The first layer's weight of the last model <see cref="Train"/> built, copied even when training threw.</summary>
    private Tensor? _lastWeight;

    /// <summary>Validation loss per epoch of the last completed <see cref="Train"/>.</summary>
    private double[] _lastValidationLosses = [];

    private (IReadOnlyList<double> Losses, Tensor FirstWeight) Train(TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken token = default)
    {
        var spec = new MlpSpec(20, MlpSpec.Hidden(16, 2), 4, Activation.Tanh);
        var outcome = TinyTraining.Run(_sparse, spec, new InitializationScheme(TestScaledNormal.Xavier), options, probeEvery: 7, progress, token, inspect: model =>
        {
            _lastWeight?.Dispose();
            _lastWeight = model.Weight(0).detach().clone();
        });
        _lastValidationLosses = outcome.Epochs.Select(e => e.ValidationLoss).ToArray();
        return (outcome.MinibatchLosses, _lastWeight!.clone());
    }
}
