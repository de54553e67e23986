using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Experiments.Reproduction;
using WeightInit.Models;

namespace WeightInit.IntegrationTests.Fixtures;

/// <summary>
/// Q5.3 run once as <c>reproduce --exact</c> runs it (<see cref="ExactReproduction"/>: seed 42, PyTorch's draw order, the
/// full MNIST split, 4 initializations × 10 epochs, one thread), shared by every assertion about it. It starts when a
/// test first asks for it and uses <see cref="DocumentRuns"/>' MNIST.
/// </summary>
internal static class ExactQ53Run
{
    private static readonly Lock Gate = new();
    private static Task<ExperimentResult>? s_run;

    /// <summary>The plan entry <c>reproduce</c> uses for Q5.3 ([0, 1] inputs, the documents' four methods, 10 epochs).</summary>
    public static PlannedExperiment Planned { get; } = new("q53-tanh-unit", "Q5.3 Tanh training, inputs in [0, 1]", "Q5.3", MlpSpec.Deep256(Activation.Tanh),
        ReproducePlan.DocumentSchemes(), 10, 0, PixelScaling.UnitInterval, WeightHistograms: false);

    /// <summary>The run's result (trained on first request).</summary>
    public static Task<ExperimentResult> GetAsync(DocumentRuns runs)
    {
        lock (Gate)
        {
            return s_run ??= Task.Run(() =>
            {
                TorchThreads.UseOne();
                return ExactReproduction.Run(Planned, runs.Data, ProbeOptions.None, threads: 1);
            });
        }
    }
}
