using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Experiments;

public sealed class ExperimentTests : IDisposable
{
    private readonly LabeledDataset _data = SyntheticData.Create();
    private readonly LabeledDataset _test = SyntheticData.Create(count: 500, seed: 8, name: "synthetic-test");

    public ExperimentTests() => TorchThreads.UseOne();

    public void Dispose()
    {
        _data.Dispose();
        _test.Dispose();
    }

    private ExperimentBuilder Small(OptimizerSpec? optimizer = null) => new ExperimentBuilder()
        .WithName("small")
        .WithTrainingData(_data, 0.1)
        .WithTestData(_test)
        .WithModel(new MlpSpec(20, MlpSpec.Hidden(32, 2), 4, Activation.Tanh))
        .WithInitializers(new TestZeros(), TestScaledNormal.Xavier)
        .WithTraining(new TrainingOptions(Epochs: 2, BatchSize: 64, Optimizer: optimizer ?? OptimizerSpec.Sgd(0.1, momentum: 0.9)))
        .WithSeeds(1, 2, 3)
        .WithProbes(new ProbeOptions(ActivationBatchSize: 128, GradientEverySteps: 10));

    [Fact]
    public async Task An_experiment_runs_every_scheme_on_every_seed_and_summarizes_across_seeds()
    {
        var result = await Small().Build().RunAsync();
        result.Runs.Select(r => (r.Initialization, r.Seed)).Should().Equal(("test_zeros", 1L), ("test_zeros", 2L), ("test_zeros", 3L), ("test_xavier", 1L), ("test_xavier", 2L), ("test_xavier", 3L));
        result.IsPartial.Should().BeFalse();
        result.Runs.Should().AllSatisfy(r =>
        {
            r.Epochs.Should().HaveCount(2);
            r.InitialActivations.Should().HaveCount(2);
            r.WeightsBefore.Should().HaveCount(3);
            r.Probes.Should().NotBeEmpty();
        });
        var xavier = result.Summaries.Single(s => s.Initialization == "test_xavier");
        xavier.Completed.Should().Be(3);
        var acc = xavier.Metrics.Single(m => m.Metric == "test_accuracy").Summary;
        acc.Count.Should().Be(3);
        acc.ConfidenceLow.Should().BeLessThan(acc.Mean);
        var diff = result.PairedDifferences.Single(p => p.Metric == "test_accuracy");
        (diff.Initialization, diff.Baseline).Should().Be(("test_xavier", "test_zeros"));
        var perSeed = result.Runs.Where(r => r.Initialization == "test_xavier").Zip(result.Runs.Where(r => r.Initialization == "test_zeros"),
            (a, b) => a.FinalMetrics()["test_accuracy"] - b.FinalMetrics()["test_accuracy"]).ToArray();
        diff.Difference.Mean.Should().BeApproximately(perSeed.Average(), 1e-12);
        diff.Difference.Mean.Should().BeGreaterThan(0, "a symmetric zero-init network cannot beat a Xavier-like one");
    }

