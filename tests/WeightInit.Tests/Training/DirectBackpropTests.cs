using TorchSharp;
using WeightInit.Data;
using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Training;

/// <summary>The hand-written backward pass against libtorch's autograd + TorchSharp's SGD, and the trainer's choice between them.</summary>
public sealed class DirectBackpropTests : IDisposable
{
    private readonly LabeledDataset _data = SyntheticData.Create();

    public DirectBackpropTests() => TorchThreads.UseOne();

    public void Dispose() => _data.Dispose();

    public static TheoryData<string> SupportedActivations => ["identity", "tanh", "relu", "leaky_relu", "sigmoid"];

    private static Activation ActivationNamed(string name) => name switch
    {
        "identity" => Activation.Identity,
        "tanh" => Activation.Tanh,
        "relu" => Activation.ReLU,
        "leaky_relu" => Activation.LeakyReLU(0.2),
        "sigmoid" => Activation.Sigmoid,
        _ => throw new ArgumentException(name, nameof(name)),
    };

    [Theory]
    [MemberData(nameof(SupportedActivations))]
    public void Three_direct_steps_the_last_one_short_move_every_parameter_as_autograd_and_sgd_do(string activationName)
    {
        // Float32 throughout; the two paths differ only in summation order and in the fused update, so the
        // parameters (|w| ~ 0.1-1) agree to a few ulps: 1e-6 leaves ~100x room over the observed ~1e-8, while a
        // wrong derivative or a missing term changes them by >= 1e-4 (the first assertion checks that they moved by more).
        var activation = ActivationNamed(activationName);
        var spec = new MlpSpec(20, MlpSpec.Hidden(32, 3), 4, activation);
        using var g1 = new Generator(9);
        using var g2 = new Generator(9);
        using var direct = Mlp.Create(spec, new InitializationScheme(TestScaledNormal.He), g1);
        using var reference = Mlp.Create(spec, new InitializationScheme(TestScaledNormal.He), g2);
        using var before = new DisposeList();
        before.AddRange(direct.parameters().Select(p => p.detach().clone()));
        using var sgd = optim.SGD(reference.parameters(), 0.5);
        using var engine = new DirectBackprop(direct, 64, 0.5);
        var directLosses = new List<float>();
        var referenceLosses = new List<float>();
        foreach (int rows in new[] { 64, 64, 40 })
        {
            using var scope = NewDisposeScope();
            int start = directLosses.Count * 64;
            var x = _data.Features.narrow(0, start, rows);
            var y = _data.Labels.narrow(0, start, rows);
            var (loss, logits) = engine.Step(x, y);
            logits.shape.Should().Equal(rows, 4);
            directLosses.Add(loss.item<float>());

            sgd.zero_grad();
            var referenceLoss = nn.functional.cross_entropy(reference.forward(x), y);
            referenceLoss.backward();
            sgd.step();
            referenceLosses.Add(referenceLoss.item<float>());
        }

        var pairs = direct.parameters().Zip(reference.parameters(), before).ToList();
        pairs.Max(p => p.First.sub(p.Third).abs().max().item<float>()).Should().BeGreaterThan(1e-3f, "three steps at lr 0.5 move the parameters");
        foreach (var (mine, theirs, _) in pairs)
        {
            mine.sub(theirs).abs().max().item<float>().Should().BeLessThan(1e-6f, $"{activation.Name}: parameter of shape [{string.Join(", ", mine.shape)}]");
        }

        directLosses.Should().Equal(referenceLosses, (a, b) => Math.Abs(a - b) < 1e-6, "the loss of each batch before its update");
    }

