using WeightInit.Experimenting;
using WeightInit.Experiments.Reproduction;
using WeightInit.Models;
using WeightInit.Training;

namespace WeightInit.Tests.Reproduction;

/// <summary>The report's "reproduced exactly" sentence is computed from the run's numbers, compared as printed text.</summary>
public sealed class ExactComparisonTests
{
    [Fact]
    public void Numbers_that_print_as_the_documents_do_are_reported_as_an_exact_reproduction()
    {
        var comparison = ExactComparison.Of(Q53(_ => { }))!;

        comparison.IsExact.Should().BeTrue();
        comparison.LossesCompared.Should().Be(40);
        comparison.AccuraciesCompared.Should().Be(4);
        comparison.Sentence().Should().StartWith("**The documents were reproduced exactly, in C#:**");
    }

    [Fact]
    public void One_loss_off_in_the_4th_decimal_and_one_accuracy_off_by_one_image_are_named_with_both_values()
    {
        var comparison = ExactComparison.Of(Q53(runs =>
        {
            runs["xavier"][6] = runs["xavier"][6] with { TrainLoss = 0.06561 };
            runs["he"][9] = runs["he"][9] with { TestAccuracy = 0.9784 };
        }))!;

        comparison.IsExact.Should().BeFalse();
        comparison.LossMismatches.Should().Equal("xavier epoch 7: 0.0656 (documents 0.0655)");
        comparison.AccuracyMismatches.Should().Equal("he: 97.84 % (documents 97.85 %)");
        comparison.Sentence().Should().StartWith("**The documents were not reproduced exactly:**").And.Contain("39 of 40").And.Contain("3 of 4");
    }

    [Fact]
    public void Differences_beyond_the_printed_decimals_do_not_count()
    {
        // 0.36654 prints as 0.3665, the documents' figure; 0.976649 prints as 97.66.
        var comparison = ExactComparison.Of(Q53(runs =>
        {
            runs["xavier"][0] = runs["xavier"][0] with { TrainLoss = 0.36654 };
            runs["xavier"][9] = runs["xavier"][9] with { TestAccuracy = 0.976649 };
        }))!;

        comparison.IsExact.Should().BeTrue();
    }

    [Fact]
    public void A_run_with_fewer_epochs_is_not_called_exact()
    {
        var comparison = ExactComparison.Of(Q53(runs => runs["zero"].RemoveAt(9)))!;

        comparison.LossesCompared.Should().Be(39);
        comparison.IsExact.Should().BeFalse();
    }

    [Fact]
    public void The_report_states_the_comparison_in_its_Q5_3_section_only_when_the_run_was_exact()
    {
        var q53 = Q53(_ => { });
        var environment = new ReproductionEnvironment("mnist", "test", 60000, 10000, 0.1135, false, [42], 1, 1, "0", "0.107.0", ".NET", "test machine",
            DateTimeOffset.UnixEpoch, 1, null);
        var plain = new ReproductionResult(ReproductionResult.CurrentSchemaVersion, environment, [], 0.1, [q53], false);

        string exact = ReportWriter.Render(plain with { Exact = ExactComparison.Of(q53) });

        exact.Should().Contain("**The documents were reproduced exactly, in C#:**");
        exact.IndexOf("reproduced exactly", StringComparison.Ordinal).Should().BeGreaterThan(exact.IndexOf("## Q5.3", StringComparison.Ordinal));
        ReportWriter.Render(plain).Should().NotContain("reproduced exactly");
    }

    /// <summary>A Q5.3 result whose every number is the documents' printed one, then edited by <paramref name="edit"/>.</summary>
    private static ReproducedExperiment Q53(Action<Dictionary<string, List<EpochRecord>>> edit)
    {
        var epochs = DocumentReference.Q53Loss.ToDictionary(
            p => p.Key,
            p => p.Value.Select((loss, e) => new EpochRecord(e + 1, loss, 0, double.NaN, double.NaN, null,
                e == p.Value.Length - 1 ? DocumentReference.DocumentAccuracy["Q5.3"][p.Key] / 100 : null, 0)).ToList());
        edit(epochs);
        var runs = epochs.Select(p => new RunResult(p.Key, 42, RunStatus.Completed, null, p.Value, [], null, [], null, null, null, 0)).ToArray();
        using var generator = new TorchSharp.torch.Generator(0);
        using var layout = Mlp.Create(MlpSpec.Deep256(Activation.Tanh), ReproducePlan.DocumentSchemes()[0], generator);
        var settings = new ExperimentSettings("q53-tanh-unit", "mnist-train", 60000, 0, "mnist-test", 10000, MlpSpec.Deep256(Activation.Tanh),
            ReproducePlan.DocumentSchemes().Select(scheme => scheme.Describe(layout)).ToArray(),
            new TrainingOptions(), [42], ProbeOptions.None, 1, ExactReproduction.StreamDescription);
        return new ReproducedExperiment("q53-tanh-unit", "Q5.3", "Q5.3", WeightInit.Data.PixelScaling.UnitInterval, ExperimentResult.Create(settings, runs), []);
    }
}
