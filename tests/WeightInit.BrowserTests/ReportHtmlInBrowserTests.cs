using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WeightInit.BrowserTests;

/// <summary>
/// report.html opened in headless Chromium with no network, as a user double-clicking it would see it: no errors,
/// every figure drawn, the numbers of results.json in the page, readable at a phone's width, nothing fetched. The
/// last test feeds the same probe a page with injected faults, so a broken page is shown to fail these checks.
/// </summary>
public sealed partial class ReportHtmlInBrowserTests(BrowserReport report) : IClassFixture<BrowserReport>
{
    [Fact]
    public void Report_html_opens_with_no_console_errors()
    {
        report.Probe.ConsoleLines.Should().BeEmpty("Chromium logs every console message of the page; a clean report logs none");
        foreach (var view in report.Probe.Views)
        {
            view.Errors.Should().BeEmpty($"the {view.View} view sees no console.error, uncaught exception or failed load");
        }
    }

    [Fact]
    public void Every_figure_renders_as_inline_SVG_with_a_non_zero_size()
    {
        var stems = Directory.EnumerateFiles(report.Directory, "*.svg").Select(Path.GetFileNameWithoutExtension).ToArray();
        stems.Should().NotBeEmpty("the run writes its figures as SVG");
        foreach (var view in report.Probe.Views)
        {
            view.Figures.Should().HaveCount(stems.Length, $"the {view.View} view shows each of the run's {stems.Length} SVG figures");
            view.Figures.Should().OnlyContain(f => f.Tag == "svg" && f.Width > 0 && f.Height > 0, $"every figure in the {view.View} view is an SVG drawn with a non-zero size");
        }
    }

    [Fact]
    public void Each_Q5_3_test_accuracy_appears_in_the_page_exactly_as_in_results_json()
    {
        var expected = Q53Accuracies();
        expected.Should().NotBeEmpty("results.json holds the Q5.3 experiment's test accuracies");
        var desktop = report.Probe.View("desktop");
        var table = desktop.Tables.Single(t => t.Section.StartsWith("q5-3-", StringComparison.Ordinal) && t.Rows[0].Contains("test accuracy % (ours)"));
        int column = table.Rows[0].ToList().IndexOf("test accuracy % (ours)");

        foreach (var (init, percent) in expected)
        {
            table.Rows.Skip(1).Where(r => r[0] == init).Select(r => r[column]).Should().Equal([percent], $"the Q5.3 table's row for {init} shows results.json's mean × 100 to 2 decimals");
            desktop.Text.Should().Contain($"{init}\t{percent}", $"the page text has {init}'s accuracy {percent} in its table row");
        }
    }

    [Fact]
    public void At_a_phone_width_the_page_does_not_scroll_sideways()
    {
        var phone = report.Probe.View("phone");

        phone.Width.Should().Be(360);
        phone.ScrollWidth.Should().BeLessThanOrEqualTo(phone.Width, "wide tables scroll inside their own box and figures scale down, so the page itself fits a phone");
        phone.Figures.Should().OnlyContain(f => f.Width <= phone.Width, "figures scale to the screen's width");
    }

    [Fact]
    public void A_clicked_figure_opens_over_the_page_at_its_full_size()
    {
        const string clicked = "fig-q5-3-training-loss-tanh";
        var inPage = report.Probe.View("desktop").Figures.Single(f => f.Id == clicked);
        var zoomed = report.Probe.View("zoom").Figures.Single(f => f.Id == clicked);
        string svg = report.Html[report.Html.IndexOf($"<figure id=\"{clicked}\"", StringComparison.Ordinal)..];
        double natural = double.Parse(SvgWidth().Match(svg).Groups[1].Value, CultureInfo.InvariantCulture);

        inPage.Position.Should().Be("static");
        zoomed.Position.Should().Be("fixed", "the clicked figure covers the page");
        zoomed.Width.Should().BeGreaterThanOrEqualTo(natural, "it is drawn at least at its natural width").And.BeGreaterThan(inPage.Width);
        report.Probe.View("zoom").Figures.Where(f => f.Id != clicked).Should().OnlyContain(f => f.Position == "static", "only the clicked figure opens");
    }

    [Fact]
    public void The_page_is_self_contained_it_requests_nothing_and_runs_no_script()
    {
        foreach (var view in report.Probe.Views)
        {
            view.Resources.Should().BeEmpty($"the {view.View} view loads no file or URL: styles and figures are inline");
        }

        report.Html.Should().NotContain("<script", "the report needs no script").And.NotContain("<link", "no style sheet file")
            .And.NotContain("<img", "and no image file: figures are inline SVG");
    }

    [Fact]
    public void The_screenshot_is_a_PNG_of_the_page()
    {
        byte[] png = File.ReadAllBytes(report.Screenshot);

        png.Take(4).Should().Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], "chromium wrote a PNG");
        System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)).Should().Be(1280, "the screenshot is 1280 pixels wide");
    }

    [Fact]
    public void The_probe_catches_an_injected_error_failed_loads_a_network_request_and_a_collapsed_figure()
    {
        const string faults = """
            <style>#fig-sample-images svg { display: none; }</style>
            <img src="missing-figure.png" alt="">
            <img src="http://127.0.0.1:9/remote-figure.png" alt="">
            <script>console.error("injected console error");</script>
            <script>throw new Error("injected exception");</script>
            """;

        var broken = PageProbe.Run(report.Html, faults);

        broken.ConsoleLines.Should().Contain(l => l.Contains("injected console error")).And.Contain(l => l.Contains("injected exception"));
        foreach (var view in broken.Views)
        {
            view.Errors.Should().Contain(e => e.Contains("injected console error")).And.Contain(e => e.Contains("injected exception"))
                .And.Contain(e => e.Contains("missing-figure.png")).And.Contain(e => e.Contains("remote-figure.png"));
            view.Figures.Should().Contain(f => f.Id == "fig-sample-images" && f.Width == 0 && f.Height == 0);
            view.Resources.Should().Contain("http://127.0.0.1:9/remote-figure.png", "a network request is recorded (and fails: no network)");
        }
    }

    /// <summary>Q5.3's mean test accuracy per initialization, read from results.json as written (not through the report's code).</summary>
    private List<(string Init, string Percent)> Q53Accuracies()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(report.PathOf("results.json")));
        var q53 = json.RootElement.GetProperty("experiments").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "q53-tanh-unit");
        return q53.GetProperty("result").GetProperty("summaries").EnumerateArray()
            .Select(s => (
                Init: s.GetProperty("initialization").GetString()!,
                Mean: s.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "test_accuracy").GetProperty("summary").GetProperty("mean").GetDouble()))
            .Select(x => (x.Init, (x.Mean * 100).ToString("F2", CultureInfo.InvariantCulture)))
            .ToList();
    }

    [GeneratedRegex(@"<svg [^>]*\bwidth=""([0-9.]+)""")]
    private static partial Regex SvgWidth();
}
