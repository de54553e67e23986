using System.Globalization;
using System.Text;
using WeightInit.Experiments.Reporting;
using WeightInit.Experiments.Studies;

namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// The recommendation's evidence on Xavier vs He: the depth study's paired intervals when <c>reproduce --depth-study</c>
/// gave one, else a statement that the margins come from this run's seeds only.
/// </summary>
internal static class ReportDepthStudy
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly NumberFormat Pct = NumberFormat.FixedDecimals(2);

    /// <summary>The paragraph; <paramref name="runSeeds"/> and <paramref name="runDepth"/> (hidden layers) describe this run.</summary>
    public static string Describe(DepthStudyResult? study, string? path, int runSeeds, int runDepth)
    {
        string seeds = string.Create(Inv, $"{runSeeds} seed{(runSeeds == 1 ? string.Empty : "s")}");
        if (study is null)
        {
            return string.Create(Inv, $"These margins come from this run's {seeds} only, at {runDepth} hidden layers; no depth study was given. ") +
                "`weightinit study depth` measures the Xavier − He gap over seeds and depths, and `reproduce --depth-study FILE` (its depth-study.json) puts its intervals here.";
        }

        var d = study.Definition;
        int depth = d.Depths.OrderBy(x => Math.Abs(x - runDepth)).ThenBy(x => x).First();
        var sb = new StringBuilder();
        sb.Append(Inv, $"The depth study `{Path.GetFileName(path ?? DepthStudyResult.FileName)}` (grid {study.Fingerprint}, {study.CellsDone} of {study.CellsTotal} cells, {d.Seeds} seeds, {d.Epochs} epochs of SGD lr {d.LearningRate} on {d.TrainSubset} training images) decides the gap instead of this run's {seeds}. ");
        sb.Append(Inv, $"At depth {depth}{(depth == runDepth ? ", this run's," : $" (the study's depth nearest this run's {runDepth})")} its paired Xavier − He differences in test accuracy are: ");
        var parts = new List<string>();
        foreach (string activation in d.Activations)
        {
            if (study.Gap(activation, depth) is not { } gap)
            {
                continue;
            }

            var diff = gap.Difference;
            parts.Add(diff.Count < 2
                ? string.Create(Inv, $"{activation} {Signed(diff.Mean)} points from one seed (no spread measured, not a finding)")
                : string.Create(Inv, $"{activation} {Signed(diff.Mean)} points, 95 % t-interval [{Signed(diff.ConfidenceLow!.Value)}, {Signed(diff.ConfidenceHigh!.Value)}] over {diff.Count} seeds, {(gap.InsideSpread ? "inside the seed-to-seed spread" : "outside the seed-to-seed spread")}"));
        }

        sb.Append(parts.Count == 0 ? "none measured" : string.Join("; ", parts)).Append(". ");
        var stops = d.Activations.SelectMany(a => d.Initializers.Select(i => DepthStudyParagraph.StopSentence(study, a, i) is { } s ? $"{a} {s}" : null)).Where(s => s is not null).ToList();
        if (stops.Count > 0)
        {
            sb.Append("With depth: ").Append(string.Join("; ", stops)).Append('.');
        }

        return sb.ToString().TrimEnd();
    }

    private static string Signed(double points) => (points < 0 ? "−" : "+") + Pct.Format(Math.Abs(points));
}
