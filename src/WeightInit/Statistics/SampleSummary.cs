namespace WeightInit.Statistics;

/// <summary>
/// Mean, sample standard deviation and two-sided Student-t confidence interval of a few values (one per seed):
/// <c>mean ± t_{(1+level)/2, n−1} · s / √n</c>. With one value the spread and interval are undefined (null).
/// </summary>
/// <param name="Count">Number of values n.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="StandardDeviation">Sample std <c>s</c> (n − 1 denominator); null when n &lt; 2.</param>
/// <param name="ConfidenceLow">Lower end of the interval; null when n &lt; 2.</param>
/// <param name="ConfidenceHigh">Upper end; null when n &lt; 2.</param>
/// <param name="ConfidenceLevel">Coverage of the interval (0.95 by default).</param>
public sealed record SampleSummary(int Count, double Mean, double? StandardDeviation, double? ConfidenceLow, double? ConfidenceHigh, double ConfidenceLevel)
{
    /// <summary>Summarizes <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is outside (0, 1).</exception>
    public static SampleSummary Of(IReadOnlyList<double> values, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("cannot summarize an empty sample; got 0 values", nameof(values));
        }

        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, $"the confidence level must be in (0, 1); got {confidenceLevel}");
        }

        int n = values.Count;
        double mean = values.Average();
        if (n < 2)
        {
            return new SampleSummary(n, mean, null, null, null, confidenceLevel);
        }

        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        double half = StudentT.Quantile((1 + confidenceLevel) / 2, n - 1) * sd / Math.Sqrt(n);
        return new SampleSummary(n, mean, sd, mean - half, mean + half, confidenceLevel);
    }
}
