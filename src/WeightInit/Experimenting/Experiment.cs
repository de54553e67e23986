using System.Diagnostics;
using WeightInit.Data;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Experimenting;

/// <summary>
/// A validated experiment from <see cref="ExperimentBuilder"/>: every initialization scheme × every seed, each run
/// with its own generators (<see cref="SeedDerivation"/>). Holds the data sets by reference (the caller keeps them
/// alive and disposes them). May be run more than once; each run gives the same numbers.
/// </summary>
public sealed class Experiment
{
    private readonly LabeledDataset _train;
    private readonly LabeledDataset? _test;
    private readonly double _validationFraction;
    private readonly InitializationScheme[] _schemes;
    private readonly ModelDefinition _model;

    internal Experiment(ExperimentSettings settings, ModelDefinition model, LabeledDataset train, LabeledDataset? test, double validationFraction, InitializationScheme[] schemes, int parallelism)
    {
        Settings = settings;
        _model = model;
        _train = train;
        _test = test;
        _validationFraction = validationFraction;
        _schemes = schemes;
        MaxDegreeOfParallelism = parallelism;
    }

    /// <summary>What will be run.</summary>
    public ExperimentSettings Settings { get; }

    /// <summary>How many runs train at once.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>Number of runs: schemes × seeds.</summary>
    public int RunCount => _schemes.Length * Settings.Seeds.Count;

    /// <summary>
    /// Runs every (scheme, seed) pair, up to <see cref="MaxDegreeOfParallelism"/> at once, and summarizes them.
    /// Cancellation does not throw: runs stop between steps, runs not yet started are recorded as cancelled with no
    /// epoch, and the result's <see cref="ExperimentResult.IsPartial"/> is true. A diverging run does not affect the others.
    /// </summary>
    /// <param name="progress">Receives reports from the training threads (possibly several at once).</param>
    /// <param name="cancellationToken">Stops the experiment between steps.</param>
    public async Task<ExperimentResult> RunAsync(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Settings.Threads is { } threads)
        {
            set_num_threads(threads);
        }