    [Fact]
    public void A_direct_epoch_and_an_autograd_epoch_follow_the_same_trajectory()
    {
        // 2 epochs x 57 steps: rounding differences grow along the trajectory, but on this well-conditioned problem
        // they stay below 1e-4 in every minibatch loss (~0.3-1.4); a wrong gradient departs by >1e-2 within a few steps.
        var direct = Train(new TrainingOptions(Epochs: 2, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(0.2)));
        var autograd = Train(new TrainingOptions(Epochs: 2, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(0.2), Backward: BackwardEngine.Autograd));
        direct.MinibatchLosses.Should().HaveCount(2 * 57);
        direct.MinibatchLosses.Should().Equal(autograd.MinibatchLosses, (a, b) => Math.Abs(a - b) < 1e-4);
        direct.Epochs[^1].ValidationAccuracy.Should().BeApproximately(autograd.Epochs[^1].ValidationAccuracy, 0.011, "at most 2 of 200 validation rows may flip");
        direct.Epochs[^1].TrainLoss.Should().BeLessThan(direct.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Zero_init_stays_symmetric_under_direct_steps()
    {
        Train(new TrainingOptions(Epochs: 2, BatchSize: 64, Optimizer: OptimizerSpec.Sgd(0.1)), new InitializationScheme(new TestZeros()), model =>
        {
            for (int l = 0; l < model.LayerCount - 1; l++)
            {
                model.Weight(l).eq(0).all().item<bool>().Should().BeTrue($"every weight of hidden layer {l} is still exactly 0");
                model.Bias(l).eq(0).all().item<bool>().Should().BeTrue($"hidden bias {l} never receives a gradient");
            }

            model.Weight(model.LayerCount - 1).eq(0).all().item<bool>().Should().BeTrue("the output layer's input is tanh(0) = 0");
            model.Bias(model.LayerCount - 1).abs().max().item<float>().Should().BeGreaterThan(0, "the output bias learns the class prior");
        });
    }

    [Fact]
    public void Probed_steps_still_record_gradients_when_the_other_steps_are_direct()
    {
        var options = new TrainingOptions(Epochs: 1, BatchSize: 100, Optimizer: OptimizerSpec.Sgd(0.1));
        options.UsesDirectBackward(Activation.Tanh).Should().BeTrue();
        var outcome = Train(options, probeEvery: 5);
        outcome.Probes.Select(p => p.Step).Should().Equal(1, 6, 11, 16);
        outcome.Probes.Should().AllSatisfy(p => p.Layers.Should().AllSatisfy(l => l.WeightGradientStd.Should().BeGreaterThan(0)));
    }

    [Fact]
    public void Live_tensor_count_does_not_grow_across_direct_epochs()
    {
        var counts = new List<long>();
        var progress = new SyncProgress(p =>
        {
            if (p.Kind == ProgressKind.EpochEnd)
            {
                counts.Add(DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount);
            }
        });
        Train(new TrainingOptions(Epochs: 3, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(0.05)), progress: progress, probeEvery: 7);
        counts.Should().HaveCount(3);
        counts[2].Should().Be(counts[0], $"live tensors after each epoch: {string.Join(", ", counts)}");
    }

    public static TheoryData<string, bool> Choices => new()
    {
        { "sgd", true },
        { "sgd+momentum", false },
        { "sgd+weight_decay", false },
        { "adam", false },
        { "autograd", false },
        { "gelu", false },
        { "selu", false },
    };

    [Theory]
    [MemberData(nameof(Choices))]
    public void The_trainer_back_propagates_by_hand_only_plain_sgd_with_an_output_derivative(string setting, bool expected)
    {
        var optimizer = setting switch
        {
            "sgd+momentum" => OptimizerSpec.Sgd(0.1, momentum: 0.9),
            "sgd+weight_decay" => OptimizerSpec.Sgd(0.1, weightDecay: 1e-4),
            "adam" => (OptimizerSpec)OptimizerSpec.Adam(),
            _ => OptimizerSpec.Sgd(0.1),
        };
        var options = new TrainingOptions(Optimizer: optimizer, Backward: setting == "autograd" ? BackwardEngine.Autograd : BackwardEngine.Auto);
        var activation = setting switch { "gelu" => Activation.Gelu, "selu" => Activation.Selu, _ => Activation.Tanh };
        options.UsesDirectBackward(activation).Should().Be(expected);
    }

    [Fact]
    public void An_undefined_backward_engine_is_named_in_the_problems()
    {
        new TrainingOptions(Backward: (BackwardEngine)7).Problems().Should().ContainSingle().Which.Should().Be("backward engine must be Auto or Autograd; got 7");
    }

    private TrainingOutcome Train(TrainingOptions options, InitializationScheme? scheme = null, Action<Mlp>? inspect = null, int probeEvery = 0, IProgress<TrainingProgress>? progress = null) =>
        TinyTraining.Run(_data, new MlpSpec(20, MlpSpec.Hidden(32, 3), 4, Activation.Tanh), scheme ?? new InitializationScheme(TestScaledNormal.Xavier), options, probeEvery, progress, inspect: inspect);
}
