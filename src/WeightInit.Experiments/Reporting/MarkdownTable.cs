using System.Globalization;
using System.Text;

namespace WeightInit.Experiments.Reporting;

/// <summary>Horizontal alignment of a Markdown table column.</summary>
public enum ColumnAlignment
{
    /// <summary><c>:---</c></summary>
    Left,

    /// <summary><c>:---:</c></summary>
    Center,

    /// <summary><c>---:</c> (numbers).</summary>
    Right,
}

/// <summary>A column: header, alignment, and how numbers in it are written.</summary>
/// <param name="Header">Header text.</param>
/// <param name="Alignment">Alignment.</param>
/// <param name="Format">Number format for <see cref="double"/>/<see cref="float"/> cells; null means 3 significant figures.</param>
public sealed record MarkdownColumn(string Header, ColumnAlignment Alignment = ColumnAlignment.Left, NumberFormat? Format = null);

/// <summary>
/// A GitHub-flavoured Markdown table for report.md: cells are strings or numbers (formatted per column,
/// invariant culture), pipes are escaped, line breaks flattened, and columns padded so the raw text lines up.
/// </summary>
public sealed class MarkdownTable
{
    private static readonly NumberFormat DefaultFormat = NumberFormat.SignificantFigures(3);
    private readonly MarkdownColumn[] _columns;
    private readonly List<string[]> _rows = [];

    /// <summary>Creates a table with the given columns.</summary>
    /// <exception cref="ArgumentException">No columns.</exception>
    public MarkdownTable(params MarkdownColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("a table needs at least one column; got none.", nameof(columns));
        }

        _columns = columns;
    }

    /// <summary>Number of data rows.</summary>
    public int RowCount => _rows.Count;

    /// <summary>The columns, in order.</summary>
    internal IReadOnlyList<MarkdownColumn> Columns => _columns;

    /// <summary>The formatted cells of each row, unescaped (each renderer escapes for its own format).</summary>
    internal IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    /// <summary>
    /// Adds a row. <see cref="double"/> and <see cref="float"/> cells use the column's format, other
    /// <see cref="IFormattable"/> values the invariant culture, null an empty cell.
    /// </summary>
    /// <exception cref="ArgumentException">The number of cells differs from the number of columns.</exception>
    public MarkdownTable AddRow(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _columns.Length)
        {
            throw new ArgumentException(
                $"row has {cells.Length} cells but the table has {_columns.Length} columns ({string.Join(", ", _columns.Select(c => c.Header))}).",
                nameof(cells));
        }

        _rows.Add(cells.Select((cell, i) => FormatCell(cell, _columns[i])).ToArray());
        return this;
    }

    /// <summary>The table as Markdown, one line per row, each ending in <c>\n</c>.</summary>
    public override string ToString()
    {
        var headers = _columns.Select(c => Escape(c.Header)).ToArray();
        var rows = _rows.Select(r => r.Select(Escape).ToArray()).ToArray();
        var widths = headers.Select((h, i) => Math.Max(3, rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        var text = new StringBuilder();
        AppendLine(text, headers, widths);
        text.Append('|');
        for (int i = 0; i < _columns.Length; i++)
        {
            text.Append(' ').Append(Rule(_columns[i].Alignment, widths[i])).Append(" |");
        }

        text.Append('\n');
        foreach (var row in rows)
        {
            AppendLine(text, row, widths);
        }

        return text.ToString();
    }

    private void AppendLine(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (int i = 0; i < cells.Length; i++)
        {
            string cell = _columns[i].Alignment switch
            {
                ColumnAlignment.Right => cells[i].PadLeft(widths[i]),
                ColumnAlignment.Center => cells[i].PadLeft((widths[i] + cells[i].Length) / 2).PadRight(widths[i]),
                _ => cells[i].PadRight(widths[i]),
            };
            text.Append(' ').Append(cell).Append(" |");
        }

        text.Append('\n');
    }

    private static string Rule(ColumnAlignment alignment, int width) => alignment switch
    {
        ColumnAlignment.Right => new string('-', width - 1) + ":",
        ColumnAlignment.Center => ":" + new string('-', width - 2) + ":",
        _ => ":" + new string('-', width - 1),
    };

    private static string FormatCell(object? cell, MarkdownColumn column) => cell switch
    {
        null => string.Empty,
        double d => (column.Format ?? DefaultFormat).Format(d),
        float f => (column.Format ?? DefaultFormat).Format(f),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? string.Empty,
    };

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ');
}