        var runs = new RunResult[RunCount];
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
        await Parallel.ForEachAsync(Enumerable.Range(0, RunCount), options, (index, _) =>
        {
            var scheme = _schemes[index / Settings.Seeds.Count];
            long seed = Settings.Seeds[index % Settings.Seeds.Count];
            runs[index] = RunOne(scheme, seed, progress, cancellationToken);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return ExperimentResult.Create(Settings, runs);
    }

    private RunResult RunOne(InitializationScheme scheme, long seed, IProgress<TrainingProgress>? progress, CancellationToken token)
    {
        if (token.IsCancellationRequested)
        {
            return new RunResult(scheme.Name, seed, RunStatus.Cancelled, null, [], [], null, [], null, null, null, 0);
        }

        var clock = Stopwatch.StartNew();
        var probes = Settings.Probes;
        using var splitGenerator = SeedDerivation.CreateGenerator(seed, RandomStream.Split);
        using var initGenerator = SeedDerivation.CreateGenerator(seed, RandomStream.Initialization);
        using var shuffleGenerator = SeedDerivation.CreateGenerator(seed, RandomStream.Shuffle);
        var (train, validation) = DataSubset.Split(_train, _validationFraction, splitGenerator);
        using var testSubset = _test is null ? null : DataSubset.All(_test);
        using (train)
        using (validation)
        using (var model = CreateModel(seed, initGenerator))
        {
            scheme.Apply(model, initGenerator);
            var shape = _model.InputShape;
            LsuvReport? lsuv = null;
            if (scheme.Lsuv is not null)
            {
                using var batch = DrawBatch(train, scheme.Lsuv.Options.BatchSize, seed, RandomStream.Lsuv, shape);
                lsuv = scheme.Lsuv.Refine(model, batch);
            }

            IReadOnlyList<LayerActivationStats>? activations = null;
            if (probes.ActivationBatchSize > 0)
            {
                using var batch = DrawBatch(train, probes.ActivationBatchSize, seed, RandomStream.Probe, shape);
                activations = ActivationProbe.Measure(model, batch, probes.ActivationHistogramBins);
            }

            var weights = LayerWeights(model);
            using var initial = new InitialWeights(probes.WeightHistogramBins > 0 ? weights : []);
            var trainer = new Trainer(Settings.Training, probes.GradientEverySteps, shape);
            var outcome = trainer.Train(model, train, validation.Count > 0 ? validation : null, testSubset, shuffleGenerator,
                $"{scheme.Name} seed={seed}", progress, token);
            var (before, after) = probes.WeightHistogramBins > 0 ? initial.Histograms(weights, probes.WeightHistogramBins) : (null, null);
            return new RunResult(scheme.Name, seed, outcome.Status, outcome.DivergedAtStep, outcome.Epochs, outcome.MinibatchLosses,
                activations, outcome.Probes, before, after, lsuv, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>
    /// Builds the run's model with TorchSharp's global generator seeded from <paramref name="seed"/>
    /// (<see cref="RandomStream.ModelConstruction"/>): layers draw their own initialization from it at construction, and
    /// those a scheme keeps must not depend on what else the process drew before. The lock keeps concurrent runs from
    /// seeding it in between; the generator's previous state is put back afterwards, so the caller's draws go on as if
    /// the model had not been built.
    /// </summary>
    private nn.Module<Tensor, Tensor> CreateModel(long seed, Generator generator) =>
        GlobalGenerator.Building(SeedDerivation.GlobalSeed(seed), () => _model.Create(generator));

    /// <summary>The first <paramref name="size"/> rows of a generator-driven permutation of the training rows, shaped as the model takes them.</summary>
    private static Tensor DrawBatch(DataSubset train, int size, long seed, RandomStream stream, IReadOnlyList<long> shape)
    {
        using var generator = SeedDerivation.CreateGenerator(seed, stream);
        using var scope = NewDisposeScope();
        var order = randperm(train.Count, generator: generator);
        var (x, _) = train.Gather(order, 0, size);
        return ExampleShape.Apply(x, shape).DetachFromDisposeScope();
    }

    /// <summary>The first weight of every layer (see <see cref="ParameterSite.Layer"/>), input side first.</summary>
    private static Tensor[] LayerWeights(nn.Module model)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        return ParameterSite.Of(model).Where(s => s.Layer >= 0 && InitRule.IsWeight(s.Role)).GroupBy(s => s.Layer)
            .Select(g => parameters[g.First().Name]).ToArray();
    }

    /// <summary>
    /// Copies of the layer weights before training, so that both histograms can share bins chosen after training:
    /// ±the largest finite |w| before or after (±1 when all are 0). Bins fixed before training would drop every trained
    /// weight that grew past the initial range as overflow, cutting the "after" histogram at its edges.
    /// </summary>
    private sealed class InitialWeights(Tensor[] weights) : IDisposable
    {
        private readonly Tensor[] _copies = weights.Select(w => w.detach().clone()).ToArray();

        public (IReadOnlyList<LayerWeightHistogram> Before, IReadOnlyList<LayerWeightHistogram> After) Histograms(Tensor[] trained, int bins)
        {
            var before = new LayerWeightHistogram[_copies.Length];
            var after = new LayerWeightHistogram[_copies.Length];
            for (int l = 0; l < _copies.Length; l++)
            {
                double range = Math.Max(LargestFiniteMagnitude(_copies[l]), LargestFiniteMagnitude(trained[l]));
                range = range > 0 ? range : 1;
                before[l] = new LayerWeightHistogram(l + 1, Histogram.Of(_copies[l], bins, -range, range));
                after[l] = new LayerWeightHistogram(l + 1, Histogram.Of(trained[l], bins, -range, range));
            }

            return (before, after);
        }

        public void Dispose()
        {
            foreach (var copy in _copies)
            {
                copy.Dispose();
            }
        }

        private static double LargestFiniteMagnitude(Tensor w)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var magnitudes = w.abs().to_type(ScalarType.Float64);
            var finite = magnitudes.masked_select(magnitudes.isfinite());
            return finite.numel() == 0 ? 0 : finite.max().item<double>();
        }
    }
}
