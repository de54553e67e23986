using WeightInit.Tests.Snapshots;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SkiaSharp;
using WeightInit.Experimenting;
using WeightInit.Experiments.Reproduction;
using WeightInit.IntegrationTests.Fixtures;

namespace WeightInit.IntegrationTests.Reproduce;

/// <summary>
/// <c>weightinit reproduce --quick</c> end to end: the command a newcomer runs first, reduced to 2 epochs on 6 000 / 2 000
/// images, writes into one folder every figure (PNG + SVG), report.md, report.html, results.json and the CSV series it promises.
/// </summary>
public sealed partial class ReproduceQuickTests(QuickReproduction run) : IClassFixture<QuickReproduction>
{
    private static readonly string[] FigureStems =
    [
        "q5_2_activation_stats_tanh", "q5_4_activation_stats_relu", "sample_images",
        "q5_3_training_loss_tanh", "q5_4_training_loss_relu",
        "notebook_minibatch_loss", "notebook_accuracy",
        "notebook_weight_histograms_kaiming_uniform", "notebook_weight_histograms_normal_0.001",
    ];

    private static readonly string[] ExperimentIds = ["q53-tanh-unit", "q54-relu-unit", "notebook-relu-unit"];

    private static readonly string[] CsvSeries = ["epochs", "summary", "minibatch_loss", "activations"];

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static IEnumerable<string> PromisedFiles() =>
        FigureStems.SelectMany(s => new[] { s + ".png", s + ".svg" })
            .Concat(ExperimentIds.SelectMany(id => CsvSeries.Select(series => $"{id}_{series}.csv")))
            .Concat(["report.md", "report.html", "results.json"]);

    [Fact]
    public void Reproduce_quick_exits_with_code_0_and_says_where_it_wrote()
    {
        run.ExitCode.Should().Be(0, $"the quick run completes (stderr: {run.Error})");
        run.Output.Should().Contain($"to {Path.GetFullPath(run.Directory)}").And.Contain("start with report.md");
    }

    [Fact]
    public void Reproduce_quick_writes_every_promised_file()
    {
        var written = Directory.EnumerateFiles(run.Directory).Select(Path.GetFileName).ToArray();

        written.Should().Contain(PromisedFiles());
        written.Should().NotContain(f => f!.Contains(".tmp", StringComparison.Ordinal), "files are written atomically, no temporary file is left behind");
    }

    [Fact]
    public void Reproduce_quick_figures_are_PNGs_that_decode_each_with_an_SVG_twin()
    {
        foreach (var stem in FigureStems)
        {
            byte[] png = File.ReadAllBytes(run.PathOf(stem + ".png"));
            png.Take(8).Should().Equal(PngSignature, $"{stem}.png starts with the PNG signature");
            Encoding.ASCII.GetString(png, 12, 4).Should().Be("IHDR", $"{stem}.png's first chunk is its header");
            int width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
            int height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
            width.Should().BeGreaterThan(100, stem);
            height.Should().BeGreaterThan(100, stem);

            using (var bitmap = SKBitmap.Decode(png))
            {
                bitmap.Should().NotBeNull($"{stem}.png decodes");
                (bitmap.Width, bitmap.Height).Should().Be((width, height));
                bitmap.Pixels.Distinct().Take(3).Should().HaveCount(3, $"{stem}.png is a drawing, not a blank image");
            }

            var svg = XDocument.Load(run.PathOf(stem + ".svg"));
            svg.Root!.Name.LocalName.Should().Be("svg", $"{stem}.svg is an SVG document");
        }
    }

    [Fact]
    public void Reproduce_quick_report_links_only_to_figures_it_wrote()
    {
        string report = File.ReadAllText(run.PathOf("report.md"));
        var links = ImageLink().Matches(report).Select(m => m.Groups["file"].Value).ToArray();

        links.Should().NotBeEmpty();
        links.Should().OnlyContain(file => File.Exists(run.PathOf(file)), "every figure the report shows is in the folder");
    }

    [Fact]
    public void Reproduce_quick_results_json_round_trips_through_the_reader()
    {
        string path = run.PathOf("results.json");
        var result = ReproductionWriter.Read(path);

        JsonSerializer.Serialize(result, ResultJson.Options).Should().Be(File.ReadAllText(path), "reading and writing again loses nothing");
        result.SchemaVersion.Should().Be(ReproductionResult.CurrentSchemaVersion);
        result.IsPartial.Should().BeFalse();
        result.Environment.Quick.Should().BeTrue();
        result.InitializationSamples.Select(s => s.Method).Should().Equal("zero", "small_random", "xavier", "he");
        result.Experiments.Select(e => e.Id).Should().Equal(ExperimentIds);
        result.Experiments.Should().OnlyContain(e => e.Result.Runs.All(r => r.Epochs.Count == ReproducePlan.QuickEpochs));
    }

