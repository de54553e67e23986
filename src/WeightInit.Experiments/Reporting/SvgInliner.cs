using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace WeightInit.Experiments.Reporting;

/// <summary>
/// Prepares an SVG file for inlining in an HTML page: no XML declaration, a <c>viewBox</c> so CSS can scale it
/// (width 100 %, height from the aspect ratio), ids prefixed so several figures' clip paths and images never
/// collide in one document, and no scripts.
/// </summary>
internal static class SvgInliner
{
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    /// <summary>The inline <c>&lt;svg&gt;</c> element for <paramref name="svg"/>, its ids prefixed with <paramref name="idPrefix"/>.</summary>
    /// <exception cref="InvalidDataException"><paramref name="svg"/> is not an SVG document.</exception>
    public static string Inline(string svg, string idPrefix, string label)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"figure '{idPrefix}' is not well-formed SVG ({e.Message}); expected the SVG text the figure writer saved.", e);
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != "svg")
        {
            throw new InvalidDataException($"figure '{idPrefix}' has root element <{root?.Name.LocalName}>; expected <svg>.");
        }

        root.Descendants().Where(e => e.Name.LocalName is "script" or "foreignObject").Remove();
        if (root.Attribute("viewBox") is null && Length(root, "width") is { } w && Length(root, "height") is { } h)
        {
            root.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {w} {h}"));
        }

        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-label", label);
        PrefixIds(root, idPrefix);
        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static double? Length(XElement root, string name) =>
        double.TryParse(root.Attribute(name)?.Value.Replace("px", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 ? v : null;

    private static void PrefixIds(XElement root, string prefix)
    {
        var ids = root.DescendantsAndSelf().Select(e => e.Attribute("id")).OfType<XAttribute>().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var renamed = ids.Select(a => a.Value).Distinct(StringComparer.Ordinal).ToDictionary(v => v, v => $"{prefix}-{v}", StringComparer.Ordinal);
        foreach (var id in ids)
        {
            id.Value = renamed[id.Value];
        }

        foreach (var attribute in root.DescendantsAndSelf().SelectMany(e => e.Attributes()))
        {
            string value = attribute.Value;
            if ((attribute.Name == XLink + "href" || attribute.Name.LocalName == "href") && value.StartsWith('#') && renamed.TryGetValue(value[1..], out string? target))
            {
                attribute.Value = "#" + target;
            }
            else if (value.Contains("url(#", StringComparison.Ordinal))
            {
                foreach (var (from, to) in renamed)
                {
                    value = value.Replace($"url(#{from})", $"url(#{to})", StringComparison.Ordinal);
                }

                attribute.Value = value;
            }
        }
    }
}
