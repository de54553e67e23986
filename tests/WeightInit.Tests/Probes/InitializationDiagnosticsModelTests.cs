using TorchSharp.Modules;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Tests.TestDoubles;
using static TorchSharp.torch;

namespace WeightInit.Tests.Probes;

/// <summary><see cref="InitializationDiagnostics.Inspect"/> on models that are not MLPs, its promise to leave the model as it was, and bad input.</summary>
public class InitializationDiagnosticsModelTests
{
    public InitializationDiagnosticsModelTests() => TorchThreads.UseOne();

    [Fact]
    public void A_plain_conv_net_is_inspected_module_by_module()
    {
        // Runs and reports only: conv backward values are not asserted here (see the oneDNN note in the lead's fix on main).
        var spec = new ConvNetSpec(3, 8, Activation.ReLU);
        using var model = spec.CreateUninitialized();
        using var g = new Generator(42);
        new InitializationScheme(TestScaledNormal.He).Apply(model, g);
        using var batch = empty(8, 1, 28, 28).uniform_(0, 1, g);
        var report = InitializationDiagnostics.Inspect(model, batch);
        report.Modules.Select(m => m.Module).Should().Equal("features.conv0", "features.act0", "features.conv1", "features.act1", "features.conv2", "features.act2", "head");
        report.Modules.Should().OnlyContain(m => m.ForwardStd > 0 && double.IsFinite(m.ForwardStd));
        report.Modules.Should().OnlyContain(m => m.MeanFieldStd == null, "mean field is given for MLPs only");
        report.Modules[0].Shape.Should().Equal(8, 8, 28, 28);
        report.Layers.Should().Be(3, "the three convolutions; the head is left out of the end-to-end span");
        report.Format().Should().Contain("features.conv0").And.Contain("verdict: ");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_deep_plain_conv_net_is_healthy_with_He_and_vanishing_with_small_random_weights(bool he)
    {
        // 8 blocks of 16 channels (fan-in 144): N(0, 0.01²) multiplies the std by about 0.01·√144·√½ ≈ 0.085 per block
        // (×1e-8 over 8), He keeps it. The global average pool before the head divides the gradient per position by
        // 28·28 = 784, which the end-to-end span leaves out: flagging it would call every pooled CNN vanishing.
        var spec = new ConvNetSpec(8, 16, Activation.ReLU);
        using var model = spec.CreateUninitialized();
        using var g = new Generator(11);
        new InitializationScheme(he ? TestScaledNormal.He : new TestNormal(0.01)).Apply(model, g);
        using var batch = empty(8, 1, 28, 28).uniform_(0, 1, g);
        var report = InitializationDiagnostics.Inspect(model, batch);
        if (he)
        {
            report.IsHealthy.Should().BeTrue(report.Format());
            report.Verdict.Should().EndWith("over 8 layers");
        }
        else
        {
            report.Has(InspectionFlagKind.Vanishing).Should().BeTrue(report.Format());
            report.ForwardGain.Should().BeLessThan(1e-5);
        }
    }

    [Fact]
    public void A_ReLU_layer_that_never_fires_is_flagged_dead_not_symmetric()
    {
        // Bias −100 against |x·w| ≤ 20·1·|w|max: every pre-activation is negative, so all 64 units are 0 on every example.
        using var g = new Generator(9);
        using var model = nn.Sequential(("fc", nn.Linear(20, 64)), ("act", nn.ReLU()), ("head", nn.Linear(64, 10)));
        new InitializationScheme(TestScaledNormal.He).Apply(model, g);
        using (no_grad())
        {
            ((Linear)model.named_children().First().module).bias!.fill_(-100);
        }

        using var batch = empty(32, 20).uniform_(0, 1, g);
        var report = InitializationDiagnostics.Inspect(model, batch);
        report.Modules.Single(m => m.Module == "act").DeadFraction.Should().Be(1);
        report.Flags.Select(f => f.Kind).Should().Contain(InspectionFlagKind.DeadUnits).And.NotContain(InspectionFlagKind.Symmetric, report.Format());
    }

    [Fact]
    public void The_model_is_left_unchanged_no_grads_no_hooks_same_modes_and_buffers()
    {
        using var g = new Generator(3);
        using var model = nn.Sequential(("fc", nn.Linear(12, 16)), ("norm", nn.BatchNorm1d(16)), ("act", nn.ReLU()), ("head", nn.Linear(16, 4)));
        new InitializationScheme(TestScaledNormal.He).Apply(model, g);
        model.eval();
        model.train(true);
        ((nn.Module)model.named_children().Single(c => c.name == "norm").module).eval();   // a mixed-mode tree
        using var batch = empty(32, 12).uniform_(-1, 1, g);
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var modes = model.modules().Prepend(model).Select(m => m.training).ToArray();

        var report = InitializationDiagnostics.Inspect(model, batch);

        report.Modules.Should().HaveCount(4);
        model.parameters().Select(p => p.grad).Should().AllSatisfy(grad => grad.Should().BeNull("Inspect differentiates with autograd.grad, which stores nothing"));
        Hooks.Count(model).Should().Be(0);
        model.modules().Prepend(model).Select(m => m.training).Should().Equal(modes);
        foreach (var (name, tensor) in model.state_dict())
        {
            tensor.eq(before[name]).all().item<bool>().Should().BeTrue($"{name} (weights and batch-norm running statistics) must be unchanged");
        }
    }

    [Fact]
    public void Training_mode_inspection_restores_running_statistics_that_the_pass_updated()
    {
        using var g = new Generator(5);
        using var model = nn.Sequential(("fc", nn.Linear(6, 8)), ("norm", nn.BatchNorm1d(8)), ("head", nn.Linear(8, 3)));
        new InitializationScheme(TestScaledNormal.He).Apply(model, g);
        using var batch = empty(16, 6).uniform_(2, 3, g);
        var norm = (BatchNorm1d)model.named_children().Single(c => c.name == "norm").module;
        using var mean = norm.running_mean!.clone();
        InitializationDiagnostics.Inspect(model, batch);
        norm.running_mean!.eq(mean).all().item<bool>().Should().BeTrue("the training-mode pass moved the running mean towards the batch mean; it must be put back");
        model.training.Should().BeTrue();
    }

    [Fact]
    public void A_batch_that_does_not_fit_a_module_gives_a_named_exception_repeating_its_shape()
    {
        using var model = nn.Sequential(("fc", nn.Linear(10, 5)), ("act", nn.Tanh()), ("head", nn.Linear(5, 3)));
        using var batch = zeros(4, 7);
        var act = () => InitializationDiagnostics.Inspect(model, batch);
        act.Should().Throw<BatchMismatchException>().Where(e => e.Message.Contains("[4, 7]") && e.ParamName == "batch" && e.Shape.SequenceEqual(new long[] { 4, 7 }));
        Hooks.Count(model).Should().Be(0, "the hooks are removed even when the forward pass fails");
    }

    [Fact]
    public void A_batch_that_does_not_fit_an_MLP_is_refused_before_running()
    {
        using var g = new Generator(1);
        using var model = Mlp.Create(new MlpSpec(64, [16], 10, Activation.ReLU), new InitializationScheme(TestScaledNormal.He), g);
        using var batch = zeros(4, 63);
        var act = () => InitializationDiagnostics.Inspect(model, batch);
        act.Should().Throw<BatchMismatchException>().WithMessage("*[N, 64]*[4, 63]*");
    }

    [Fact]
    public void A_single_example_or_misfit_labels_are_refused_with_their_values()
    {
        using var model = nn.Sequential(("fc", nn.Linear(3, 4)));
        using var one = zeros(1, 3);
        ((Action)(() => InitializationDiagnostics.Inspect(model, one))).Should().Throw<BatchMismatchException>().WithMessage("*at least 2 examples*[1, 3]*");
        using var batch = zeros(5, 3);
        using var short_ = zeros(4, dtype: ScalarType.Int64);
        ((Action)(() => InitializationDiagnostics.Inspect(model, batch, short_))).Should().Throw<BatchMismatchException>().WithMessage("*[5]*[4]*");
        using var tooHigh = full(5, 4L, dtype: ScalarType.Int64);
        ((Action)(() => InitializationDiagnostics.Inspect(model, batch, tooHigh))).Should().Throw<BatchMismatchException>().WithMessage("*[0, 3]*from 4 to 4*");
    }

    [Fact]
    public void Bad_thresholds_are_refused_with_their_name_and_value()
    {
        using var model = nn.Sequential(("fc", nn.Linear(3, 4)));
        using var batch = zeros(5, 3);
        var act = () => InitializationDiagnostics.Inspect(model, batch, options: InspectionOptions.Default with { DeadFraction = 1.5 });
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("DeadFraction must be a fraction in (0, 1); got 1.5*");
    }
}
