using System.Text;

namespace WeightInit.Experiments.Reporting;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as GitHub-flavoured Markdown: one blank line between blocks, figures as
/// image links to their PNG files beside the report. The inline markup of the model is Markdown already.
/// </summary>
internal static class MarkdownRenderer
{
    /// <summary>The document's Markdown, each line ending in <c>\n</c>.</summary>
    public static string Render(ReportDocument document)
    {
        var md = new StringBuilder();
        for (int i = 0; i < document.Blocks.Count; i++)
        {
            if (i > 0)
            {
                md.Append('\n');
            }

            Append(md, document.Blocks[i]);
        }

        return md.ToString();
    }

    private static void Append(StringBuilder md, ReportBlock block)
    {
        switch (block)
        {
            case ReportHeading h:
                md.Append('#', h.Level).Append(' ').Append(h.Text).Append('\n');
                break;
            case ReportParagraph p:
                md.Append(p.Text).Append('\n');
                break;
            case ReportNote n:
                md.Append("> ").Append(n.Text).Append('\n');
                break;
            case ReportList l:
                foreach (string item in l.Items)
                {
                    md.Append("- ").Append(item).Append('\n');
                }

                break;
            case ReportTable t:
                md.Append(t.Table.ToString());
                break;
            case ReportFigure f:
                md.Append("![").Append(f.Caption).Append("](").Append(f.File).Append(")\n");
                break;
            default:
                throw new NotSupportedException($"report block {block.GetType().Name} has no Markdown rendering; expected a heading, paragraph, note, list, table or figure.");
        }
    }
}
