using WeightInit.Data;
using WeightInit.Models;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.TestDoubles;

/// <summary>
/// Trains a small MLP on a 90/10 split of <paramref name="data"/> the way the engine tests do: initial weights from
/// generator <c>seed</c>, batch order from <c>seed + 1000</c>, the split from generator 5.
/// </summary>
internal static class TinyTraining
{
    /// <param name="data">Rows to split and train on.</param>
    /// <param name="spec">The model.</param>
    /// <param name="scheme">Its initialization.</param>
    /// <param name="options">Training options.</param>
    /// <param name="probeEvery">Gradient probe interval (0 = none).</param>
    /// <param name="progress">Progress receiver.</param>
    /// <param name="token">Cancellation.</param>
    /// <param name="inspect">Sees the model after training, also when training threw.</param>
    /// <param name="seed">Initialization seed.</param>
    public static TrainingOutcome Run(LabeledDataset data, MlpSpec spec, InitializationScheme scheme, TrainingOptions options, int probeEvery = 0,
        IProgress<TrainingProgress>? progress = null, CancellationToken token = default, Action<Mlp>? inspect = null, long seed = 3)
    {
        using var init = new Generator((ulong)seed);
        using var shuffle = new Generator((ulong)seed + 1000);
        using var split = new Generator(5);
        var (train, validation) = DataSubset.Split(data, 0.1, split);
        using (train)
        using (validation)
        using (var model = Mlp.Create(spec, scheme, init))
        {
            try
            {
                return new Trainer(options, probeEvery).Train(model, train, validation, null, shuffle, "test", progress, token);
            }
            finally
            {
                inspect?.Invoke(model);
            }
        }
    }
}
