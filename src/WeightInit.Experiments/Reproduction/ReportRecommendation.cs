using System.Globalization;
using WeightInit.Experiments.Reporting;

namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// The report's recommendation: the ranking of each training experiment, whether its seeds resolve the top margin,
/// how it compares with the documents' recommendation (theirs, cited), and what this run measured of the activation
/// statistics the documents base it on. One seed never makes a gap a finding.
/// </summary>
internal static class ReportRecommendation
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly (string Id, string Activation)[] Experiments = [("q53-tanh-unit", "tanh"), ("q54-relu-unit", "relu")];

    /// <summary>Adds the table and its sentences to <paramref name="md"/>.</summary>
    public static void Render(ReportDocument md, ReproductionResult result)
    {
        var table = new MarkdownTable(
            new MarkdownColumn("activation"), new MarkdownColumn("top initializer"), new MarkdownColumn("test accuracy %", ColumnAlignment.Right, ReportAnalysis.Pct),
            new MarkdownColumn("runner-up", ColumnAlignment.Left), new MarkdownColumn("margin (points)", ColumnAlignment.Right, ReportAnalysis.Pct),
            new MarkdownColumn("margin resolved?", ColumnAlignment.Left), new MarkdownColumn("depth profile of the top one (std L1 → last)", ColumnAlignment.Left));
        var sentences = new List<string>();
        int seeds = int.MaxValue, epochs = 0, layers = 0;
        foreach (var (id, activation) in Experiments)
        {
            var experiment = result.Find(id);
            var ranked = experiment is null ? [] : ReportAnalysis.Ranked(experiment.Result);
            if (experiment is null || ranked.Count < 2)
            {
                continue;
            }

            var r = experiment.Result;
            seeds = Math.Min(seeds, ranked[0].Acc.Count);
            epochs = r.Settings.Training.Epochs;
            layers = r.Settings.Model!.LayerCount;
            var (top, second) = (ranked[0], ranked[1]);
            double topAcc = top.Acc.Mean * ReportAnalysis.Percent, secondAcc = second.Acc.Mean * ReportAnalysis.Percent;
            var profile = ReportAnalysis.StdProfile(r, top.Initialization);
            table.AddRow(activation, top.Initialization, topAcc, $"{second.Initialization} ({ReportAnalysis.Pct.Format(secondAcc)} %)", topAcc - secondAcc,
                Resolved(r, top.Initialization, second.Initialization),
                profile is null ? "—" : $"{ReportAnalysis.Sig3.Format(profile[0])} → {ReportAnalysis.Sig3.Format(profile[^1])}");
            if (Agreement(r, activation, ranked) is { } sentence)
            {
                sentences.Add(sentence);
            }
        }

        md.Table(table);
        md.Paragraph(string.Join(" ", sentences));
        md.Paragraph("The documents recommend Xavier for Tanh and He for ReLU on the grounds of the activation statistics before training (their argument, after Glorot & Bengio 2010 and He et al. 2015). " +
            Grounds(result) +
            (epochs == 0 ? string.Empty : string.Create(Inv, $"The table ranks by final test accuracy after {epochs} epochs of this {layers}-layer network; ") +
                (seeds == 1
                    ? "with one seed none of its margins is resolved, so the ranking is a single observation, not a finding: run `--seeds 3` or more."
                    : "the intervals in the table say which margins exceed the seed-to-seed spread.")));
    }

    private static string Resolved(WeightInit.Experimenting.ExperimentResult r, string a, string b) =>
        ReportAnalysis.PairedGap(r, a, b) is { } gap
            ? string.Create(Inv, $"{(Math.Sign(gap.Low) == Math.Sign(gap.High) && gap.Low != 0 ? "yes" : "no")}: 95 % CI [{ReportAnalysis.Pct.Format(gap.Low)}, {ReportAnalysis.Pct.Format(gap.High)}] over {gap.Count} seeds")
            : $"no: {Math.Min(Seeds(r, a), Seeds(r, b))} seed{(Math.Min(Seeds(r, a), Seeds(r, b)) == 1 ? string.Empty : "s")}";

    private static int Seeds(WeightInit.Experimenting.ExperimentResult r, string init) =>
        r.Summaries.FirstOrDefault(s => s.Initialization == init)?.Completed ?? 0;

    /// <summary>How the top of the ranking compares with the documents' recommendation, with whether the seeds resolve the gap.</summary>
    private static string? Agreement(WeightInit.Experimenting.ExperimentResult r, string activation, List<(string Initialization, WeightInit.Statistics.SampleSummary Acc)> ranked)
    {
        string documents = DocumentReference.Recommended[activation];
        var recommended = ranked.FirstOrDefault(x => x.Initialization == documents);
        if (recommended.Initialization is null)
        {
            return null;
        }

        var top = ranked[0];
        string Pct(double fraction) => ReportAnalysis.Pct.Format(fraction * ReportAnalysis.Percent);
        if (top.Initialization == documents || Pct(top.Acc.Mean) == Pct(recommended.Acc.Mean))
        {
            var other = top.Initialization == documents ? ranked[1] : top;
            string relation = Pct(other.Acc.Mean) == Pct(recommended.Acc.Mean)
                ? $"ties with {other.Initialization} at {Pct(recommended.Acc.Mean)} %"
                : $"is {Pct(recommended.Acc.Mean - other.Acc.Mean)} points above {other.Initialization}";
            return $"For {activation} the documents' recommendation, {documents}, has the top test accuracy here and {relation}; {ReportAnalysis.GapResolution(r, documents, other.Initialization, brief: true)}.";
        }

        return string.Create(Inv, $"For {activation} the documents recommend {documents}, but here {top.Initialization} ends {Pct(top.Acc.Mean - recommended.Acc.Mean)} points ahead of it after {r.Settings.Training.Epochs} epochs; ") +
            ReportAnalysis.GapResolution(r, top.Initialization, documents, brief: true) + ".";
    }

    /// <summary>What this run measured of the documents' grounds: the per-layer change of the std of Xavier and He in both networks.</summary>
    private static string Grounds(ReproductionResult result)
    {
        var parts = new List<string>();
        foreach (var (id, activation) in Experiments)
        {
            if (result.Find(id) is not { } experiment)
            {
                continue;
            }

            var measured = new[] { "xavier", "he" }
                .Select(init => (init, Profile: ReportAnalysis.StdProfile(experiment.Result, init)))
                .Where(x => x.Profile is not null)
                .Select(x => $"{x.init} {ReportAnalysis.PerLayerChange(x.Profile!)}")
                .ToList();
            if (measured.Count > 0)
            {
                parts.Add($"{activation}: {string.Join(", ", measured)}");
            }
        }

        return parts.Count == 0 ? string.Empty : $"Measured here, the geometric-mean change of the activation std per layer before training is {string.Join("; ", parts)}. ";
    }
}
