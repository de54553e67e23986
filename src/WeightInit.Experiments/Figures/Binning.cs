namespace WeightInit.Experiments.Figures;

/// <summary>Pure helpers that turn raw series into what is plotted; kept separate so tests can check them exactly.</summary>
public static class Binning
{
    /// <summary>
    /// Trailing running average: <c>avg[i] = mean(values[max(0, i−window+1) … i])</c>, so the first points
    /// average what exists so far (no lag padding, no look-ahead).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> &lt; 1.</exception>
    public static double[] RunningAverage(IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (window < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"the running-average window must be ≥ 1; got {window}.");
        }

        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }

            result[i] = sum / Math.Min(i + 1, window);
        }

        return result;
    }

    /// <summary>
    /// <paramref name="bins"/> equal-width bins spanning [min, max] of all <paramref name="samples"/> together
    /// (so histograms drawn on top of each other share edges). A constant input (all-zero weights) gets the
    /// range [v − 0.5, v + 0.5].
    /// </summary>
    /// <returns><c>bins + 1</c> ascending edges.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> &lt; 1.</exception>
    /// <exception cref="ArgumentException">No finite value in any sample.</exception>
    public static double[] SharedEdges(int bins, params IReadOnlyList<double>[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, $"a histogram needs ≥ 1 bin; got {bins}.");
        }

        var finite = samples.SelectMany(s => s).Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            throw new ArgumentException("cannot bin: no finite value among the samples.", nameof(samples));
        }

        double lo = finite.Min(), hi = finite.Max();
        if (lo == hi)
        {
            lo -= 0.5;
            hi += 0.5;
        }

        return Enumerable.Range(0, bins + 1).Select(i => i == bins ? hi : lo + ((hi - lo) * i / bins)).ToArray();
    }

    /// <summary>Counts of <paramref name="values"/> per bin; the last bin includes its right edge; values outside or non-finite are not counted.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 edges.</exception>
    public static int[] Counts(IReadOnlyList<double> values, IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count < 2)
        {
            throw new ArgumentException($"need ≥ 2 bin edges; got {edges.Count}.", nameof(edges));
        }

        int bins = edges.Count - 1;
        var counts = new int[bins];
        double lo = edges[0], hi = edges[bins], width = (hi - lo) / bins;
        foreach (double v in values)
        {
            if (!(v >= lo && v <= hi))
            {
                continue;
            }

            int bin = Math.Min(bins - 1, (int)((v - lo) / width));
            // Guard against rounding putting a value just below an edge into the next bin.
            while (bin > 0 && v < edges[bin])
            {
                bin--;
            }

            while (bin < bins - 1 && v >= edges[bin + 1])
            {
                bin++;
            }

            counts[bin]++;
        }

        return counts;
    }
}
