using System.Diagnostics;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Reproducibility;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// <c>reproduce --exact</c>: runs a Q5.3 or Q5.4 section the way the documents' notebook ran it in PyTorch, drawing from
/// one generator in PyTorch's order: <c>torch.manual_seed(42)</c>; for Q5.4 the 256-image <c>DataLoader</c> batch and
/// the four statistics models of part 1; then per initialization, in the documents' order, the model (<c>nn.Linear</c>'s
/// own initialization, then <c>initialize_weights</c>: <see cref="PyTorchStream.CreateMlp"/>) and ten epochs of
/// <c>DataLoader(shuffle=True)</c> batches (<see cref="BatchOrder.PyTorchDataLoader"/>). The test set is evaluated in
/// batches of 256, in order, as the documents do. The notebook (Kaiming vs N(0, 0.001)) is not covered: the documents
/// print no number to compare it against.
/// </summary>
public static class ExactReproduction
{
    /// <summary>The documents' <c>set_seed(42)</c>.</summary>
    public const long Seed = 42;

    /// <summary>The documents' test loader batch size.</summary>
    public const int TestBatchSize = 256;

    /// <summary>How the generator is used, recorded in the results in place of the usual seed derivation.</summary>
    public const string StreamDescription =
        "PyTorch 1.13 order: one generator seeded 42 (torch.manual_seed); [Q5.4: one DataLoader batch of 256 + 4 statistics models]; " +
        "per initialization: nn.Linear default init, initialize_weights, then per epoch DataLoader(shuffle=True) draws (base seed, sampler seed, randperm)";

    /// <summary>Whether <paramref name="planned"/> has an exact mode (Q5.3 and Q5.4).</summary>
    public static bool Covers(PlannedExperiment planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return planned.Section is "Q5.3" or "Q5.4";
    }

    /// <summary>
    /// What the section's notebook draws before its training loop: nothing for Q5.3; for Q5.4, <c>next(iter(batch_256_loader))</c>
    /// (a <see cref="PyTorchStream.DataLoaderShuffle"/>) and four untrained models, one per method (part 1's statistics).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="planned"/> is not covered (<see cref="Covers"/>).</exception>
    public static void DrawPreamble(PlannedExperiment planned, long trainCount, Generator stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!Covers(planned))
        {
            throw new ArgumentException($"--exact covers Q5.3 and Q5.4; got section '{planned.Section}' ({planned.Id})", nameof(planned));
        }

        if (planned.Section == "Q5.4")
        {
            PyTorchStream.DataLoaderShuffle(trainCount, stream).Dispose();
            foreach (var scheme in planned.Schemes)
            {
                PyTorchStream.CreateMlp(planned.Model, scheme, stream).Dispose();
            }
        }
    }

    /// <summary>Runs <paramref name="planned"/> exactly (see the class summary); one run per scheme, all with seed 42.</summary>
    /// <exception cref="ArgumentException"><paramref name="planned"/> is not covered (<see cref="Covers"/>).</exception>
    public static ExperimentResult Run(PlannedExperiment planned, TrainTestData data, ProbeOptions probes, int threads,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(probes);
        set_num_threads(threads);
        var training = new TrainingOptions(planned.Epochs, ReproducePlan.BatchSize, OptimizerSpec.Sgd(ReproducePlan.LearningRate),
            EvaluationBatchSize: TestBatchSize, TestEveryEpoch: false);
        using var stream = new Generator((ulong)Seed);
        DrawPreamble(planned, data.Train.Count, stream);
        var order = BatchOrder.PyTorchDataLoader(stream);
        using var train = DataSubset.All(data.Train);
        using var test = DataSubset.All(data.Test);
        var runs = new List<RunResult>();
        SchemeDescription[] descriptions;
        using (var unused = new Generator(0))
        using (var layout = Mlp.Create(planned.Model, planned.Schemes[0], unused))
        {
            // the descriptions need the module's structure only; its own generator leaves the exact stream untouched
            descriptions = [.. planned.Schemes.Select(s => s.Describe(layout))];
        }

        foreach (var scheme in planned.Schemes)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                runs.Add(new RunResult(scheme.Name, Seed, RunStatus.Cancelled, null, [], [], null, [], null, null, null, 0));
                continue;
            }

            var clock = Stopwatch.StartNew();
            using var model = PyTorchStream.CreateMlp(planned.Model, scheme, stream);
            var activations = probes.ActivationBatchSize > 0 ? Activations(model, data.Train, probes) : null;
            var outcome = new Trainer(training).Train(model, train, null, test, order, $"{scheme.Name} exact", progress, cancellationToken);
            runs.Add(new RunResult(scheme.Name, Seed, outcome.Status, outcome.DivergedAtStep, outcome.Epochs, outcome.MinibatchLosses,
                activations, outcome.Probes, null, null, null, clock.Elapsed.TotalSeconds));
        }

        var settings = new ExperimentSettings(planned.Id, data.Train.Name, data.Train.Count, 0, data.Test.Name, data.Test.Count, planned.Model,
            descriptions, training, [Seed], probes, threads, StreamDescription);
        return ExperimentResult.Create(settings, runs);
    }

    /// <summary>Activation statistics on the batch the engine would probe with (its own generator: the exact stream is untouched).</summary>
    private static IReadOnlyList<LayerActivationStats> Activations(Mlp model, LabeledDataset train, ProbeOptions probes)
    {
        using var scope = NewDisposeScope();
        using var generator = SeedDerivation.CreateGenerator(Seed, RandomStream.Probe);
        return ActivationProbe.Measure(model, train.SampleRows(probes.ActivationBatchSize, generator).Features, probes.ActivationHistogramBins);
    }
}
