using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Theory;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// Runs the documents' experiments (<see cref="ReproducePlan"/>) and gathers every measurement into one
/// <see cref="ReproductionResult"/>. Never formats text or draws: that is <see cref="ReproductionWriter"/>'s job.
/// </summary>
public static class Reproducer
{
    /// <summary>Runs the plan for <paramref name="options"/>.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="status">One-line stage messages (data source, experiment started, …).</param>
    /// <param name="training">Per-step and per-epoch training progress.</param>
    /// <param name="cancellationToken">Stops between training steps; finished parts are kept and the result is marked partial.</param>
    /// <param name="starting">Called as each planned experiment starts (e.g. to size progress bars).</param>
    public static async Task<ReproductionResult> RunAsync(
        ReproduceOptions options,
        IProgress<string>? status = null,
        IProgress<TrainingProgress>? training = null,
        CancellationToken cancellationToken = default,
        Action<PlannedExperiment>? starting = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var dataOptions = (options.Data ?? new DatasetOptions()) with { Dataset = options.Dataset };
        var files = await MnistDatasets.FetchAsync(dataOptions, status, cancellationToken).ConfigureAwait(false);
        status?.Report($"{files.Dataset}: verified files from {files.SourceDescription}");
        var plan = ReproducePlan.For(options);
        var experiments = new List<ReproducedExperiment>();
        bool partial = false;
        InitializationSample[] samples = SampleInitializations(options.SeedList[0]);
        double q0 = 0;
        IReadOnlyList<(int, float[])> images = [];
        long trainCount = 0, testCount = 0;
        double majority = 0;
        foreach (var group in plan.GroupBy(p => p.Scaling))
        {
            using var data = Load(files, group.Key, options);
            trainCount = data.Train.Count;
            testCount = data.Test.Count;
            majority = MajorityShare(data.Test);
            if (group.Key == PixelScaling.UnitInterval)
            {
                (q0, images) = StatisticsBatch(data.Train, options.SeedList[0]);
            }

            foreach (var planned in group)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    partial = true;
                    break;
                }

                starting?.Invoke(planned);
                status?.Report($"{planned.Id}: {planned.Title} ({planned.Schemes.Count} initializations × {options.Seeds} seed(s), {planned.Epochs} epochs)");
                var result = options.Exact && ExactReproduction.Covers(planned)
                    ? ExactReproduction.Run(planned, data, Probes(planned), options.Threads, training, cancellationToken)
                    : await Build(planned, data, options).RunAsync(training, cancellationToken).ConfigureAwait(false);
                partial |= result.IsPartial;
                double q;
                using (var rows = StatisticsRows(data.Train, options.SeedList[0]))
                {
                    q = MeanField.InputSecondMoment(rows);
                }

                experiments.Add(new ReproducedExperiment(planned.Id, planned.Title, planned.Section, planned.Scaling, result, Predict(planned, q, options.SeedList[0])));
            }
        }

        var environment = new ReproductionEnvironment(
            files.Dataset, files.SourceDescription, trainCount, testCount, majority, options.Quick, options.SeedList, options.Threads, options.Parallel,
            Version(typeof(IInitializer).Assembly), Version(typeof(TorchSharp.torch).Assembly), RuntimeInformation.FrameworkDescription,
            $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores",
            started, clock.Elapsed.TotalSeconds, MklCodePath.Current());
        return new ReproductionResult(ReproductionResult.CurrentSchemaVersion, environment, samples, q0, experiments, partial || cancellationToken.IsCancellationRequested)
        {
            SampleImages = images,
            Exact = options.Exact && !options.Quick ? ExactComparison.Of(experiments.FirstOrDefault(e => e.Id == "q53-tanh-unit")) : null,
        };
    }

    /// <summary>Q5.1: one <c>initialize_weights((784, 256), method)</c> per method from a generator seeded with <paramref name="seed"/>.</summary>
    public static InitializationSample[] SampleInitializations(long seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var (fanIn, fanOut) = ReproducePlan.Q51Shape;
        double[] expected = [0, 0.01, Math.Sqrt(2.0 / (fanIn + fanOut)), Math.Sqrt(2.0 / fanIn)];
        return DocumentMethods.Names.Select((method, i) =>
        {
            var w = DocumentMethods.InitializeWeights([fanIn, fanOut], method, generator).to_type(ScalarType.Float64);
            return new InitializationSample(method, w.mean().item<double>(), w.std().item<double>(), expected[i]);
        }).ToArray();
    }

    private static double MajorityShare(LabeledDataset test)
    {
        using var scope = NewDisposeScope();
        return test.Labels.bincount(null).max().item<long>() / (double)test.Count;
    }

    private static TrainTestData Load(DatasetFiles files, PixelScaling scaling, ReproduceOptions options)
    {
        var full = MnistDatasets.Load(files, 10, scaling);
        if (!options.Quick)
        {
            return full;
        }

        using (full)
        {
            return new TrainTestData(full.Train.Take(ReproducePlan.QuickTrainCount), full.Test.Take(ReproducePlan.QuickTestCount), files);
        }
    }

    private static Experiment Build(PlannedExperiment planned, TrainTestData data, ReproduceOptions options)
    {
        var builder = new ExperimentBuilder()
            .WithName(planned.Id)
            .WithTrainingData(data.Train, planned.ValidationFraction)
            .WithTestData(data.Test)
            .WithModel(planned.Model)
            .WithTraining(new TrainingOptions(planned.Epochs, ReproducePlan.BatchSize, OptimizerSpec.Sgd(ReproducePlan.LearningRate), TestEveryEpoch: false))
            .WithSeeds([.. options.SeedList])
            .WithProbes(Probes(planned))
            .WithMaxDegreeOfParallelism(options.Parallel)
            .WithThreads(options.Threads);
        foreach (var scheme in planned.Schemes)
        {
            builder.WithInitialization(scheme);
        }

        return builder.Build();
    }

    private static ProbeOptions Probes(PlannedExperiment planned) =>
        new(ActivationBatchSize: ReproducePlan.StatisticsBatch, WeightHistogramBins: planned.WeightHistograms ? 60 : 0);

    /// <summary>The Q5.2 batch: <see cref="ReproducePlan.StatisticsBatch"/> training images in a seeded random order.</summary>
    private static Tensor StatisticsRows(LabeledDataset train, long seed)
    {
        using var scope = NewDisposeScope();
        return train.Features.index_select(0, StatisticsRowIndices(train, seed)).MoveToOuterDisposeScope();
    }

    private static Tensor StatisticsRowIndices(LabeledDataset train, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return train.SampleRowIndices(ReproducePlan.StatisticsBatch, generator);
    }

    private static (double Q0, IReadOnlyList<(int, float[])> Images) StatisticsBatch(LabeledDataset train, long seed)
    {
        using var scope = NewDisposeScope();
        var rows = StatisticsRowIndices(train, seed);
        var x = train.Features.index_select(0, rows);
        var labels = train.Labels.index_select(0, rows).data<long>().ToArray();
        var images = Enumerable.Range(0, Math.Min(32, labels.Length))
            .Select(i => ((int)labels[i], x[i].data<float>().ToArray()))
            .ToArray();
        return (MeanField.InputSecondMoment(x), images);
    }

    /// <summary>
    /// The mean-field activation std per hidden layer of each scheme, from the per-layer weight variance of the very
    /// weights the first seed's run starts from (so it works for any initializer, not just the four formulas).
    /// </summary>
    private static IReadOnlyList<MeanFieldPrediction> Predict(PlannedExperiment planned, double q0, long seed) =>
        planned.Schemes.Select(scheme =>
        {
            using var generator = SeedDerivation.CreateGenerator(seed, RandomStream.Initialization);
            using var model = Mlp.Create(planned.Model, scheme, generator);
            return new MeanFieldPrediction(scheme.Name, seed, ModelMeanField.ActivationStd(model, q0));
        }).ToArray();

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
