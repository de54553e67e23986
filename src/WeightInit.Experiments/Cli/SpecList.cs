namespace WeightInit.Experiments.Cli;

/// <summary>
/// The one reader of comma-separated lists on the command line (<c>--init</c>, <c>--inits</c>, <c>--activations</c>):
/// a comma splits items only outside parentheses, so <c>he,he_normal(a=0,mode=fan_out)</c> is two items.
/// </summary>
internal static class SpecList
{
    /// <summary>Splits <paramref name="text"/> at top-level commas; items are trimmed and empty items dropped.</summary>
    /// <returns><see langword="false"/> with the reason when the parentheses do not balance.</returns>
    public static bool TrySplit(string text, out IReadOnlyList<string> items, out string? error)
    {
        var result = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : ',';
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth < 0)
            {
                break;
            }
            else if (c == ',' && depth == 0)
            {
                string item = text[start..Math.Min(i, text.Length)].Trim();
                if (item.Length > 0)
                {
                    result.Add(item);
                }

                start = i + 1;
            }
        }

        if (depth != 0)
        {
            items = [];
            error = $"unbalanced parentheses in '{text}'; expected items like he,orthogonal(gain=1.41),he_normal(a=0,mode=fan_out)";
            return false;
        }

        items = result;
        error = null;
        return true;
    }
}
