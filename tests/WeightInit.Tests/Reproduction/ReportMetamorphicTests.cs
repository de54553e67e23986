using System.Text.RegularExpressions;
using WeightInit.Experiments.Reporting;
using WeightInit.Experiments.Reproduction;

namespace WeightInit.Tests.Reproduction;

/// <summary>
/// The report states only what the run measured: render it from a real result, then from copies with changed numbers,
/// and every sentence that depends on those numbers must change with them. A quantitative sentence (a number, a rate,
/// a comparison or a ranking) that stays the same whatever the numbers is a fixed claim; only the citations and
/// definitions listed in <see cref="Citations"/> may be fixed, and each says whose claim it is.
/// </summary>
public sealed partial class ReportMetamorphicTests
{
    /// <summary>Sentences allowed to stay fixed: others' claims (marked as theirs in the text) and the report's own definitions.</summary>
    private static readonly (string Start, string Why)[] Citations =
    [
        ("accuracies and their gaps in percent to 2 decimals", "states the rounding the writer uses"),
        ("*doc* rows and \"the documents\" are the study's printed results", "says how citations are marked (the PyTorch peer's seed)"),
        ("`small_random` is `randn · 0.01`", "the documents' definitions of their methods"),
        ("the mean-field prediction (Poole et al. 2016)", "cites the theory's paper"),
        ("The documents' code shows `ToTensor()`", "cites the documents' code and the PyTorch peer"),
        ("with [0, 1] inputs the peer matches", "the PyTorch peer's figures against the documents' (reference tables, not this run)"),
        ("The tables above therefore use [0, 1]", "the plan's input scaling, a consequence of the cited evidence"),
        ("The notebook builds model B's optimizer", "cites the notebook's bug and its plotted accuracy"),
        ("The documents recommend Xavier for Tanh and He for ReLU", "the documents' recommendation and the papers it follows"),
        ("With zero weights every hidden unit of a layer computes the same value", "a property of zero init (symmetry), said only when zero init measured at chance level"),
        ("pixels / 255 in [0, 1]", "the data pipeline's definition"),
        ("Other kernels round differently", "a general fact about floating-point kernels, explaining the recorded MKL code path (not a claim about this run's numbers)"),
    ];

    private static readonly Lazy<string> Base = new(() => ReportWriter.Render(ReportFixture.Real()));

    [Fact]
    public void No_quantitative_sentence_stays_fixed_when_every_number_of_the_run_changes()
    {
        var real = ReportFixture.Real();
        var variants = new[]
        {
            ReportFixture.ActivationStdsScaledPerLayer(real, 8), ReportFixture.AccuraciesSwapped(real, "xavier", "he"),
            ReportFixture.NotebookLearns(real), ReportFixture.SecondSeed(real), ReportFixture.EverythingElse(real),
        }.Select(r => Sentences(ReportWriter.Render(r)).Select(s => s.Text).ToHashSet()).ToArray();

        var fixedClaims = Sentences(Base.Value)
            .Where(s => IsQuantitative(s.Text) && variants.All(v => v.Contains(s.Text)))
            .Where(s => !Citations.Any(c => s.Text.StartsWith(c.Start, StringComparison.Ordinal)))
            .Select(s => $"[{s.Section}] {s.Text}")
            .ToArray();

        string.Join("\n", fixedClaims).Should().BeEmpty("every fixed claim is listed, one a line: a sentence with numbers, rates or comparisons that no change of the run's numbers changes is a fixed claim; compute it or cite it as someone else's");
    }

    [Fact]
    public void Activation_stds_scaled_per_layer_change_every_depth_sentence_to_the_new_profile()
    {
        var real = ReportFixture.Real();
        var scaled = ReportFixture.ActivationStdsScaledPerLayer(real, 8);
        string text = ReportWriter.Render(scaled);

        foreach (var (id, section) in new[] { ("q53-tanh-unit", "Q5.2"), ("q54-relu-unit", "Q5.4 (statistics)") })
        {
            foreach (var (init, layers) in ReportWriter.FirstSeedActivations(scaled.Find(id)!.Result).Where(s => s.Value.Any(l => l.Std > 0)))
            {
                string profile = $"{Sig3.Format(layers[0].Std)} → {Sig3.Format(layers[^1].Std)}";
                ChangedSentence(text, section, $"**{init}**:").Should().Contain(profile, $"{init}'s {section} sentence describes the scaled profile");
            }
        }

        var notebook = scaled.Find("notebook-relu-unit")!.Result.Runs.Single(r => r.Initialization == ReproducePlan.SmallNormal.Name).InitialActivations!;
        Section(text, "Notebook").Should().Contain($"{Sig3.Format(notebook[0].Std)} → {Sig3.Format(notebook[^1].Std)}", "the notebook's depth sentence is computed from its measured stds");
        Section(Base.Value, "Notebook").Should().NotContain($"{Sig3.Format(notebook[0].Std)} → {Sig3.Format(notebook[^1].Std)}");
    }

