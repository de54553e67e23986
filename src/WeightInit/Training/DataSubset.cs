using WeightInit.Data;
using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>
/// A view of some rows of a <see cref="LabeledDataset"/>: the whole set, or the rows listed in an int64 index tensor.
/// Nothing is copied: batches are gathered with <c>index_select</c> from the resident tensors. Does not own the
/// dataset; owns <see cref="Indices"/> only if it created them (see <see cref="Split"/>).
/// </summary>
public sealed class DataSubset : IDisposable
{
    private readonly bool _ownsIndices;

    private DataSubset(LabeledDataset data, Tensor? indices, bool ownsIndices)
    {
        Data = data;
        Indices = indices;
        _ownsIndices = ownsIndices;
    }

    /// <summary>The underlying data set.</summary>
    public LabeledDataset Data { get; }

    /// <summary>Row indices (int64), or <see langword="null"/> for every row in order.</summary>
    public Tensor? Indices { get; }

    /// <summary>Number of rows.</summary>
    public long Count => Indices?.shape[0] ?? Data.Count;

    /// <summary>Every row of <paramref name="data"/>.</summary>
    public static DataSubset All(LabeledDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new DataSubset(data, null, false);
    }

    /// <summary>
    /// Splits <paramref name="data"/> at random into a training and a validation part: a permutation
    /// <c>randperm(N, generator)</c>; its first <c>round(N · validationFraction)</c> entries are the validation rows,
    /// the rest the training rows (the documents' <c>SubsetRandomSampler</c> split, 10 %).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is outside [0, 1) or leaves no training row.</exception>
    public static (DataSubset Train, DataSubset Validation) Split(LabeledDataset data, double validationFraction, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(generator);
        long validation = ValidationCount(data.Count, validationFraction);
        using var scope = NewDisposeScope();
        var order = randperm(data.Count, generator: generator);
        var valIdx = order.narrow(0, 0, validation).clone().DetachFromDisposeScope();
        var trainIdx = order.narrow(0, validation, data.Count - validation).clone().DetachFromDisposeScope();
        return (new DataSubset(data, trainIdx, true), new DataSubset(data, valIdx, true));
    }

    /// <summary>Rows that <see cref="Split"/> puts in validation: <c>round(N · fraction)</c> (midpoint away from zero).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside [0, 1) or leaves no training row.</exception>
    public static long ValidationCount(long count, double validationFraction)
    {
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, $"the validation fraction must be in [0, 1); got {validationFraction}");
        }

        long validation = (long)Math.Round(count * validationFraction, MidpointRounding.AwayFromZero);
        if (validation >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, $"a validation fraction of {validationFraction} leaves no training example out of {count}");
        }

        return validation;
    }

    /// <summary>Features and labels of the rows at positions <paramref name="positions"/> of this view (or of <c>[start, start+length)</c> when null).</summary>
    internal (Tensor X, Tensor Y) Gather(Tensor? positions, long start, long length)
    {
        if (positions is null && Indices is null)
        {
            return (Data.Features.narrow(0, start, length), Data.Labels.narrow(0, start, length));
        }

        var rows = positions is null ? Indices!.narrow(0, start, length)
            : Indices is null ? positions.narrow(0, start, length)
            : Indices.index_select(0, positions.narrow(0, start, length));
        return (Data.Features.index_select(0, rows), Data.Labels.index_select(0, rows));
    }

    /// <summary>Frees the index tensor if this view created it.</summary>
    public void Dispose()
    {
        if (_ownsIndices)
        {
            Indices?.Dispose();
        }
    }
}
