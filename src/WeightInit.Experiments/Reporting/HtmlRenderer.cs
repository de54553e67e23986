using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace WeightInit.Experiments.Reporting;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML page: inline CSS, figures as inline SVG, no
/// scripts and nothing fetched, so it opens offline from a double-click. Tables scroll sideways inside their own box
/// on a narrow screen; a figure scales to the page's width and opens full-screen (at its natural size, scrollable)
/// when clicked, through a CSS <c>:target</c> rule; level-2 headings make the table of contents.
/// </summary>
internal static partial class HtmlRenderer
{
    private const string Style = """
        :root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --head: #f6f8fa; --accent: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
        main { max-width: 62rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.6rem; line-height: 1.25; }
        h2 { font-size: 1.25rem; margin-top: 2.2rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
        a { color: var(--accent); }
        code { font: .9em/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: var(--head); padding: .1em .3em; border-radius: 4px; overflow-wrap: anywhere; }
        blockquote { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid #d4a72c; background: #fff8c5; }
        nav.toc { background: var(--head); border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; }
        nav.toc h2 { margin: .3rem 0; border: 0; font-size: 1rem; }
        nav.toc ol { margin: 0; padding-left: 1.4rem; }
        .table-wrap { overflow-x: auto; margin: 1rem 0; border: 1px solid var(--line); border-radius: 6px; }
        table { border-collapse: collapse; font-size: .9rem; min-width: 100%; }
        th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--line); white-space: nowrap; text-align: left; }
        th { background: var(--head); }
        .r { text-align: right; font-variant-numeric: tabular-nums; }
        .c { text-align: center; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        figure { margin: 1rem 0; }
        figure > a.zoom { display: block; cursor: zoom-in; }
        figure svg { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
        figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
        figure .close { display: none; }
        figure:target { position: fixed; inset: 0; z-index: 10; margin: 0; padding: 1rem; background: #fff; overflow: auto; }
        figure:target > a.zoom { cursor: zoom-out; }
        figure:target svg { width: auto; min-width: 100%; max-width: none; }
        figure:target .close { display: inline; }
        @media (max-width: 40rem) { main { padding: .6rem; } h1 { font-size: 1.3rem; } }
        """;

    /// <summary>The page; <paramref name="svgs"/> maps figure stems to their SVG text (a figure without one links its PNG).</summary>
    public static string Render(ReportDocument document, IReadOnlyDictionary<string, string> svgs)
    {
        var anchors = new Dictionary<ReportHeading, string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var heading in document.Blocks.OfType<ReportHeading>())
        {
            anchors[heading] = Unique(Slug(heading.Text), used);
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(InlineMarkup.ToPlain(document.Title))).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<main>\n");
        bool tocWritten = false;
        foreach (var block in document.Blocks)
        {
            if (!tocWritten && block is ReportHeading { Level: > 1 })
            {
                AppendContents(html, document, anchors);
                tocWritten = true;
            }

            Append(html, block, anchors, svgs);
        }

        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static void AppendContents(StringBuilder html, ReportDocument document, Dictionary<ReportHeading, string> anchors)
    {
        html.Append("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
        foreach (var heading in document.Blocks.OfType<ReportHeading>().Where(h => h.Level == 2))
        {
            html.Append("<li><a href=\"#").Append(anchors[heading]).Append("\">").Append(InlineMarkup.ToHtml(heading.Text)).Append("</a></li>\n");
        }

        html.Append("</ol>\n</nav>\n");
    }

    private static void Append(StringBuilder html, ReportBlock block, Dictionary<ReportHeading, string> anchors, IReadOnlyDictionary<string, string> svgs)
    {
        switch (block)
        {
            case ReportHeading h:
                html.Append(Invariant($"<h{h.Level} id=\"{anchors[h]}\">")).Append(InlineMarkup.ToHtml(h.Text)).Append(Invariant($"</h{h.Level}>\n"));
                break;
            case ReportParagraph { Text.Length: 0 }:
                break;
            case ReportParagraph p:
                html.Append("<p>").Append(InlineMarkup.ToHtml(p.Text)).Append("</p>\n");
                break;
            case ReportNote n:
                html.Append("<blockquote><p>").Append(InlineMarkup.ToHtml(n.Text)).Append("</p></blockquote>\n");
                break;
            case ReportList l:
                html.Append("<ul>\n");
                foreach (string item in l.Items)
                {
                    html.Append("<li>").Append(InlineMarkup.ToHtml(item)).Append("</li>\n");
                }

                html.Append("</ul>\n");
                break;
            case ReportTable t:
                AppendTable(html, t.Table);
                break;
            case ReportFigure f:
                AppendFigure(html, f, svgs);
                break;
            default:
                throw new NotSupportedException($"report block {block.GetType().Name} has no HTML rendering; expected a heading, paragraph, note, list, table or figure.");
        }
    }

    private static void AppendTable(StringBuilder html, MarkdownTable table)
    {
        var classes = table.Columns.Select(c => c.Alignment switch { ColumnAlignment.Right => " class=\"r\"", ColumnAlignment.Center => " class=\"c\"", _ => string.Empty }).ToArray();
        html.Append("<div class=\"table-wrap\">\n<table>\n<thead><tr>");
        for (int i = 0; i < table.Columns.Count; i++)
        {
            html.Append("<th scope=\"col\"").Append(classes[i]).Append('>').Append(InlineMarkup.ToHtml(table.Columns[i].Header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
            {
                html.Append("<td").Append(classes[i]).Append('>').Append(InlineMarkup.ToHtml(row[i])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n");
    }

    private static void AppendFigure(StringBuilder html, ReportFigure figure, IReadOnlyDictionary<string, string> svgs)
    {
        string id = "fig-" + Slug(figure.Stem);
        string caption = Escape(figure.Caption);
        html.Append("<figure id=\"").Append(id).Append("\">\n<a class=\"zoom\" href=\"#").Append(id).Append("\" title=\"Open full size\">");
        html.Append(svgs.TryGetValue(figure.Stem, out string? svg)
            ? SvgInliner.Inline(svg, id, figure.Caption)
            : $"<img src=\"{Escape(figure.File)}\" alt=\"{caption}\" style=\"width:100%\">");
        html.Append("</a>\n<figcaption>").Append(caption)
            .Append(" <a class=\"close\" href=\"#").Append(id).Append("-back\">Close</a></figcaption>\n</figure>\n")
            .Append("<span id=\"").Append(id).Append("-back\"></span>\n");
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>"Q5.3 Tanh training (10 epochs …)" → "q5-3-tanh-training-10-epochs": lower-case letters and digits joined by hyphens.</summary>
    internal static string Slug(string text)
    {
        string slug = NotSlug().Replace(InlineMarkup.ToPlain(text).ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 ? "section" : slug;
    }

    private static string Unique(string slug, HashSet<string> used)
    {
        string candidate = slug;
        for (int n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
