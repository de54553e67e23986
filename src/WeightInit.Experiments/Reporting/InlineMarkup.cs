using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace WeightInit.Experiments.Reporting;

/// <summary>
/// The report model's inline markup (<c>**strong**</c>, <c>*emphasis*</c>, <c>`code`</c>, as in Markdown) as HTML, and
/// as plain text for anchors. Everything else is HTML-escaped, so no text of a run can inject markup.
/// </summary>
internal static partial class InlineMarkup
{
    /// <summary>HTML-escaped text with the inline markup turned into elements.</summary>
    public static string ToHtml(string text)
    {
        var html = new StringBuilder();
        int at = 0;
        foreach (Match code in CodeSpan().Matches(text))
        {
            html.Append(Emphasis(text[at..code.Index]));
            html.Append("<code>").Append(WebUtility.HtmlEncode(code.Groups[1].Value)).Append("</code>");
            at = code.Index + code.Length;
        }

        return html.Append(Emphasis(text[at..])).ToString();
    }

    /// <summary>The text without its markup characters (for titles and anchors).</summary>
    public static string ToPlain(string text) => Em().Replace(Strong().Replace(text.Replace("`", string.Empty, StringComparison.Ordinal), "$1"), "$1");

    // Escaping first is safe: it never produces or removes an asterisk.
    private static string Emphasis(string text) =>
        Em().Replace(Strong().Replace(WebUtility.HtmlEncode(text), "<strong>$1</strong>"), "<em>$1</em>");

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\*\*(\S(?:.*?\S)?)\*\*")]
    private static partial Regex Strong();

    [GeneratedRegex(@"(?<![\*\w])\*([^\s*](?:[^*]*?[^\s*])?)\*(?![\*\w])")]
    private static partial Regex Em();
}
