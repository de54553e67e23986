using FluentAssertions;
using TorchSharp;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Tests.Initializers;
using WeightInit.Tests.TestDoubles;
using WeightInit.Training;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Probes;

public class ModuleProbeTests
{
    public ModuleProbeTests() => TorchThreads.UseOne();

    internal static nn.Module<Tensor, Tensor> Cnn(int depth, Activation activation, InitializationScheme scheme, long seed = 1)
    {
        var model = new ConvNetSpec(depth, 4, activation, imageSize: 8, classes: 4).CreateUninitialized();
        using var g = new Generator((ulong)seed);
        scheme.Apply(model, g);
        return model;
    }

    [Fact]
    public void Probes_measure_every_leaf_with_parameters_and_every_activation_in_forward_order_and_leave_no_hook_behind()
    {
        using var model = Cnn(2, Activation.Tanh, new InitializationScheme(new XavierNormal()));
        using var g = new Generator(3);
        using var batch = empty(16, 1, 8, 8).uniform_(0, 1, g);
        int before = Hooks.Count(model);
        var stats = ActivationProbe.MeasureModules(model, batch, histogramBins: 10);

        stats.Select(s => s.Module).Should().Equal("features.conv0", "features.act0", "features.conv1", "features.act1", "head");
        stats[1].ModuleType.Should().Be("Tanh");
        stats[1].SaturatedFraction.Should().NotBeNull("tanh saturates");
        stats[0].SaturatedFraction.Should().BeNull("a convolution's output does not saturate");
        stats[0].Shape.Should().Equal(16L, 4L, 8L, 8L);
        stats[1].Histogram!.Total.Should().Be(16 * 4 * 8 * 8, "every value of the output is counted");
        using (var scope = NewDisposeScope())
        {
            var conv0 = model.named_modules().Single(m => m.name == "features.conv0").module as nn.Module<Tensor, Tensor>;
            var out0 = conv0!.call(batch);
            stats[0].Std.Should().BeApproximately(out0.std().ToDouble(), 1e-6, "the hook measured conv0's own output");
        }

        before.Should().Be(0);
        Hooks.Count(model).Should().Be(0, "every hook is removed when the probe returns");
    }

    [Fact]
    public void The_mlp_hidden_outputs_measured_by_hooks_equal_those_of_its_forward_lists()
    {
        var spec = new MlpSpec(20, [16, 16, 16], 4, Activation.Tanh);
        using var g = new Generator(5);
        using var model = Mlp.Create(spec, new InitializationScheme(new XavierNormal()), g);
        using var batch = empty(50, 20).uniform_(0, 1, g);
        var stats = ActivationProbe.Measure(model, batch, histogramBins: 0);
        using var scope = NewDisposeScope();
        var hidden = new List<Tensor>();
        model.Forward(batch, null, hidden);
        stats.Select(s => s.Layer).Should().Equal(1, 2, 3);
        stats.Select(s => s.Std).Should().Equal(hidden.Select(h => h.std().ToDouble()), (a, b) => Math.Abs(a - b) < 1e-9, "the hook sees the same hℓ");
    }
}

/// <summary>
/// Counts every live tensor of the process (<see cref="Tensor.TotalCount"/>), so it runs alone: a test creating tensors on
/// another thread at the same time would change the count.
/// </summary>
[Collection(GlobalRngCollection.Name)]
public class ProbeLeakTests
{
    public ProbeLeakTests() => TorchThreads.UseOne();

    [Fact]
    public void After_probing_and_probed_training_a_forward_pass_keeps_no_tensor_and_runs_no_hook()
    {
        using var model = ModuleProbeTests.Cnn(2, Activation.ReLU, new InitializationScheme(new HeNormal()));
        using var data = SyntheticData.Create(count: 64, features: 64, classes: 4);
        using var g = new Generator(4);
        using var batch = data.Features.narrow(0, 0, 32).reshape(32, 1, 8, 8);
        ActivationProbe.MeasureModules(model, batch);
        using var all = DataSubset.All(data);
        new Trainer(new TrainingOptions(Epochs: 1, BatchSize: 16), probeEverySteps: 1, inputShape: [1, 8, 8]).Train(model, all, null, null, g)
            .Probes.Should().HaveCount(4, "every step of the epoch was probed");
        Hooks.Count(model).Should().Be(0, "the trainer's gradient hooks are removed after each probed step");

        long tensors = Tensor.TotalCount;
        using (var scope = NewDisposeScope())
        {
            using var noGrad = no_grad();
            model.call(batch);
        }

        Tensor.TotalCount.Should().Be(tensors, "a forward pass after probing leaves no tensor alive (nothing is captured)");
    }
}
