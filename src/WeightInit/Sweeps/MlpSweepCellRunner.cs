using System.Diagnostics;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Sweeps;

/// <summary>
/// Runs one cell of an MLP sweep (what <c>weightinit sweep</c> and its shards run; pass <see cref="RunAsync"/> to
/// <see cref="SweepStore.RunShardAsync"/>): builds an MLP of <see cref="SweepCell.Depth"/> hidden layers of
/// <see cref="SweepCell.Width"/> units with <see cref="SweepCell.Activation"/> (<see cref="Activation.Parse"/>), initializes it
/// with <see cref="SweepCell.Initializer"/> (<see cref="DocumentMethods.Scheme"/>, so the documents' four methods keep their
/// layout), measures each hidden layer's activation std on a 256-image probe batch, then trains it for
/// <paramref name="epochs"/> epochs (SGD lr 0.1, batch 128) and records the final metrics.
/// </summary>
/// <param name="train">Training images (the probe batch comes from them too).</param>
/// <param name="test">Test images.</param>
/// <param name="epochs">Training epochs per cell; 0 measures the initialization only.</param>
/// <remarks>
/// Every draw comes from generators derived from the cell's seed (<see cref="SeedDerivation"/>): the same cell gives the
/// same result in any shard, process or order.
/// </remarks>
public sealed class MlpSweepCellRunner(LabeledDataset train, LabeledDataset test, int epochs)
{
    /// <summary>Rows in the probe batch of the activation statistics.</summary>
    public const int ProbeBatch = 256;

    /// <summary>
    /// Trains one cell's model: an experiment of one run (the cell's seed, no probes, no validation split) whose final metrics
    /// go into <paramref name="metrics"/>. Shared by every sweep-shaped study so their cells train the same way.
    /// </summary>
    /// <returns>Whether the run diverged (a non-finite loss).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled.</exception>
    public static async Task<bool> TrainAsync(SweepCell cell, MlpSpec spec, InitializationScheme scheme, LabeledDataset train, LabeledDataset test,
        TrainingOptions training, IDictionary<string, double> metrics, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(metrics);
        var result = await new ExperimentBuilder()
            .WithName(cell.Key).WithTrainingData(train, 0).WithTestData(test).WithModel(spec)
            .WithInitialization(scheme).WithTraining(training)
            .WithSeeds(cell.Seed).WithProbes(ProbeOptions.None)
            .Build().RunAsync(null, token).ConfigureAwait(false);
        token.ThrowIfCancellationRequested();
        var run = result.Runs[0];
        foreach (var (name, value) in run.FinalMetrics())
        {
            metrics[name] = value;
        }

        return run.Status == RunStatus.Diverged;
    }

    /// <summary>Runs <paramref name="cell"/>.</summary>
    /// <exception cref="ArgumentException">The cell's activation or initializer does not parse.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled.</exception>
    public async Task<SweepCellResult> RunAsync(SweepCell cell, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var clock = Stopwatch.StartNew();
        var spec = new MlpSpec((int)train.FeatureCount, MlpSpec.Hidden(cell.Width, cell.Depth), train.Classes, Activation.Parse(cell.Activation));
        var scheme = DocumentMethods.Scheme(cell.Initializer);
        IReadOnlyList<double> stds;
        using (var scope = NewDisposeScope())
        {
            using var init = SeedDerivation.CreateGenerator(cell.Seed, RandomStream.Initialization);
            using var probe = SeedDerivation.CreateGenerator(cell.Seed, RandomStream.Probe);
            using var model = Mlp.Create(spec, scheme, init);
            stds = ActivationProbe.Measure(model, train.SampleRows(ProbeBatch, probe).Features).Select(l => l.Std).ToArray();
        }

        var metrics = new SortedDictionary<string, double>();
        bool diverged = epochs > 0 && await TrainAsync(cell, spec, scheme, train, test, new TrainingOptions(epochs, 128, OptimizerSpec.Sgd(0.1)), metrics, token).ConfigureAwait(false);
        return new SweepCellResult(cell, metrics, stds, diverged, clock.Elapsed.TotalSeconds);
    }
}
