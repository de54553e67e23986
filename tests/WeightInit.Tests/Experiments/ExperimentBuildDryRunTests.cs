using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Experiments;

/// <summary>
/// <see cref="ExperimentBuilder.Build"/> is a dry run: what would fail in <see cref="Experiment.RunAsync"/> (a model that
/// cannot take its declared input, too few logits, a scheme whose initializer cannot fill a parameter, a factory that
/// throws) fails there; and runs that keep the layers' own initialization are reproducible.
/// </summary>
public sealed class ExperimentBuildDryRunTests : IDisposable
{
    private static readonly ConvNetSpec Cnn = new(2, 4, Activation.ReLU, imageSize: 8, classes: 4);
    private readonly LabeledDataset _data = SyntheticData.Create(count: 256, features: 64, classes: 4);

    public ExperimentBuildDryRunTests() => TorchThreads.UseOne();

    public void Dispose() => _data.Dispose();

    private ExperimentBuilder Builder() => new ExperimentBuilder().WithTrainingData(_data).WithEpochs(1).WithBatchSize(64)
        .WithProbes(new ProbeOptions(ActivationBatchSize: 0, WeightHistogramBins: 0));

    [Fact]
    public void A_cnn_declared_with_a_flat_input_shape_fails_at_build_saying_which_batch_it_could_not_run()
    {
        var act = () => Builder().WithModel("cnn", [64], _ => Cnn.CreateUninitialized()).WithInitializer(new HeNormal()).Build();
        act.Should().Throw<ExperimentValidationException>().Which.Problems.Should().ContainSingle()
            .Which.Should().Contain("model 'cnn' cannot run a batch [2, 64] of its declared input shape [64]").And.Contain("[1, 28, 28]");
    }

    [Fact]
    public void A_model_with_fewer_outputs_than_classes_fails_at_build_not_in_training()
    {
        var act = () => Builder().WithModel("small", [64], _ => nn.Sequential(("fc", nn.Linear(64, 3)))).WithInitializer(new HeNormal()).Build();
        act.Should().Throw<ExperimentValidationException>().Which.Problems.Should().ContainSingle()
            .Which.Should().Be("model 'small' outputs 3 logits per example but the data has 4 classes; give the output layer 4 units");
    }

    [Fact]
    public void A_model_that_does_not_return_logits_per_example_fails_at_build()
    {
        var act = () => Builder().WithModel("flat", [64], _ => nn.Sequential(("fc", nn.Linear(64, 4)), ("flat", nn.Flatten(0)))).WithInitializer(new HeNormal()).Build();
        act.Should().Throw<ExperimentValidationException>().WithMessage("*must return logits [N, classes]; on a batch [2, 64] it returned [8]*");
    }

    [Fact]
    public void A_dirac_scheme_on_an_MLP_fails_at_build_naming_the_parameter()
    {
        var act = () => Builder().WithModel(new MlpSpec(64, [16], 4, Activation.ReLU)).WithInitializer(new Dirac(), name: "dirac").Build();
        act.Should().Throw<ExperimentValidationException>().Which.Problems.Should().ContainSingle()
            .Which.Should().StartWith("initialization 'dirac' does not fit model").And.Contain("linear0.weight [16, 64]");
    }

    [Fact]
    public void A_name_rule_with_a_typo_fails_at_build_with_the_closest_names()
    {
        var scheme = new InitializationScheme(new HeNormal(), name: "typo").ForName("haed.weight", new XavierNormal());
        var act = () => Builder().WithModel("mlp", [64], _ => nn.Sequential(("body", nn.Linear(64, 8)), ("head", nn.Linear(8, 4)))).WithInitialization(scheme).Build();
        act.Should().Throw<ExperimentValidationException>().Which.Problems.Should().ContainSingle()
            .Which.Should().StartWith("initialization 'typo' does not fit model 'mlp'").And.Contain("'name haed.weight' (closest parameters: head.weight,");
    }

    [Fact]
    public void A_factory_that_throws_is_reported_at_build()
    {
        var act = () => Builder().WithModel("bad", [64], _ => throw new InvalidOperationException("boom")).WithInitializer(new HeNormal()).Build();
        act.Should().Throw<ExperimentValidationException>().Which.Problems.Should().ContainSingle()
            .Which.Should().Be("the factory of model 'bad' threw InvalidOperationException: boom");
    }

    [Fact]
    public void The_exceptions_behind_the_problems_are_kept_whole_with_their_stack_traces()
    {
        var boom = new InvalidOperationException("boom");
        var act = () => Builder().WithModel("bad", [64], _ => throw boom).WithInitializer(new HeNormal()).Build();

        var thrown = act.Should().Throw<ExperimentValidationException>().Which;

        thrown.Causes.Should().ContainSingle().Which.Should().BeSameAs(boom);
        thrown.InnerException.Should().BeSameAs(boom, "a debugger or log shows the factory's own exception and stack");
        boom.StackTrace.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void A_good_custom_model_builds_and_build_leaves_nothing_to_fail_later()
    {
        var experiment = Builder().WithModel(Cnn.Name, Cnn.InputShape, _ => Cnn.CreateUninitialized()).WithInitializer(new HeNormal()).Build();
        experiment.RunCount.Should().Be(1);
    }

    [Fact]
    public async Task Runs_that_keep_the_layers_own_initialization_give_identical_losses_whatever_was_drawn_before()
    {
        // Only fc1's weight is drawn by the scheme; fc1's bias and fc2 keep what nn.Linear drew at construction, from
        // TorchSharp's global generator. The run seeds that generator before building the model, so the global draws
        // made in between (as user code makes them) change nothing.
        var scheme = InitializationScheme.FromRules("only-fc1", InitRule.ForLayer(0, ParameterRole.Weight, new HeNormal()))
            .WithUnmatched(UnmatchedPolicy.KeepModuleInitialization);
        async Task<IReadOnlyList<double>> Losses(long seed)
        {
            var experiment = Builder().WithModel("mlp", [64], _ => nn.Sequential(("fc1", nn.Linear(64, 16)), ("act", nn.ReLU()), ("fc2", nn.Linear(16, 4))))
                .WithInitialization(scheme).WithSeeds(seed).Build();
            using (rand(7))
            {
            }

            var result = await experiment.RunAsync();
            result.Runs.Should().ContainSingle().Which.Status.Should().Be(RunStatus.Completed);
            return result.Runs[0].MinibatchLosses;
        }

        var first = await Losses(42);
        var second = await Losses(42);
        second.Should().Equal(first, "the same seed must give the same run, bit for bit");
        (await Losses(43)).Should().NotEqual(first, "another seed draws other kept layers and another batch order");
    }

    [Fact]
    public async Task Build_and_run_leave_the_callers_global_generator_where_it_was()
    {
        var scheme = InitializationScheme.FromRules("only-fc1", InitRule.ForLayer(0, ParameterRole.Weight, new HeNormal()))
            .WithUnmatched(UnmatchedPolicy.KeepModuleInitialization);
        random.manual_seed(2026);
        using var expected = rand(5);
        random.manual_seed(2026);

        var experiment = Builder().WithModel("mlp", [64], _ => nn.Sequential(("fc1", nn.Linear(64, 16)), ("act", nn.ReLU()), ("fc2", nn.Linear(16, 4))))
            .WithInitialization(scheme).WithSeeds(42).Build();
        await experiment.RunAsync();

        using var actual = rand(5);
        actual.allclose(expected, rtol: 0, atol: 0).Should().BeTrue("the dry run and the seeded model construction put the global generator's state back (a model without dropout draws nothing else from it)");
    }
}
