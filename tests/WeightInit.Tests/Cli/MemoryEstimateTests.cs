using WeightInit.Experiments.Cli;
using WeightInit.Models;

namespace WeightInit.Tests.Cli;

/// <summary>The memory check that turns a model or batch too large for the machine into a usage error naming the option.</summary>
public sealed class MemoryEstimateTests
{
    private static long CountParameters(TorchSharp.torch.nn.Module model) => model.parameters().Sum(p => p.numel());

    [Fact]
    public void The_parameter_counts_are_those_of_the_models_the_commands_build()
    {
        var mlp = new MlpSpec(784, [64, 32, 16], 10, Activation.ReLU);
        var conv = new ConvNetSpec(3, 8, Activation.ReLU);
        using var mlpModel = Mlp.CreateUninitialized(mlp);
        using var convModel = conv.CreateUninitialized();

        MemoryEstimate.Parameters(mlp).Should().Be(CountParameters(mlpModel));
        MemoryEstimate.Parameters(conv).Should().Be(CountParameters(convModel));
    }

    [Fact]
    public void A_batch_that_does_not_fit_names_batch_with_the_figures()
    {
        var mlp = new MlpSpec(784, MlpSpec.Hidden(4096, 20), 10, Activation.Tanh);

        var act = () => MemoryEstimate.Check(null, mlp, 60_000, ModelUse.ForwardPass, 8_000_000_000);

        // 784 + 2·20·4096 + 10 = 164 634 values an image; 60 000 images · 4 bytes = 39.5 GB, plus 1.3 GB of weights.
        act.Should().Throw<UsageException>().Which.Message.Should().Be(
            "--batch: 60000 images through 784-4096x20-10 tanh (164,634 activations an image, besides the weights) need about 40.8 GB to run forward but this machine has 8.0 GB; pass a smaller --batch or --hidden");
    }

    [Fact]
    public void Conv_weights_that_do_not_fit_name_channels()
    {
        var conv = new ConvNetSpec(100, 1024, Activation.ReLU);

        var act = () => MemoryEstimate.Check(conv, null, 2, ModelUse.OnePass, 4_000_000_000);

        // 10 240 + 99 · (1024 · 9 · 1024 + 1024) + 1025 · 10 parameters, 2 float32 copies each.

        act.Should().Throw<UsageException>().Which.Message.Should().StartWith(
            "--channels: conv3x3x1024-d100 relu has 934,403,082 parameters; a forward and backward pass on one batch needs about 7.5 GB (weights and gradients)");
    }

    [Fact]
    public void The_default_models_fit_in_a_gigabyte()
    {
        var act = () =>
        {
            MemoryEstimate.Check(new ConvNetSpec(10, 16, Activation.ReLU), null, 256, ModelUse.OnePass, 1_000_000_000);
            MemoryEstimate.Check(null, new MlpSpec(784, MlpSpec.Hidden(256, 5), 10, Activation.ReLU), 128, ModelUse.Training, 1_000_000_000);
        };

        act.Should().NotThrow();
    }

    [Fact]
    public void The_evaluation_batch_is_halved_until_every_parallel_runs_activations_fit_in_half_the_memory()
    {
        var wide = new ConvNetSpec(3, 512, Activation.ReLU);
        long perExample = MemoryEstimate.ActivationsPerExample(wide); // about 2.4 M values an image
        const long available = 23_000_000_000;

        int batch = MemoryEstimate.EvaluationBatch(wide, null, parallel: 2, available);

        (2.0 * batch * perExample * 4).Should().BeLessThanOrEqualTo(available / 2.0, "both runs' evaluation activations fit in half the memory");
        (2.0 * batch * 2 * perExample * 4).Should().BeGreaterThan(available / 2.0, "the batch is the largest power-of-two halving of 4096 that fits");
        batch.Should().BeLessThan(4096, "4096 images of this net need about 39 GB");
        MemoryEstimate.EvaluationBatch(new ConvNetSpec(3, 16, Activation.ReLU), null, parallel: 2, available).Should().Be(4096, "the default conv net keeps the trainer's default");
        MemoryEstimate.EvaluationBatch(null, new MlpSpec(784, MlpSpec.Hidden(256, 5), 10, Activation.ReLU), parallel: 2, available).Should().Be(4096);
    }
}
