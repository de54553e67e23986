using FluentAssertions;
using TorchSharp;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Tests.TestDoubles;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Models;

public class LsuvAnyModelTests
{
    public LsuvAnyModelTests() => TorchThreads.UseOne();

    [Fact]
    public void Lsuv_brings_every_layer_of_a_depth_10_plain_cnn_to_unit_output_variance_within_0_1()
    {
        var spec = new ConvNetSpec(10, 8, Activation.ReLU, imageSize: 12);
        using var model = spec.CreateUninitialized();
        using var g = new Generator(7);
        new InitializationScheme(new Normal(0, 0.01)).Apply(model, g);   // a start far from unit variance: 0.01·√72 ≈ 0.085 per layer
        using var batch = empty(64, 1, 12, 12).uniform_(0, 1, g);

        var report = new Lsuv(new Orthogonal()).Refine(model, batch);

        report.Layers.Select(l => l.Module).Should().Equal([.. Enumerable.Range(0, 10).Select(i => $"features.conv{i}"), "head"], "layers in forward order, head included");
        report.Layers.Should().OnlyContain(l => l.Converged && Math.Abs(l.FinalVariance - 1) < 0.1);
        report.Layers.Take(10).Should().OnlyContain(l => l.Iterations >= 1, "the small start is rescaled");
        var measured = ActivationProbe.MeasureModules(model, batch, (name, _) => name.Contains("conv", StringComparison.Ordinal) || name == "head", histogramBins: 0);
        measured.Should().HaveCount(11);
        measured.Should().OnlyContain(m => Math.Abs((m.Std * m.Std) - 1) < 0.1, "each layer's output variance, measured independently afterwards, is 1 within 0.1");
        Hooks.Count(model).Should().Be(0);
    }
}
