using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Tests.TestDoubles;
using static TorchSharp.torch;

namespace WeightInit.Tests.Probes;

/// <summary>
/// Issue 15 part 1: <see cref="InitializationDiagnostics.Inspect"/> on nets whose answer is known. Every net is 256 wide on
/// 64 uniform [0, 1) inputs, batch 128, seeded, so each figure below is one fixed draw; the margins between the measured
/// factors and the thresholds are orders of magnitude (stated per test).
/// </summary>
public class InitializationDiagnosticsTests
{
    private const int Inputs = 64;

    public InitializationDiagnosticsTests() => TorchThreads.UseOne();

    private static InspectionReport Inspect(Activation activation, IInitializer weights, int hidden, InspectionOptions? options = null)
    {
        using var g = new Generator(42);
        using var model = Mlp.Create(new MlpSpec(Inputs, MlpSpec.Hidden(256, hidden), 10, activation), new InitializationScheme(weights), g);
        using var batch = empty(128, Inputs).uniform_(0, 1, g);
        return InitializationDiagnostics.Inspect(model, batch, options: options);
    }

    [Fact]
    public void A_20_layer_ReLU_MLP_with_small_random_weights_is_flagged_vanishing()
    {
        // N(0, 0.01²) at fan-in 256 multiplies the std by about 0.01·√256·√½ ≈ 0.11 per layer: ×1e-19 over 20 layers.
        var report = Inspect(Activation.ReLU, new TestNormal(0.01), 20);
        report.Has(InspectionFlagKind.Vanishing).Should().BeTrue(report.Format());
        report.IsHealthy.Should().BeFalse();
        report.ForwardGain.Should().BeLessThan(1e-10, "the shrink is about 0.11 per layer");
        report.Verdict.Should().StartWith("forward signal vanishes ×").And.Contain("over 20 layers: use He for ReLU layers, or LSUV");
    }

    [Fact]
    public void The_same_MLP_with_He_weights_is_healthy()
    {
        // He keeps E[h²] per layer constant; over 20 layers the finite-width drift stays within a factor of a few, far from 10³.
        var report = Inspect(Activation.ReLU, TestScaledNormal.He, 20);
        report.IsHealthy.Should().BeTrue(report.Format());
        report.ForwardGain.Should().BeInRange(0.1, 10);
        report.BackwardGain.Should().BeInRange(0.1, 10);
        report.Verdict.Should().StartWith("healthy: forward ×").And.EndWith("over 20 layers");
        report.Modules.Should().HaveCount(41, "20 × (Linear, ReLU) + the output Linear");
    }

    [Fact]
    public void A_tanh_MLP_with_standard_normal_weights_is_flagged_saturated()
    {
        // N(0, 1) at fan-in 256 gives pre-activations of std ≈ 9 after the first layer: nearly every unit sits beyond ±0.95.
        var report = Inspect(Activation.Tanh, new TestNormal(1), 5);
        report.Has(InspectionFlagKind.Saturated).Should().BeTrue(report.Format());
        report.Modules.Where(m => m.ModuleType == "Tanh").Skip(1).Should().AllSatisfy(m => m.SaturatedFraction.Should().BeGreaterThan(0.8));
        report.Verdict.Should().StartWith("saturated: ");
    }

    [Fact]
    public void The_saturation_threshold_can_be_changed()
    {
        var report = Inspect(Activation.Tanh, new TestNormal(1), 5, InspectionOptions.Default with { SaturatedFraction = 0.999, SaturationLevel = 0.999999 });
        report.Has(InspectionFlagKind.Saturated).Should().BeFalse(report.Format());
    }

    [Fact]
    public void A_zero_initialized_MLP_is_reported_symmetric_not_healthy()
    {
        var report = Inspect(Activation.ReLU, new TestZeros(), 5);
        report.IsHealthy.Should().BeFalse();
        report.Has(InspectionFlagKind.Symmetric).Should().BeTrue(report.Format());
        report.Flags[0].Kind.Should().Be(InspectionFlagKind.Symmetric, "symmetry is the root cause and is reported first");
        report.Modules.Where(m => m.ModuleType == "Linear").Should().AllSatisfy(m => m.Symmetric.Should().BeTrue());
        report.Flags.Where(f => f.Kind == InspectionFlagKind.Symmetric).Select(f => f.Module).Should().Equal(
            ["linear0", "linear1", "linear2", "linear3", "linear4"], "the output layer's units are told apart by the labels");
        report.Verdict.Should().StartWith("symmetric: the 256 units of 'linear0' have identical weights and biases");
        report.Format().Should().Contain("flag Symmetric: the 256 units of 'linear0'").And.EndWith("verdict: " + report.Verdict);
    }

    [Fact]
    public void A_ReLU_MLP_with_standard_normal_weights_is_flagged_exploding()
    {
        // N(0, 1) at fan-in 256 multiplies the std by about √(256/2) ≈ 11 per ReLU layer: ×1e10 over 10 layers.
        var report = Inspect(Activation.ReLU, new TestNormal(1), 10);
        report.Has(InspectionFlagKind.Exploding).Should().BeTrue(report.Format());
        report.Verdict.Should().StartWith("forward signal explodes ×");
    }

