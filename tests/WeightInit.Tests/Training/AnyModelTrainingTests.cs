using FluentAssertions;
using TorchSharp;
using WeightInit.Experimenting;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using WeightInit.Training;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Training;

public class AnyModelTrainingTests
{
    public AnyModelTrainingTests() => TorchThreads.UseOne();

    private static readonly ConvNetSpec Small = new(2, 4, Activation.Tanh, imageSize: 8, classes: 4);

    [Fact]
    public void Trainer_and_evaluator_reshape_flat_rows_to_the_models_input_shape_and_check_it_fits()
    {
        using var data = SyntheticData.Create(count: 64, features: 64, classes: 4);
        using var model = Small.CreateUninitialized();
        using var g = new Generator(2);
        new InitializationScheme(new HeNormal()).Apply(model, g);
        using var all = DataSubset.All(data);
        var (loss, accuracy) = Evaluator.Evaluate(model, all, 16, [1, 8, 8]);
        loss.Should().BeGreaterThan(0);
        accuracy.Should().BeInRange(0, 1);
        var act = () => new Trainer(new TrainingOptions(Epochs: 1), inputShape: [1, 7, 7]).Train(model, all, null, null, g);
        act.Should().Throw<ArgumentException>().WithMessage("*64 features per example*[1, 7, 7]*");
    }

    [Fact]
    public async Task ExperimentBuilder_runs_a_cnn_end_to_end_on_2000_images()
    {
        using var data = SyntheticData.Create(count: 2000, features: 64, classes: 4);
        var experiment = new ExperimentBuilder()
            .WithName("cnn")
            .WithTrainingData(data, validationFraction: 0.1)
            .WithModel(Small.Name, Small.InputShape, _ => Small.CreateUninitialized())
            .WithInitializers(new HeNormal(), new XavierNormal())
            .WithTraining(new TrainingOptions(Epochs: 2, BatchSize: 64))
            .WithProbes(new ProbeOptions(ActivationBatchSize: 64, GradientEverySteps: 10, WeightHistogramBins: 8))
            .Build();
        var result = await experiment.RunAsync();

        result.Settings.Model.Should().BeNull();
        result.Settings.CustomModel.Should().Be(new ModelDescription("conv3x3x4-d2 tanh", [1, 8, 8]));
        result.Settings.Initializations[0].WeightInitializers.Should().HaveCount(3, "two convolutions and the head");
        result.Runs.Should().HaveCount(2).And.OnlyContain(r => r.Status == RunStatus.Completed && r.Epochs.Count == 2);
        var he = result.Runs[0];
        he.InitialActivations.Should().HaveCount(2, "one entry per activation module");
        he.Probes.Should().NotBeEmpty().And.OnlyContain(p => p.Layers.Count == 3);
        he.Epochs[^1].TrainLoss.Should().BeLessThan(he.MinibatchLosses[0], "He-initialized training lowers the loss");
        result.Runs[1].InitialActivations!.Should().OnlyContain(a => a.Std > 0.05, "Xavier keeps a tanh conv net's signal alive");
        ResultJson.Serialize(result).Should().Contain("\"customModel\"").And.NotContain("\"model\":");
    }

    [Fact]
    public void ExperimentBuilder_reports_a_model_whose_input_shape_does_not_fit_the_data_and_a_scheme_that_does_not_fit_the_model()
    {
        using var data = SyntheticData.Create(count: 200, features: 64, classes: 4);
        var act = () => new ExperimentBuilder()
            .WithTrainingData(data)
            .WithModel("wrong", [1, 9, 9], _ => Small.CreateUninitialized())
            .WithInitialization(new InitializationScheme(new HeNormal()).WithLayer(7, new Zeros()))
            .Build();
        act.Should().Throw<ExperimentValidationException>()
            .WithMessage("*64 features per example but model 'wrong' takes [1, 9, 9] = 81 values*")
            .WithMessage("*does not fit model 'wrong'*layer 7*");
    }
}
