using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>
/// Counts of values in <see cref="Counts"/>.Count equal-width bins over <c>[Min, Max]</c> (the last bin closed),
/// plus the values below and above the range, so no value is lost.
/// </summary>
/// <param name="Min">Lower edge of the first bin.</param>
/// <param name="Max">Upper edge of the last bin.</param>
/// <param name="Counts">Count per bin.</param>
/// <param name="Underflow">Values &lt; Min.</param>
/// <param name="Overflow">Values &gt; Max.</param>
public sealed record Histogram(double Min, double Max, IReadOnlyList<long> Counts, long Underflow, long Overflow)
{
    /// <summary>Width of a bin.</summary>
    public double BinWidth => (Max - Min) / Counts.Count;

    /// <summary>All values counted, in range or not.</summary>
    public long Total => Counts.Sum() + Underflow + Overflow;

    /// <summary>Counts <paramref name="values"/> (any shape) into <paramref name="bins"/> bins over [<paramref name="min"/>, <paramref name="max"/>]. NaNs are not counted.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> &lt; 1 or the range is empty or not finite.</exception>
    public static Histogram Of(Tensor values, int bins, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"a histogram range needs finite min < max; got [{min}, {max}]");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = values.detach().flatten().to_type(ScalarType.Float64);
        long under = flat.lt(min).sum().item<long>();
        long over = flat.gt(max).sum().item<long>();
        var inRange = flat.masked_select(flat.ge(min).logical_and(flat.le(max)));
        var index = inRange.sub(min).div(max - min).mul(bins).floor().clamp(0, bins - 1).to_type(ScalarType.Int64);
        var counts = index.bincount(null, bins).data<long>().ToArray();
        return new Histogram(min, max, counts, under, over);
    }

    /// <inheritdoc/>
    public bool Equals(Histogram? other) =>
        other is not null && Min.Equals(other.Min) && Max.Equals(other.Max) && Underflow == other.Underflow &&
        Overflow == other.Overflow && Counts.SequenceEqual(other.Counts);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Min, Max, Underflow, Overflow, Counts.Count);
}
