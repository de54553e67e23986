using WeightInit.Reproducibility;
using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>
/// The order in which a <see cref="Trainer"/> visits the training rows: one permutation per epoch, drawn when the epoch
/// starts. The order does not own its generator (the caller disposes it after training).
/// </summary>
public abstract class BatchOrder
{
    /// <summary>Short description for logs and results.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// <c>randperm(n, generator)</c> each epoch: one permutation straight from <paramref name="generator"/> (the
    /// library's default order; the generator serves only this purpose).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    public static BatchOrder Randperm(Generator generator) => new RandpermOrder(generator);

    /// <summary>
    /// The order of PyTorch 1.13's <c>DataLoader(dataset, shuffle=True)</c> iterated once per epoch, with
    /// <paramref name="defaultGenerator"/> standing for torch's default generator: each epoch draws the iterator's
    /// base seed, then the <c>RandomSampler</c>'s seed, and takes <c>randperm(n)</c> from a fresh generator seeded with
    /// the latter (<see cref="PyTorchStream.DataLoaderShuffle"/>). Other draws on the same generator between epochs
    /// (model construction, other loaders) interleave exactly as they would in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="defaultGenerator"/> is null.</exception>
    public static BatchOrder PyTorchDataLoader(Generator defaultGenerator) => new DataLoaderOrder(defaultGenerator);

    /// <summary>The permutation of <c>0 … count−1</c> (int64) for the next epoch; the caller owns (disposes) it.</summary>
    /// <param name="count">Number of training rows (positive).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public Tensor NextEpoch(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return Draw(count);
    }

    /// <summary>Draws the permutation; <paramref name="count"/> is positive.</summary>
    protected abstract Tensor Draw(long count);

    private sealed class RandpermOrder(Generator generator) : BatchOrder
    {
        private readonly Generator _generator = generator ?? throw new ArgumentNullException(nameof(generator));

        public override string Name => "randperm";

        protected override Tensor Draw(long count) => randperm(count, generator: _generator);
    }

    private sealed class DataLoaderOrder(Generator generator) : BatchOrder
    {
        private readonly Generator _generator = generator ?? throw new ArgumentNullException(nameof(generator));

        public override string Name => "pytorch-1.13-dataloader";

        protected override Tensor Draw(long count) => PyTorchStream.DataLoaderShuffle(count, _generator);
    }
}