    [Fact]
    public void A_healthy_MLP_has_no_symmetric_module()
    {
        Inspect(Activation.Tanh, TestScaledNormal.Xavier, 5).Modules.Should().OnlyContain(m => !m.Symmetric);
    }

    [Fact]
    public void The_mean_field_prediction_stands_beside_the_measured_std_of_an_MLP()
    {
        // Width 256: the per-layer sample variance of h has a relative spread of about √(2/256) ≈ 9 % (≈ 4.5 % on the std),
        // compounding over 5 layers to about 10 %; 20 % leaves room for that, while a wrong map (no √, or the ReLU gain
        // on tanh) is off by factors.
        var report = Inspect(Activation.Tanh, TestScaledNormal.Xavier, 5);
        report.Modules.Should().AllSatisfy(m =>
        {
            m.MeanFieldStd.Should().NotBeNull();
            (m.ForwardStd / m.MeanFieldStd!.Value).Should().BeInRange(0.8, 1.25, m.Module);
        });
    }

    [Fact]
    public void Rows_follow_the_forward_order_with_growth_factors_between_neighbours()
    {
        var report = Inspect(Activation.Tanh, TestScaledNormal.Xavier, 3);
        report.Modules.Select(m => m.Module).Should().Equal("linear0", "activation0", "linear1", "activation1", "linear2", "activation2", "linear3");
        report.Modules[0].ForwardGrowth.Should().BeNull();
        report.Modules[^1].BackwardGrowth.Should().BeNull();
        for (int i = 1; i < report.Modules.Count; i++)
        {
            report.Modules[i].ForwardGrowth.Should().BeApproximately(report.Modules[i].ForwardStd / report.Modules[i - 1].ForwardStd, 1e-12);
            report.Modules[i - 1].BackwardGrowth.Should().BeApproximately(report.Modules[i - 1].BackwardStd / report.Modules[i].BackwardStd, 1e-12);
        }

        report.Modules[0].ParameterGradientGrowth.Should().BeApproximately(report.Modules[0].ParameterGradientStd!.Value / report.Modules[2].ParameterGradientStd!.Value, 1e-12);
        report.Modules.Where(m => m.ModuleType == "Tanh").Should().OnlyContain(m => m.ParameterGradientStd == null);
        report.ForwardGain.Should().Be(report.Modules[^2].ForwardStd / report.Modules[0].ForwardStd, "end to end runs up to the output layer, not through it");
        report.BackwardGain.Should().Be(report.Modules[0].BackwardStd / report.Modules[^2].BackwardStd);
        report.Layers.Should().Be(3);
    }

    [Fact]
    public void Gradients_are_those_of_an_ordinary_backward_pass_of_cross_entropy_on_the_labels()
    {
        using var g = new Generator(7);
        using var model = Mlp.Create(new MlpSpec(Inputs, MlpSpec.Hidden(32, 2), 10, Activation.Tanh), new InitializationScheme(TestScaledNormal.Xavier), g);
        using var batch = empty(16, Inputs).uniform_(0, 1, g);
        using var labels = arange(16, dtype: ScalarType.Int64).remainder(10);
        var report = InitializationDiagnostics.Inspect(model, batch, labels);

        using var scope = NewDisposeScope();
        var logits = model.call(batch);
        var expectedAtLogits = (nn.functional.softmax(logits, 1) - nn.functional.one_hot(labels, 10).to_type(ScalarType.Float32)) / 16;
        nn.functional.cross_entropy(logits, labels).backward();
        report.Modules[^1].BackwardStd.Should().BeApproximately(expectedAtLogits.std().item<float>(), 1e-6, "∂(mean CE)/∂logits = (softmax − onehot)/N");
        for (int l = 0; l < 3; l++)
        {
            var row = report.Modules.Single(m => m.Module == $"linear{l}");
            row.ParameterGradientStd!.Value.Should().BeApproximately(model.Weight(l).grad!.std().item<float>(), 1e-6 * row.ParameterGradientStd.Value, $"layer {l}");
        }

        report.Loss.Should().Be("mean cross-entropy on the given labels");
    }

    [Fact]
    public void Without_labels_the_surrogate_labels_are_seeded_and_named()
    {
        var a = Inspect(Activation.Tanh, TestScaledNormal.Xavier, 2);
        var b = Inspect(Activation.Tanh, TestScaledNormal.Xavier, 2);
        var c = Inspect(Activation.Tanh, TestScaledNormal.Xavier, 2, InspectionOptions.Default with { LabelSeed = 1 });
        a.Modules.Select(m => m.BackwardStd).Should().Equal(b.Modules.Select(m => m.BackwardStd));
        c.Modules[^1].BackwardStd.Should().NotBe(a.Modules[^1].BackwardStd, "other labels, other gradient");
        a.Loss.Should().Be("mean cross-entropy on labels drawn uniformly from the 10 classes (seed 0), since none were given");
    }
}
