using System.Globalization;
using System.Text;
using WeightInit.Experiments.Reporting;

namespace WeightInit.Experiments.Studies;

/// <summary>
/// The depth study's findings in words, every number and every verdict computed from the result: at which depth each
/// initializer stops training, whether the Tanh Xavier-vs-He gap at the shallowest depth is inside the seed-to-seed spread,
/// and how far ReLU-He's initial std strays from the flat mean-field prediction. A one-seed gap is never called a finding.
/// </summary>
internal static class DepthStudyParagraph
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly NumberFormat Pct = NumberFormat.FixedDecimals(2);
    private static readonly NumberFormat Sig3 = NumberFormat.SignificantFigures(3);

    /// <summary>The paragraph for <paramref name="result"/>.</summary>
    public static string Write(DepthStudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var d = result.Definition;
        var sb = new StringBuilder();
        sb.Append(Inv, $"A configuration *stops training* when its mean test accuracy over its seeds after {d.Epochs} epoch{(d.Epochs == 1 ? string.Empty : "s")} of SGD (lr {d.LearningRate}) is below {Pct.Format(result.StopThreshold * 100)} %, or when most of its seeds diverge (chance on MNIST is 11.35 %). ");
        foreach (string activation in d.Activations)
        {
            var parts = d.Initializers.Select(init => StopSentence(result, activation, init)).Where(s => s is not null).ToList();
            if (parts.Count > 0)
            {
                sb.Append(Inv, $"With {activation}: {string.Join("; ", parts)}. ");
            }
        }

        sb.Append(GapSentence(result, "tanh"));
        sb.Append(SpreadSentence(result));
        return sb.ToString().TrimEnd();
    }

    /// <summary>"he stops training at depth 20 (10.28 %)" or "xavier trains at every depth up to 30 (91.20 % at depth 30)".</summary>
    internal static string? StopSentence(DepthStudyResult result, string activation, string init)
    {
        var points = result.Points.Where(p => p.Activation == activation && p.Initializer == init).OrderBy(p => p.Depth).ToList();
        if (points.Count == 0)
        {
            return null;
        }

        var first = points.FirstOrDefault(p => p.StopsTraining);
        if (first is null)
        {
            var deepest = points[^1];
            return $"{init} trains at every depth up to {deepest.Depth} ({Acc(deepest)} at depth {deepest.Depth})";
        }

        string text = $"{init} stops training at depth {first.Depth} ({Acc(first)})";
        var recovers = points.Where(p => p.Depth > first.Depth && !p.StopsTraining).ToList();
        return recovers.Count == 0
            ? text
            : text + $", yet trains again at depth {string.Join(", ", recovers.Select(p => $"{p.Depth} ({Acc(p)})"))}";
    }

    /// <summary>Whether the Xavier − He gap of <paramref name="activation"/> at the shallowest depth is inside the seed-to-seed spread.</summary>
    internal static string GapSentence(DepthStudyResult result, string activation)
    {
        var gap = result.Gaps.Where(g => g.Activation == activation).OrderBy(g => g.Depth).FirstOrDefault();
        if (gap is null)
        {
            return string.Empty;
        }

        var diff = gap.Difference;
        string head = string.Create(Inv, $"At depth {gap.Depth} with {activation}, {gap.A} − {gap.B} is {Signed(diff.Mean)} points");
        if (diff.Count < 2)
        {
            return head + " from one seed: its seed-to-seed spread is unmeasured, so the gap is an observation, not a finding. ";
        }

        string spread = string.Create(Inv, $"seed-to-seed std {gap.A} {Pct.Format(gap.SpreadA ?? 0)}, {gap.B} {Pct.Format(gap.SpreadB ?? 0)} points");
        return head + string.Create(Inv, $" (95 % t-interval of the paired difference over {diff.Count} seeds [{Signed(diff.ConfidenceLow!.Value)}, {Signed(diff.ConfidenceHigh!.Value)}]; {spread}): ") +
            (gap.InsideSpread
                ? "the interval includes 0, so the difference is inside the seed-to-seed spread and decides nothing. "
                : "the interval excludes 0, so the difference is outside the seed-to-seed spread at this sample size. ");
    }

    /// <summary>ReLU-He's measured initial std spread beside the flat mean-field prediction, and how the spread changes with depth.</summary>
    internal static string SpreadSentence(DepthStudyResult result)
    {
        var rows = result.Spread.Where(s => s.Activation == "relu" && s.Initializer == "he").OrderBy(s => s.Depth).ToList();
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        sb.Append(Inv, $"Before training, ReLU-He's forward std at the last hidden layer over {rows[0].PerSeed.Count} initializations spans ");
        sb.Append(string.Join(", ", rows.Select(r => $"{Sig3.Format(r.Min)}–{Sig3.Format(r.Max)} at depth {r.Depth} (mean-field {Sig3.Format(r.MeanField)})")));
        sb.Append(". ");
        if (rows.Count > 1 && rows[0].PerSeed.Count > 1)
        {
            double cv0 = Cv(rows[0]), cv1 = Cv(rows[^1]);
            sb.Append(Inv, $"Its coefficient of variation {(cv1 > cv0 ? "grows" : "does not grow")} from {Pct.Format(cv0 * 100)} % at depth {rows[0].Depth} to {Pct.Format(cv1 * 100)} % at depth {rows[^1].Depth} at width {rows[0].Width}");
            sb.Append(cv1 > cv0
                ? ": the mean-field prediction is a wide-network limit, and at finite width the fluctuations of the activations' size accumulate with depth — the effect Hanin & Rolnick (2018) quantify by Σ 1/width over the layers. "
                : ", so at these sizes the finite-width fluctuation Hanin & Rolnick (2018) describe (growing with Σ 1/width over the layers) is not visible in it. ");
        }

        return sb.ToString();
    }

    private static double Cv(DepthStudySpread s) => s.Summary.StandardDeviation is { } sd && s.Summary.Mean != 0 ? sd / s.Summary.Mean : 0;

    private static string Acc(DepthStudyPoint p) =>
        p.Accuracy is null ? $"all {p.Seeds} seeds diverged" : $"{Pct.Format(p.Accuracy.Mean * 100)} %{(p.Diverged > 0 ? $", {p.Diverged} of {p.Seeds} seeds diverged" : string.Empty)}";

    private static string Signed(double points) => (points < 0 ? "−" : "+") + Pct.Format(Math.Abs(points));
}
