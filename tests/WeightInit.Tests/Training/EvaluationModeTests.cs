using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Tests.TestDoubles;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Training;

/// <summary>
/// Validation and test figures are measured in evaluation mode (PyTorch's <c>model.eval()</c>): dropout off, batch norm
/// normalizing with its running statistics and leaving them alone. Measured in training mode, two evaluations of one model
/// on one test set differ (dropout draws, batch statistics) and the test data leak into the running statistics.
/// </summary>
public sealed class EvaluationModeTests
{
    public EvaluationModeTests() => TorchThreads.UseOne();

    private static Sequential Model(long seed)
    {
        torch.random.manual_seed(seed);
        return nn.Sequential(("fc", nn.Linear(20, 32)), ("norm", nn.BatchNorm1d(32)), ("act", nn.ReLU()), ("drop", nn.Dropout(0.5)), ("head", nn.Linear(32, 4)));
    }

    [Fact]
    public void Evaluating_twice_gives_the_same_figures_and_leaves_batch_norm_statistics_and_training_flags_as_they_were()
    {
        using var data = SyntheticData.Create(count: 300, features: 20, classes: 4);
        using var all = DataSubset.All(data);
        using var model = Model(5);
        var norm = (BatchNorm1d)model.named_children().Single(c => c.name == "norm").module;
        var drop = model.named_children().Single(c => c.name == "drop").module;
        drop.eval(); // a submodule the user put in evaluation mode inside a training model
        using var meanBefore = norm.running_mean!.clone();

        var first = Evaluator.Evaluate(model, all, batchSize: 64);
        var second = Evaluator.Evaluate(model, all, batchSize: 64);

        second.Should().Be(first, "dropout is off and batch norm uses its running statistics in evaluation mode");
        norm.running_mean!.allclose(meanBefore, rtol: 0, atol: 0).Should().BeTrue("evaluation must not update the running statistics with the test data");
        model.training.Should().BeTrue("the model's own flag is put back");
        norm.training.Should().BeTrue();
        drop.training.Should().BeFalse("a submodule the user had put in evaluation mode stays so");
    }

    [Fact]
    public void Evaluation_equals_a_forward_pass_in_evaluation_mode()
    {
        using var data = SyntheticData.Create(count: 200, features: 20, classes: 4);
        using var all = DataSubset.All(data);
        using var model = Model(6);

        var (loss, _) = Evaluator.Evaluate(model, all, batchSize: 50);

        model.eval();
        using var noGrad = no_grad();
        var (x, y) = all.Gather(null, 0, all.Count);
        double expected = nn.functional.cross_entropy(model.call(x), y).item<float>();
        loss.Should().BeApproximately(expected, 1e-5, "the same logits, summed in float64 over 4 batches instead of a float32 mean (rounding ≈ 1e-7 relative)");
    }

    [Fact]
    public void A_trained_models_test_figures_are_those_of_evaluation_mode()
    {
        using var data = SyntheticData.Create(count: 512, features: 20, classes: 4);
        using var all = DataSubset.All(data);
        using var model = Model(7);
        using var g = new Generator(3);

        var outcome = new Trainer(new TrainingOptions(Epochs: 2, BatchSize: 64)).Train(model, all, all, all, g);

        model.training.Should().BeTrue("training leaves the model in training mode");
        var (testLoss, testAccuracy) = Evaluator.Evaluate(model, all, batchSize: 4096);
        outcome.Epochs[^1].TestLoss.Should().Be(testLoss);
        outcome.Epochs[^1].TestAccuracy.Should().Be(testAccuracy);
        outcome.Epochs[^1].ValidationAccuracy.Should().Be(testAccuracy, "validation and test are the same rows here, both measured in evaluation mode");
    }
}