    [Fact]
    public async Task Weight_histograms_before_and_after_training_hold_every_weight_in_shared_bins()
    {
        // N(0, 0.01²) weights and SGD at 0.5: training moves weights far past the initial ±max|w| (about 0.04), so bins
        // fixed before training would count those as overflow.
        var result = await new ExperimentBuilder()
            .WithTrainingData(_data)
            .WithModel(new MlpSpec(20, [16], 4, Activation.Tanh))
            .WithInitializer(new TestNormal(0.01), name: "small")
            .WithTraining(new TrainingOptions(Epochs: 2, BatchSize: 32, Optimizer: OptimizerSpec.Sgd(0.5)))
            .WithSeeds(3)
            .WithProbes(new ProbeOptions(ActivationBatchSize: 0, WeightHistogramBins: 20))
            .Build().RunAsync();

        var run = result.Runs.Single();
        long[] weightCounts = [20 * 16, 16 * 4];
        run.WeightsBefore.Should().HaveCount(2);
        run.WeightsAfter.Should().HaveCount(2);
        foreach (var (before, after) in run.WeightsBefore!.Zip(run.WeightsAfter!))
        {
            long count = weightCounts[before.Layer - 1];
            (before.Histogram.Min, before.Histogram.Max).Should().Be((after.Histogram.Min, after.Histogram.Max), "both histograms of a layer share their bins");
            foreach (var h in new[] { before.Histogram, after.Histogram })
            {
                (h.Underflow, h.Overflow).Should().Be((0L, 0L), $"layer {before.Layer}'s figure must show every weight");
                h.Counts.Sum().Should().Be(count);
            }
        }

        var firstAfter = run.WeightsAfter![0].Histogram;
        (firstAfter.Counts[0] + firstAfter.Counts[^1]).Should().BeGreaterThan(0, "the bins end at the largest |w| reached, before or after");
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.0)]
    public async Task Two_runs_of_the_same_experiment_give_identical_json_whatever_the_degree_of_parallelism(double momentum)
    {
        // with and without optimizer state (momentum buffers)
        var optimizer = OptimizerSpec.Sgd(0.1, momentum: momentum);
        var a = await Small(optimizer).Build().RunAsync();
        var b = await Small(optimizer).WithMaxDegreeOfParallelism(3).Build().RunAsync();
        ResultJson.Serialize(b.WithoutTimings()).Should().Be(ResultJson.Serialize(a.WithoutTimings()));
    }

    [Fact]
    public async Task Results_round_trip_through_json_unchanged_including_nan_losses()
    {
        var result = await new ExperimentBuilder()
            .WithTrainingData(_data)
            .WithModel(new MlpSpec(20, [16], 4, Activation.LeakyReLU(0.1)))
            .WithInitializer(new TestNormal(1), name: "wild")
            .WithLsuv(new Lsuv(TestScaledNormal.Xavier))
            .WithTraining(new TrainingOptions(Epochs: 1, BatchSize: 100, Optimizer: OptimizerSpec.Adam(1e-3)))
            .WithSeeds(5, 6)
            .Build().RunAsync();
        var json = ResultJson.Serialize(result);
        var back = ResultJson.Deserialize(json);
        ResultJson.Serialize(back).Should().Be(json);
        back.Should().BeEquivalentTo(result, o => o.ComparingByMembers<ExperimentResult>().ComparingRecordsByMembers());
        json.Should().Contain("\"schemaVersion\": 1");
        FluentActions.Invoking(() => ResultJson.Deserialize(json.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 99", StringComparison.Ordinal)))
            .Should().Throw<ResultSchemaException>().WithMessage("*99*version 1*");
    }

    [Fact]
    public async Task An_overflowing_initialization_diverges_its_own_runs_without_touching_the_others()
    {
        var result = await new ExperimentBuilder()
            .WithTrainingData(_data)
            .WithModel(new MlpSpec(20, [32, 32], 4, Activation.ReLU))
            // std 1e15 weights overflow float32 by the third layer (1e15·√20·1e15·√32·… > 3.4e38): the loss is NaN at once.
            .WithInitializers(new TestNormal(1e15), TestScaledNormal.He)
            .WithTraining(new TrainingOptions(Epochs: 2, BatchSize: 50, Optimizer: OptimizerSpec.Sgd(0.1)))
            .WithSeeds(1)
            .WithMaxDegreeOfParallelism(2)
            .Build().RunAsync();
        var wild = result.Runs[0];
        wild.Status.Should().Be(RunStatus.Diverged);
        wild.DivergedAtStep.Should().Be(1);
        result.Runs[1].Status.Should().Be(RunStatus.Completed);
        result.Runs[1].Epochs.Should().HaveCount(2);
        result.Summaries[0].Diverged.Should().Be(1);
        result.Summaries[0].Metrics.Should().BeEmpty("a diverged run has no final metrics to summarize");
        var json = ResultJson.Serialize(result);
        ResultJson.Serialize(ResultJson.Deserialize(json)).Should().Be(json, "non-finite losses survive the round trip");
    }

    [Fact]
    public async Task Cancelling_returns_a_result_marked_partial()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Step >= 5)
            {
                cts.Cancel();
            }
        });
        var result = await Small().WithTraining(new TrainingOptions(Epochs: 3, BatchSize: 16, CheckEverySteps: 5)).Build().RunAsync(progress, cts.Token);
        result.IsPartial.Should().BeTrue();
        result.Runs[0].Status.Should().Be(RunStatus.Cancelled);
        result.Runs[0].MinibatchLosses.Should().HaveCount(5);
        result.Runs.Skip(1).Should().AllSatisfy(r => r.Status.Should().Be(RunStatus.Cancelled));
        result.Summaries.Should().AllSatisfy(s => s.Completed.Should().Be(0));
    }

    [Fact]
    public async Task Lsuv_brings_every_layer_output_to_unit_variance_within_tolerance()
    {
        var result = await new ExperimentBuilder()
            .WithTrainingData(_data)
            .WithModel(new MlpSpec(20, MlpSpec.Hidden(64, 4), 4, Activation.Tanh))
            .WithLsuv(new Lsuv(new TestNormal(0.01), new LsuvOptions(Tolerance: 0.1, MaxIterations: 10, BatchSize: 256)))
            .WithEpochs(1)
            .Build().RunAsync();
        var report = result.Runs[0].Lsuv!;
        report.Layers.Should().HaveCount(5);
        report.Converged.Should().BeTrue();
        report.Layers.Should().AllSatisfy(l =>
        {
            Math.Abs(l.FinalVariance - 1).Should().BeLessThan(0.1);
            l.InitialVariance.Should().BeLessThan(0.1, "std 0.01 weights start far below unit variance");
            l.Iterations.Should().BeInRange(1, 10);
        });
    }

    [Fact]
    public void Build_reports_every_problem_in_one_exception()
    {
        var builder = new ExperimentBuilder()
            .WithTrainingData(_data, 0.5)
            .WithModel(new MlpSpec(30, [8], 3, Activation.Tanh))
            .WithBatchSize(5000);
        var act = () => builder.Build();
        var problems = act.Should().Throw<ExperimentValidationException>().Which.Problems;
        problems.Should().HaveCount(4);
        problems.Should().Contain(p => p.Contains("no initializer"))
            .And.Contain(p => p.Contains("20 features") && p.Contains("30"))
            .And.Contain(p => p.Contains("4 classes") && p.Contains("outputs 3"))
            .And.Contain(p => p.Contains("batch size 5000") && p.Contains("1000 training examples"));
        new ExperimentBuilder().Invoking(b => b.Build()).Should().Throw<ExperimentValidationException>()
            .Which.Problems.Should().Contain(p => p.Contains("no training data")).And.Contain(p => p.Contains("no model"));
    }

    [Fact]
    public void Each_with_method_rejects_a_bad_value_naming_it()
    {
        var b = new ExperimentBuilder();
        b.Invoking(x => x.WithEpochs(0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("epochs").WithMessage("*got 0*");
        b.Invoking(x => x.WithBatchSize(-1)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*got -1*");
        b.Invoking(x => x.WithTrainingData(_data, 1.5)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("validationFraction").WithMessage("*got 1.5*");
        b.Invoking(x => x.WithSeeds()).Should().Throw<ArgumentException>().WithMessage("*at least one seed*");
        b.Invoking(x => x.WithSeeds(1, 1)).Should().Throw<ArgumentException>().WithMessage("*[1, 1]*");
        b.Invoking(x => x.WithInitializers()).Should().Throw<ArgumentException>().WithMessage("*at least one initializer*");
        b.Invoking(x => x.WithOptimizer(new SgdSpec(-0.1))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*-0.1*");
        b.Invoking(x => x.WithMaxDegreeOfParallelism(0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*got 0*");
    }

    [Fact]
    public void A_builder_builds_once()
    {
        var builder = Small();
        builder.Build().RunCount.Should().Be(6);
        builder.Invoking(b => b.Build()).Should().Throw<InvalidOperationException>().WithMessage("*already built*");
    }

    [Fact]
    public void Duplicate_scheme_names_are_reported()
    {
        var builder = Small().WithInitializer(TestScaledNormal.Xavier);
        builder.Invoking(b => b.Build()).Should().Throw<ExperimentValidationException>().WithMessage("*'test_xavier' is given 2 times*");
    }

    [Fact]
    public async Task Csv_exports_one_row_per_epoch_and_per_summary_metric()
    {
        var result = await Small().WithSeeds(1, 2).Build().RunAsync();
        var epochs = ResultCsv.Epochs(result).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        epochs[0].Should().Be("initialization,seed,status,epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,seconds");
        epochs.Should().HaveCount(1 + (2 * 2 * 2));
        epochs[1].Should().StartWith("test_zeros,1,Completed,1,");
        var summary = ResultCsv.Summary(result).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        summary.Should().HaveCount(1 + (2 * 6) + 6, "6 metrics per scheme, then 6 paired differences");
        summary.Should().Contain(l => l.StartsWith("test_xavier,test_zeros,test_accuracy,2,", StringComparison.Ordinal));
    }

    [Fact]
    public void Seed_derivation_gives_distinct_streams_per_seed_and_purpose()
    {
        var seeds = new[] { 0L, 1L, 42L }.SelectMany(s => Enum.GetValues<RandomStream>().Select(k => SeedDerivation.Derive(s, k))).ToArray();
        seeds.Should().OnlyHaveUniqueItems();
        SeedDerivation.Derive(42, RandomStream.Shuffle).Should().Be(SeedDerivation.Derive(42, RandomStream.Shuffle));
    }
}
