using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using WeightInit.Experiments.Reporting;
using WeightInit.Experiments.Reproduction;
using WeightInit.Tests.Reproduction;

namespace WeightInit.Tests.Reporting;

/// <summary>
/// report.html and report.md are two renderings of one document: the same sentences and cells, escaped for HTML,
/// figures inlined as SVG with ids that cannot collide, and a table of contents whose links all land.
/// </summary>
public sealed partial class ReportHtmlTests
{
    private const string Svg = """
        <?xml version="1.0" encoding="utf-8" ?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="1300" height="450">
        <clipPath id="cl_1"><rect width="10" height="10"/></clipPath>
        <g clip-path="url(#cl_1)"><image id="img_0" width="28" height="28" xlink:href="data:image/png;base64,AA=="/></g>
        <use xlink:href="#img_0"/><script>alert(1)</script>
        </svg>
        """;

    private static readonly Dictionary<string, string> Figures = new() { ["sample_images"] = "sample_images.png", ["q5_3_training_loss_tanh"] = "q5_3_training_loss_tanh.png" };

    [Fact]
    public void Every_paragraph_list_item_and_table_cell_of_the_markdown_is_in_the_html_text()
    {
        var result = ReportFixture.Real();
        var document = ReportWriter.Build(result, Figures);
        string text = PageText(ReportWriter.RenderHtml(result, Figures));

        var texts = document.Blocks.SelectMany(b => b switch
        {
            ReportParagraph p => [p.Text],
            ReportList l => l.Items,
            ReportTable t => t.Table.Rows.SelectMany(r => r),
            ReportHeading h => [h.Text],
            _ => [],
        }).Select(InlineMarkup.ToPlain).Where(t => t.Length > 0).ToList();

        texts.Should().HaveCountGreaterThan(100, "the fixture's report has many sentences and cells");
        texts.Where(t => !text.Contains(t, StringComparison.Ordinal)).Should().BeEmpty("the HTML says every sentence and number of the Markdown, with its markup rendered");
        MarkdownRenderer.Render(document).Should().Be(ReportWriter.Render(result, Figures), "report.md is the Markdown rendering of the same document");
    }

    [Fact]
    public void Text_is_html_escaped_and_the_inline_markup_becomes_elements()
    {
        InlineMarkup.ToHtml("**he** beats *doc* <script>&; see `a<b> **not bold**`")
            .Should().Be("<strong>he</strong> beats <em>doc</em> &lt;script&gt;&amp;; see <code>a&lt;b&gt; **not bold**</code>");
        InlineMarkup.ToHtml("2 * 3 * 4 and x*y").Should().Be("2 * 3 * 4 and x*y", "a lone asterisk between spaces or words is not emphasis");
    }

    [Fact]
    public void A_table_cell_with_markup_characters_is_escaped_not_interpreted()
    {
        var document = new ReportDocument().Heading(1, "T").Heading(2, "S")
            .Table(new MarkdownTable(new MarkdownColumn("init"), new MarkdownColumn("x", ColumnAlignment.Right)).AddRow("a|b <i>&", 1.5));

        string html = HtmlRenderer.Render(document, new Dictionary<string, string>());

        html.Should().Contain("<td>a|b &lt;i&gt;&amp;</td><td class=\"r\">1.50</td>");
        MarkdownRenderer.Render(document).Should().Contain("| a\\|b <i>& |");
    }

    [Fact]
    public void Figures_are_inlined_svg_scaled_by_a_viewbox_with_prefixed_ids_and_no_script()
    {
        string inline = SvgInliner.Inline(Svg, "fig-a", "A <caption>");
        var svg = XElement.Parse(inline);
        XNamespace xlink = "http://www.w3.org/1999/xlink";

        inline.Should().NotContain("<?xml").And.NotContain("script");
        svg.Attribute("viewBox")!.Value.Should().Be("0 0 1300 450");
        svg.Attribute("aria-label")!.Value.Should().Be("A <caption>");
        svg.Descendants().Select(e => e.Attribute("id")?.Value).OfType<string>().Should().Equal("fig-a-cl_1", "fig-a-img_0");
        svg.Descendants().Single(e => e.Name.LocalName == "g").Attribute("clip-path")!.Value.Should().Be("url(#fig-a-cl_1)");
        svg.Descendants().Single(e => e.Name.LocalName == "use").Attribute(xlink + "href")!.Value.Should().Be("#fig-a-img_0");
        FluentActions.Invoking(() => SvgInliner.Inline("<svg><g></svg>", "fig-b", "b"))
            .Should().Throw<InvalidDataException>().WithMessage("*fig-b*not well-formed SVG*");
    }

    [Fact]
    public void The_page_is_self_contained_with_a_table_of_contents_whose_links_all_land()
    {
        var result = ReportFixture.Real();
        var svgs = Figures.Keys.ToDictionary(k => k, _ => Svg);
        string html = ReportWriter.RenderHtml(result, Figures, svgs);

        var ids = Id().Matches(html).Select(m => m.Groups[1].Value).ToList();
        var toc = html[html.IndexOf("<nav class=\"toc\"", StringComparison.Ordinal)..html.IndexOf("</nav>", StringComparison.Ordinal)];
        var links = Href().Matches(toc).Select(m => m.Groups[1].Value).ToList();

        ids.Should().OnlyHaveUniqueItems("two figures' clip paths or two sections never share an id");
        links.Should().HaveCount(ReportWriter.Build(result, Figures).Blocks.OfType<ReportHeading>().Count(h => h.Level == 2)).And.OnlyContain(l => ids.Contains(l));
        html.Should().NotContain("<script").And.NotContain("<img").And.NotContain("<link");
        Regex.Matches(html, "<figure ").Should().HaveCount(2);
        Regex.Matches(html, "<svg ").Should().HaveCount(2);
    }

    [Fact]
    public void A_partial_run_is_flagged_at_the_top_of_both_renderings()
    {
        var partial = ReportFixture.Real() with { IsPartial = true };

        string html = ReportWriter.RenderHtml(partial);
        string md = ReportWriter.Render(partial);

        html.Should().Contain("<blockquote><p><strong>Partial run.</strong> It was cancelled");
        html.IndexOf("<blockquote>", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf("<nav", StringComparison.Ordinal), "the warning comes before the contents");
        md.Should().Contain("\n\n> **Partial run.** It was cancelled");
        ReportWriter.RenderHtml(ReportFixture.Real()).Should().NotContain("Partial run");
    }

    private static string PageText(string html) =>
        WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<svg.*?</svg>", " ", RegexOptions.Singleline), "<[^>]+>", string.Empty));

    [GeneratedRegex(@"\sid=""([^""]+)""")]
    private static partial Regex Id();

    [GeneratedRegex(@"href=""#([^""]+)""")]
    private static partial Regex Href();
}