    [Fact]
    public void Reproduce_quick_results_json_has_the_approved_shape()
    {
        // The schema as the file shows it: every property path (arrays as []) with the JSON kinds found there.
        var kinds = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        Walk(JsonNode.Parse(File.ReadAllText(run.PathOf("results.json"))), "$", kinds);

        Snapshot.Match(string.Join("\n", kinds.Select(k => $"{k.Key}: {string.Join("|", k.Value)}")) + "\n");
    }

    [Fact]
    public void Reproduce_quick_csv_files_are_rectangular_tables_with_a_header()
    {
        foreach (var file in ExperimentIds.SelectMany(id => CsvSeries.Select(series => $"{id}_{series}.csv")))
        {
            var lines = File.ReadAllLines(run.PathOf(file)).Where(l => l.Length > 0).ToArray();
            lines.Should().HaveCountGreaterThan(1, $"{file} has a header and data");
            lines[0].Should().MatchRegex("^[a-z_]+(,[a-z_0-9]+)*$", $"{file}'s first line is a header of snake_case names");
            int columns = lines[0].Split(',').Length;
            lines.Should().OnlyContain(l => l.Split(',').Length == columns, $"every row of {file} has the header's {columns} columns");
        }
    }

    [Fact]
    public void Reproduce_quick_report_md_matches_its_snapshot_with_every_number_scrubbed()
    {
        string report = File.ReadAllText(run.PathOf("report.md"));

        Snapshot.Match(ScrubReport(report));
    }

    /// <summary>
    /// Keeps the report's words and structure, drops what depends on the machine or the numbers: the data source
    /// and OS, then (after the shared scrubbing of durations, dates, temp paths and versions) every number, and the
    /// padding that aligns table columns to the numbers' widths.
    /// </summary>
    private static string ScrubReport(string report)
    {
        string text = report.Replace(RuntimeInformation.OSDescription, "{os}", StringComparison.Ordinal);
        var mkl = WeightInit.Native.TorchSharpNative.MklVendorOverride!;
        text = MklState().Replace(text, "MKL vendor override {state}");
        text = text.Replace($"on {mkl.CpuModel} ({mkl.CpuVendor})", "on {cpu}", StringComparison.Ordinal);
        text = DataSource().Replace(text, "{data source}");
        text = Snapshot.Scrub(text);
        text = Number().Replace(text, "#");
        text = Padding().Replace(text, " ");
        return TableRule().Replace(text, "---");
    }

    private static void Walk(JsonNode? node, string path, SortedDictionary<string, SortedSet<string>> kinds)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    Walk(child, $"{path}.{name}", kinds);
                }

                break;
            case JsonArray array:
                Add(kinds, path, "array");
                foreach (var item in array)
                {
                    Walk(item, path + "[]", kinds);
                }

                break;
            default:
                Add(kinds, path, node is null ? "null" : node.GetValueKind() switch
                {
                    JsonValueKind.True or JsonValueKind.False => "boolean",
                    var kind => kind.ToString().ToLowerInvariant(),
                });
                break;
        }
    }

    private static void Add(SortedDictionary<string, SortedSet<string>> kinds, string path, string kind)
    {
        if (!kinds.TryGetValue(path, out var set))
        {
            kinds[path] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.Add(kind);
    }

    [GeneratedRegex(@"MKL vendor override (on|off) \([A-Za-z]+\)")]
    private static partial Regex MklState();

    [GeneratedRegex(@"!\[[^\]]*\]\((?<file>[^)\s]+)\)")]
    private static partial Regex ImageLink();

    [GeneratedRegex(@"(?<=test images\) from ).+?(?=\. Seeds:)")]
    private static partial Regex DataSource();

    /// <summary>A number not glued to a preceding letter, digit or point (so Q5.2, L3, fc1 and X64 stay), with its sign, decimals and exponent.</summary>
    [GeneratedRegex(@"(?<![\p{L}\d_.])[-−]?\d+(\.\d+)?(e[+-]?\d+)?(?![\p{L}\d])")]
    private static partial Regex Number();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Padding();

    [GeneratedRegex(@"-{3,}")]
    private static partial Regex TableRule();
}