    [Fact]
    public void Accuracies_swapped_between_xavier_and_he_swap_the_ranking_and_the_recommendation()
    {
        var real = ReportFixture.Real();
        string swapped = ReportWriter.Render(ReportFixture.AccuraciesSwapped(real, "xavier", "he"));

        foreach (var section in new[] { "Q5.3", "Q5.4" })
        {
            var baseRanking = Sentences(Base.Value).First(s => s.Section.StartsWith(section + " ", StringComparison.Ordinal) && s.Section.Contains(" training (", StringComparison.Ordinal) && s.Text.StartsWith("**", StringComparison.Ordinal));
            var newRanking = Sentences(swapped).First(s => s.Section == baseRanking.Section && s.Text.StartsWith("**", StringComparison.Ordinal));
            baseRanking.Text.Should().StartWith("**he**", "in the real quick run he has the top accuracy in {0}", section);
            newRanking.Text.Should().StartWith("**xavier**", "with the accuracies swapped xavier has the top accuracy in {0}", section);
        }

        foreach (var activation in new[] { "tanh", "relu" })
        {
            ChangedSentence(swapped, "Recommendation", $"For {activation} ").Should().NotBeNull();
        }

        ChangedSentence(swapped, "Recommendation", "For tanh ").Should().Contain("the documents' recommendation, xavier, has the top test accuracy");
        ChangedSentence(swapped, "Recommendation", "For relu ").Should().Contain("documents recommend he, but here xavier ends");
    }

    [Fact]
    public void A_notebook_model_that_learns_is_no_longer_described_as_stuck()
    {
        var learns = ReportFixture.NotebookLearns(ReportFixture.Real());
        string text = ReportWriter.Render(learns);
        string before = Section(Base.Value, "Notebook"), after = Section(text, "Notebook");

        before.Should().Contain("normal_0.001 (").And.Contain("chance level");
        after.Should().NotContain("is within", "a model at 97 % is not at chance level").And.NotContain("learned nothing");
        after.Should().Contain("**normal_0.001** has the highest test accuracy, 97.00 %");
        ChangedSentence(text, "Notebook", "During its first epoch").Should().Contain("moves up to", "its first-epoch loss leaves ln 10");
        after.Should().Contain("Still it learns: after 2 epochs its test accuracy is 97.00 %");
    }

    [Fact]
    public void With_one_seed_no_gap_is_presented_as_a_finding_and_with_two_the_interval_decides()
    {
        var real = ReportFixture.Real();
        string one = Base.Value, two = ReportWriter.Render(ReportFixture.SecondSeed(real));

        Sentences(one).Where(s => s.Text.Contains("points above", StringComparison.Ordinal) || s.Text.Contains("points ahead", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(s => Followed(one, s.Text).Contains("with one seed this gap is not resolved", StringComparison.Ordinal));
        Section(one, "Recommendation").Should().Contain("with one seed none of its margins is resolved, so the ranking is a single observation, not a finding");
        two.Should().NotContain("with one seed").And.Contain("over 2 paired seeds the gap's 95 % interval is [");
    }

    private static readonly NumberFormat Sig3 = NumberFormat.SignificantFigures(3);

    /// <summary>The sentence of <paramref name="report"/>'s section starting with <paramref name="start"/>, asserted to differ from the real report's.</summary>
    private static string ChangedSentence(string report, string section, string start)
    {
        string? now = Sentences(report).FirstOrDefault(s => s.Section.StartsWith(section, StringComparison.Ordinal) && s.Text.StartsWith(start, StringComparison.Ordinal)).Text;
        string? was = Sentences(Base.Value).FirstOrDefault(s => s.Section.StartsWith(section, StringComparison.Ordinal) && s.Text.StartsWith(start, StringComparison.Ordinal)).Text;
        now.Should().NotBeNull($"the report has a sentence starting \"{start}\" in {section}");
        now.Should().NotBe(was, $"the sentence starting \"{start}\" in {section} depends on the changed numbers");
        return now!;
    }

    /// <summary>The clause after <paramref name="sentence"/> in the same paragraph.</summary>
    private static string Followed(string report, string sentence)
    {
        var all = Sentences(report).ToList();
        int i = all.FindIndex(s => s.Text == sentence);
        return i + 1 < all.Count ? all[i + 1].Text : string.Empty;
    }

    private static string Section(string report, string heading)
    {
        int start = report.IndexOf("## " + heading, StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"the report has a section \"{heading}\"");
        int end = report.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return end < 0 ? report[start..] : report[start..end];
    }

    /// <summary>Prose only (no headings, tables or figures), cut into sentences and clauses at ". ", "; " and ": " (not after a bold lead such as "**he**:").</summary>
    internal static IEnumerable<(string Section, string Text)> Sentences(string report)
    {
        string section = string.Empty;
        foreach (string raw in report.ReplaceLineEndings("\n").Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..];
                continue;
            }

            if (line.Length == 0 || line[0] is '#' or '|' or '!')
            {
                continue;
            }

            foreach (string clause in ClauseBreak().Split(line.StartsWith("- ", StringComparison.Ordinal) ? line[2..] : line))
            {
                yield return (section, clause.Trim());
            }
        }
    }

    private static bool IsQuantitative(string sentence) => Digit().IsMatch(sentence) || Comparison().IsMatch(sentence);

    [GeneratedRegex(@"(?<=[.;:])(?<!\*\*:)(?<!\bal\.)\s+")]
    private static partial Regex ClauseBreak();

    /// <summary>A digit that is not part of a name such as Q5.3, L1 or fc2.</summary>
    [GeneratedRegex(@"(?<![\p{L}\d_.])\d")]
    private static partial Regex Digit();

    [GeneratedRegex(@"\b(grows?|shrinks?|halves|doubles|constant|vanish(es)?|above|below|ahead|behind|highest|lowest|best|worst|agrees?|stays?|ties?|resolved?|than|larger|smaller|more|less|within|chance|orders? of magnitude)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Comparison();
}
