using TorchSharp.Modules;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Tests.TestDoubles;
using static TorchSharp.torch;

namespace WeightInit.Tests.Probes;

/// <summary>
/// <see cref="InitializationDiagnostics.Inspect"/> never calls a model healthy from what it did not see: models whose
/// modules run through <c>forward</c>, recurrent layers it cannot hook, growth factors with nothing to divide by, and
/// batches of the wrong rank.
/// </summary>
public class InspectionCoverageTests
{
    public InspectionCoverageTests() => TorchThreads.UseOne();

    [Fact]
    public void A_model_whose_forward_calls_submodules_through_forward_is_refused_with_the_reason_not_called_healthy()
    {
        using var model = new ForwardCallingCnn();
        using var g = new Generator(3);
        new InitializationScheme(new TestNormal(1e-4)).Apply(model, g);
        using var batch = empty(4, 1, 8, 8).uniform_(0, 1, g);

        var act = () => InitializationDiagnostics.Inspect(model, batch);

        var e = act.Should().Throw<NothingMeasuredException>().Which;
        e.ModelType.Should().Be(nameof(ForwardCallingCnn));
        e.NotMeasured.Select(m => m.Module).Should().Equal("_conv", "_head");
        e.Message.Should().Contain("model ForwardCallingCnn").And.Contain("'_conv' (Conv2d)")
            .And.Contain("call(x), not forward(x)").And.Contain("TorchSharp runs hooks only through call");
        Hooks.Count(model).Should().Be(0, "the hooks are removed when nothing was measured too");
    }

    [Fact]
    public void An_LSTM_that_cannot_be_hooked_is_listed_as_not_measured_and_the_report_is_not_healthy()
    {
        using var model = new LstmClassifier();
        using var g = new Generator(4);
        using var batch = empty(8, 5, 6).uniform_(0, 1, g);

        var report = InitializationDiagnostics.Inspect(model, batch);

        report.Modules.Select(m => m.Module).Should().Equal("_head");
        report.NotMeasured.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Module = "_lstm",
            ModuleType = "LSTM",
            Parameters = (4L * 16 * 6) + (4L * 16 * 16) + (2L * 4 * 16),
        });
        report.IsHealthy.Should().BeFalse(report.Format());
        report.Flags.Should().ContainSingle(f => f.Kind == InspectionFlagKind.NotMeasured && f.Module == "_lstm");
        report.Verdict.Should().StartWith("not fully measured: '_lstm' (LSTM, 1536 parameters) was not measured: its forward does not map one tensor to one tensor");
        report.Format().Should().Contain("flag NotMeasured: '_lstm' (LSTM");
    }

    [Fact]
    public void A_zero_gradient_at_the_end_of_the_span_is_vanishing_not_an_infinite_explosion()
    {
        // An all-ones output layer gives every class the same logit, so the gradient it sends back, Wᵀ(softmax − onehot)/N,
        // sums the C entries of each row of (softmax − onehot), which is 0: the hidden layers receive (float-rounding) nothing.
        using var model = nn.Sequential(("fc1", nn.Linear(20, 30, hasBias: false)), ("act", nn.Tanh()), ("fc2", nn.Linear(30, 5, hasBias: false)));
        using var g = new Generator(2);
        new InitializationScheme(new TestFixedValue(1)).Apply(model, g);
        using var batch = empty(16, 20).uniform_(0, 1, g);

        var report = InitializationDiagnostics.Inspect(model, batch);

        report.Modules.Single(m => m.Module == "act").BackwardStd.Should().Be(0, report.Format());
        report.Has(InspectionFlagKind.Exploding).Should().BeFalse(report.Format());
        report.BackwardGain.Should().Be(double.NaN, "a gain from a zero std is not measurable");
        report.Modules.Single(m => m.Module == "fc1").BackwardGrowth.Should().BeNull("its divisor, the gradient at 'act', is 0");
        report.Flags.Should().Contain(f => f.Kind == InspectionFlagKind.Vanishing && f.Module == "backward" && f.Message.Contains("exactly 0 at 'act'"));
        report.Format().Should().NotContain("Infinity");
    }

    [Fact]
    public void The_symmetric_flag_names_only_what_the_layer_has()
    {
        using var noBias = nn.Sequential(("fc1", nn.Linear(6, 8, hasBias: false)), ("act", nn.Tanh()), ("fc2", nn.Linear(8, 3, hasBias: false)));
        using var withBias = nn.Sequential(("fc1", nn.Linear(6, 8)), ("act", nn.Tanh()), ("fc2", nn.Linear(8, 3)));
        using var g = new Generator(5);
        new InitializationScheme(new TestFixedValue(0.1)).Apply(noBias, g);
        new InitializationScheme(new TestFixedValue(0.1)).Apply(withBias, g);
        using var batch = empty(16, 6).uniform_(0, 1, g);

        Symmetric(noBias).Should().Be("the 8 units of 'fc1' have identical weights (it has no bias) (zero or constant init)");
        Symmetric(withBias).Should().Be("the 8 units of 'fc1' have identical weights and biases (zero or constant init)");

        string Symmetric(nn.Module<Tensor, Tensor> model) =>
            InitializationDiagnostics.Inspect(model, batch).Flags.Single(f => f.Kind == InspectionFlagKind.Symmetric).Message;
    }

    [Fact]
    public void Flat_rows_into_a_CNN_give_a_batch_mismatch_naming_the_shape_and_the_model()
    {
        var spec = new ConvNetSpec(2, 4, Activation.ReLU, imageSize: 8, classes: 4);
        using var model = spec.CreateUninitialized();
        using var batch = zeros(4, 64);

        var act = () => InitializationDiagnostics.Inspect(model, batch);

        act.Should().Throw<BatchMismatchException>()
            .Where(e => e.ParamName == "batch" && e.Shape.SequenceEqual(new long[] { 4, 64 }) && e.InnerException is ArgumentException)
            .WithMessage($"*[4, 64]*model {model.GetType().Name}*");
        Hooks.Count(model).Should().Be(0);
    }

    /// <summary>The reviewer's model: a conv and a head run through <c>forward</c>, so no hook fires.</summary>
    private sealed class ForwardCallingCnn : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv = nn.Conv2d(1, 2, 3, padding: 1);
        private readonly Linear _head = nn.Linear(2 * 8 * 8, 3);

        public ForwardCallingCnn()
            : base(nameof(ForwardCallingCnn)) => RegisterComponents();

        public override Tensor forward(Tensor input) => _head.forward(nn.functional.relu(_conv.forward(input)).flatten(1));
    }

    /// <summary>An LSTM over a sequence, then a linear head on the last step (the LSTM returns a tuple: no tensor → tensor hook).</summary>
    private sealed class LstmClassifier : nn.Module<Tensor, Tensor>
    {
        private readonly LSTM _lstm = nn.LSTM(6, 16, batchFirst: true);
        private readonly Linear _head = nn.Linear(16, 4);

        public LstmClassifier()
            : base(nameof(LstmClassifier)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            var (output, _, _) = _lstm.call(input);
            return _head.call(output.select(1, -1));
        }
    }
}
