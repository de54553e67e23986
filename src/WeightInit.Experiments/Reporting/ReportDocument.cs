namespace WeightInit.Experiments.Reporting;

/// <summary>
/// A report as a sequence of blocks, written once and rendered by <see cref="MarkdownRenderer"/> (report.md) and
/// <see cref="HtmlRenderer"/> (report.html), so both files say the same sentences about the same numbers. Text in
/// the blocks uses a small inline markup that both renderers understand: <c>**strong**</c>, <c>*emphasis*</c> and
/// <c>`code`</c>.
/// </summary>
internal sealed class ReportDocument
{
    private readonly List<ReportBlock> _blocks = [];

    /// <summary>The blocks, in reading order.</summary>
    public IReadOnlyList<ReportBlock> Blocks => _blocks;

    /// <summary>The text of the first level-1 heading, or an empty string.</summary>
    public string Title => _blocks.OfType<ReportHeading>().FirstOrDefault(h => h.Level == 1)?.Text ?? string.Empty;

    /// <summary>Adds a heading: level 1 is the title, level 2 a section (listed in the HTML table of contents).</summary>
    public ReportDocument Heading(int level, string text) => Add(new ReportHeading(level, text));

    /// <summary>Adds a paragraph; an empty one renders as an empty line in Markdown and as nothing in HTML.</summary>
    public ReportDocument Paragraph(string text) => Add(new ReportParagraph(text));

    /// <summary>Adds a highlighted note (a Markdown block quote).</summary>
    public ReportDocument Note(string text) => Add(new ReportNote(text));

    /// <summary>Adds a bullet list.</summary>
    public ReportDocument List(IEnumerable<string> items) => Add(new ReportList([.. items]));

    /// <summary>Adds a table.</summary>
    public ReportDocument Table(MarkdownTable table) => Add(new ReportTable(table));

    /// <summary>Adds the figure <paramref name="stem"/> if the run wrote it (it is in <paramref name="figures"/>, stem → PNG file name).</summary>
    public ReportDocument Figure(IReadOnlyDictionary<string, string> figures, string stem, string caption) =>
        figures.TryGetValue(stem, out string? file) ? Add(new ReportFigure(stem, file, caption)) : this;

    private ReportDocument Add(ReportBlock block)
    {
        _blocks.Add(block);
        return this;
    }
}

/// <summary>One block of a <see cref="ReportDocument"/>.</summary>
internal abstract record ReportBlock;

/// <summary>A heading of <paramref name="Level"/> 1 (title) or 2 (section).</summary>
internal sealed record ReportHeading(int Level, string Text) : ReportBlock;

/// <summary>A paragraph of inline-marked text.</summary>
internal sealed record ReportParagraph(string Text) : ReportBlock;

/// <summary>A note that stands out (a Markdown block quote).</summary>
internal sealed record ReportNote(string Text) : ReportBlock;

/// <summary>A bullet list of inline-marked items.</summary>
internal sealed record ReportList(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>A table; its cells are inline-marked text.</summary>
internal sealed record ReportTable(MarkdownTable Table) : ReportBlock;

/// <summary>A figure the run wrote: its file stem (<c>stem.png</c> and <c>stem.svg</c>), PNG file name and caption.</summary>
internal sealed record ReportFigure(string Stem, string File, string Caption) : ReportBlock;
