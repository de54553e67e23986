using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>
/// Where the training inputs are zero, so that a direct SGD step can skip the first layer's work on them exactly.
/// <para>
/// The input columns are ordered by how many training rows have a non-zero value there (most first). For each row,
/// <see cref="UsedPrefix"/> is the length of the shortest prefix of that order holding all of the row's non-zeros.
/// A batch then needs only the first <c>max(UsedPrefix)</c> columns: every later column is zero in every row of the
/// batch, so it adds nothing to <c>x·W₁ᵀ</c> and its weight gradient <c>gᵀ·x</c> is exactly zero — with plain SGD (no
/// momentum, no weight decay) those weights would not move at all. On MNIST ([0, 1] pixels, 81 % zeros) a batch of
/// 128 needs ~634 of 784 columns on average.
/// </para>
/// </summary>
internal sealed class InputColumnProfile : IDisposable
{
    /// <summary>Below this expected share of columns per batch the pruning pays for its gather (measured on MNIST).</summary>
    public const double WorthwhileFraction = 0.9;

    private const long ChunkRows = 1024;

    private const long OrderSampleRows = 16384;

    private InputColumnProfile(Tensor order, Tensor inverse, int[] usedPrefix, double expectedFraction)
    {
        Order = order;
        Inverse = inverse;
        UsedPrefix = usedPrefix;
        ExpectedFraction = expectedFraction;
    }

    /// <summary>int64 <c>[D]</c>: column indices, most often non-zero first.</summary>
    public Tensor Order { get; }

    /// <summary>int64 <c>[D]</c>: the inverse permutation of <see cref="Order"/>.</summary>
    public Tensor Inverse { get; }

    /// <summary>Per row of the subset (its own positions, not the data set's): columns of <see cref="Order"/> it needs.</summary>
    public int[] UsedPrefix { get; }

    /// <summary>Mean over consecutive batches of the subset of (columns needed / D).</summary>
    public double ExpectedFraction { get; }

    /// <summary>Columns the rows at <paramref name="positions"/> need together (at least 1).</summary>
    public int ColumnsFor(ReadOnlySpan<long> positions)
    {
        int needed = 1;
        foreach (long p in positions)
        {
            needed = Math.Max(needed, UsedPrefix[p]);
        }

        return needed;
    }

    /// <summary>
    /// Profiles <paramref name="train"/>; returns <see langword="null"/> when batches of <paramref name="batchSize"/>
    /// would need more than <see cref="WorthwhileFraction"/> of the columns (dense inputs).
    /// </summary>
    public static InputColumnProfile? TryCreate(DataSubset train, int batchSize)
    {
        var features = train.Data.Features;
        long rows = train.Count;
        long columns = features.shape[1];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // The order only affects speed, never results, so the first rows are enough to rank the columns. Chunks keep
        // the transient tensors small (two training runs may profile at once).
        var counts = zeros(columns, ScalarType.Int64);
        for (long start = 0; start < Math.Min(OrderSampleRows, rows); start += ChunkRows)
        {
            using var chunkScope = NewDisposeScope();
            counts.add_(Chunk(train, start, Math.Min(ChunkRows, rows - start)).ne(0).sum(0L, type: ScalarType.Int64));
        }

        var order = counts.neg().sort(0, false, true).Indices;
        var inverse = order.sort(0, false, true).Indices;
        var rank = inverse.add(1).to_type(ScalarType.Float32);
        var usedPrefix = new int[rows];
        for (long start = 0; start < rows; start += ChunkRows)
        {
            using var chunkScope = NewDisposeScope();
            long length = Math.Min(ChunkRows, rows - start);
            var last = Chunk(train, start, length).ne(0).mul(rank).amax(1);
            Array.Copy(last.to_type(ScalarType.Int32).data<int>().ToArray(), 0, usedPrefix, start, length);
        }

        double sum = 0;
        int batches = 0;
        for (long start = 0; start < rows; start += batchSize)
        {
            int needed = 1;
            for (long r = start; r < Math.Min(rows, start + batchSize); r++)
            {
                needed = Math.Max(needed, usedPrefix[r]);
            }

            sum += (double)needed / columns;
            batches++;
        }

        double fraction = batches == 0 ? 1 : sum / batches;
        if (fraction > WorthwhileFraction)
        {
            return null;
        }

        return new InputColumnProfile(order.DetachFromDisposeScope(), inverse.DetachFromDisposeScope(), usedPrefix, fraction);
    }

    /// <summary>Frees the permutations.</summary>
    public void Dispose()
    {
        Order.Dispose();
        Inverse.Dispose();
    }

    private static Tensor Chunk(DataSubset train, long start, long length) => train.Gather(null, start, length).X;
}
