using System.Globalization;
using WeightInit.Statistics;

namespace WeightInit.Experimenting;

/// <summary>
/// CSV views of an <see cref="ExperimentResult"/> (RFC 4180, comma separated, invariant culture, doubles in
/// shortest round-trip form, empty cells for missing values).
/// </summary>
public static class ResultCsv
{
    /// <summary>One row per (run, epoch): <c>initialization,seed,status,epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,seconds</c>.</summary>
    public static void WriteEpochs(ExperimentResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("initialization,seed,status,epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,seconds\n");
        foreach (var run in result.Runs)
        {
            foreach (var e in run.Epochs)
            {
                WriteRow(writer, Quote(run.Initialization), F(run.Seed), run.Status.ToString(), F(e.Epoch), F(e.TrainLoss), F(e.TrainAccuracy),
                    F(e.ValidationLoss), F(e.ValidationAccuracy), F(e.TestLoss), F(e.TestAccuracy), F(e.Seconds));
            }
        }
    }

    /// <summary>One row per (run, step): <c>initialization,seed,step,loss</c>.</summary>
    public static void WriteMinibatchLosses(ExperimentResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("initialization,seed,step,loss\n");
        foreach (var run in result.Runs)
        {
            for (int i = 0; i < run.MinibatchLosses.Count; i++)
            {
                WriteRow(writer, Quote(run.Initialization), F(run.Seed), F(i + 1), F(run.MinibatchLosses[i]));
            }
        }
    }

    /// <summary>One row per (scheme, metric), then per (pair, metric): <c>initialization,baseline,metric,n,mean,std,ci_low,ci_high</c> (baseline empty for plain summaries).</summary>
    public static void WriteSummary(ExperimentResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("initialization,baseline,metric,n,mean,std,ci_low,ci_high\n");
        foreach (var s in result.Summaries)
        {
            foreach (var m in s.Metrics)
            {
                WriteSummaryRow(writer, s.Initialization, "", m.Metric, m.Summary);
            }
        }

        foreach (var p in result.PairedDifferences)
        {
            WriteSummaryRow(writer, p.Initialization, p.Baseline, p.Metric, p.Difference);
        }
    }

    /// <summary>Writes <see cref="WriteEpochs"/> to a string.</summary>
    public static string Epochs(ExperimentResult result)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteEpochs(result, writer);
        return writer.ToString();
    }

    /// <summary>Writes <see cref="WriteSummary"/> to a string.</summary>
    public static string Summary(ExperimentResult result)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteSummary(result, writer);
        return writer.ToString();
    }

    private static void WriteSummaryRow(TextWriter writer, string scheme, string baseline, string metric, SampleSummary s) =>
        WriteRow(writer, Quote(scheme), Quote(baseline), metric, F(s.Count), F(s.Mean), F(s.StandardDeviation), F(s.ConfidenceLow), F(s.ConfidenceHigh));

    private static void WriteRow(TextWriter writer, params string[] cells) => writer.Write(string.Join(",", cells) + "\n");

    private static string F(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string F(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
