namespace WeightInit.Experiments.Gallery;

/// <summary>
/// Pearson's χ² test of a sample against an <see cref="AnalyticDistribution"/>, with no parameter estimated from the
/// sample. Bins: one per atom (values exactly equal to it in float32), then for the continuous part
/// <see cref="FineBins"/> equal-width bins over <see cref="ContinuousDensity.Range"/> plus the two tails, adjacent bins
/// merged until each expects at least 5 values (the usual validity rule). A value in no bin with positive probability
/// (e.g. a constant initializer that wrote another constant) makes χ² infinite.
/// </summary>
internal static class GoodnessOfFit
{
    /// <summary>Equal-width bins over the plotted range, before merging.</summary>
    public const int FineBins = 40;

    /// <summary>The significance level the gallery and the tests use: a correct initializer fails one seed in a thousand.</summary>
    public const double Alpha = 1e-3;

    /// <summary>The standard normal quantile of 1 − <see cref="Alpha"/>.</summary>
    private const double ZAlpha = 3.090232306167813;

    /// <summary>Runs the test.</summary>
    /// <exception cref="ArgumentException"><paramref name="sample"/> is empty.</exception>
    public static ChiSquareResult Test(IReadOnlyList<float> sample, AnalyticDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(distribution);
        if (sample.Count == 0)
        {
            throw new ArgumentException("a goodness-of-fit test needs at least one value; got an empty sample", nameof(sample));
        }

        int n = sample.Count;
        var observed = new List<double>();
        var expected = new List<double>();
        var atomValues = distribution.Atoms.Select(a => (float)a.Value).ToArray();
        foreach (var atom in distribution.Atoms)
        {
            observed.Add(sample.Count(v => v == (float)atom.Value));
            expected.Add(n * atom.Mass);
        }

        var rest = sample.Where(v => !atomValues.Contains(v)).ToArray();
        if (distribution.Continuous is { } density)
        {
            var (edges, counts) = Histogram(rest, density.Range, FineBins, tails: true);
            for (int i = 0; i < counts.Length; i++)
            {
                observed.Add(counts[i]);
                expected.Add(n * distribution.ContinuousMass * (density.Cdf(edges[i + 1]) - density.Cdf(edges[i])));
            }
        }
        else if (rest.Length > 0)
        {
            return new ChiSquareResult(double.PositiveInfinity, Math.Max(observed.Count - 1, 0), Critical(Math.Max(observed.Count - 1, 1)), n);
        }

        var (o, e) = Merge(observed, expected);
        double chi = 0;
        for (int i = 0; i < o.Count; i++)
        {
            chi += e[i] > 0 ? (o[i] - e[i]) * (o[i] - e[i]) / e[i] : (o[i] > 0 ? double.PositiveInfinity : 0);
        }

        int df = Math.Max(o.Count - 1, 0);
        return new ChiSquareResult(chi, df, df == 0 ? 0 : Critical(df), n);
    }

    /// <summary>
    /// Counts of <paramref name="values"/> in <paramref name="bins"/> equal-width bins over <paramref name="range"/>;
    /// with <paramref name="tails"/>, one more bin on each side for (−∞, low) and (high, ∞).
    /// </summary>
    public static (double[] Edges, long[] Counts) Histogram(IReadOnlyList<float> values, (double Low, double High) range, int bins, bool tails)
    {
        double width = (range.High - range.Low) / bins;
        var inner = Enumerable.Range(0, bins + 1).Select(i => range.Low + (i * width)).ToArray();
        inner[^1] = range.High;
        double[] edges = tails ? [double.NegativeInfinity, .. inner, double.PositiveInfinity] : inner;
        var counts = new long[edges.Length - 1];
        int offset = tails ? 1 : 0;
        foreach (float v in values)
        {
            int index = v < range.Low ? -1 : v >= range.High ? (v == range.High ? bins - 1 : bins) : (int)Math.Min(Math.Floor((v - range.Low) / width), bins - 1);
            if (index >= 0 && index < bins)
            {
                counts[index + offset]++;
            }
            else if (tails)
            {
                counts[index < 0 ? 0 : counts.Length - 1]++;
            }
        }

        return (edges, counts);
    }

    /// <summary>
    /// The χ² critical value at <see cref="Alpha"/> for <paramref name="df"/> degrees of freedom, by the Wilson–Hilferty
    /// approximation <c>df · (1 − 2/(9df) + z·√(2/(9df)))³</c> (within 1 % of the exact quantile for df ≥ 3).
    /// </summary>
    public static double Critical(int df)
    {
        double k = 2.0 / (9.0 * df);
        return df * Math.Pow(1 - k + (ZAlpha * Math.Sqrt(k)), 3);
    }

    /// <summary>Merges each bin expecting fewer than 5 values into its neighbour (forward, then the last backward).</summary>
    private static (List<double> Observed, List<double> Expected) Merge(List<double> observed, List<double> expected)
    {
        var o = new List<double>();
        var e = new List<double>();
        double po = 0, pe = 0;
        for (int i = 0; i < observed.Count; i++)
        {
            po += observed[i];
            pe += expected[i];
            if (pe >= 5)
            {
                o.Add(po);
                e.Add(pe);
                po = pe = 0;
            }
        }

        if (pe > 0 || po > 0)
        {
            if (e.Count == 0)
            {
                o.Add(po);
                e.Add(pe);
            }
            else
            {
                o[^1] += po;
                e[^1] += pe;
            }
        }

        return (o, e);
    }
}

/// <summary>The outcome of <see cref="GoodnessOfFit.Test"/>.</summary>
/// <param name="Statistic">Pearson's χ².</param>
/// <param name="DegreesOfFreedom">Bins after merging, minus one.</param>
/// <param name="Critical">The critical value at <see cref="GoodnessOfFit.Alpha"/> (0 when there is a single bin).</param>
/// <param name="SampleSize">How many values were tested.</param>
internal sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double Critical, int SampleSize)
{
    /// <summary>Whether the sample is consistent with the distribution: χ² ≤ critical.</summary>
    public bool Passes => Statistic <= Critical;
}
