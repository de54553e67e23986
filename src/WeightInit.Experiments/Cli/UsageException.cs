using System.Text.RegularExpressions;

namespace WeightInit.Experiments.Cli;

/// <summary>A command-line value that parsed but makes no sense; reported in one line with exit code 2.</summary>
internal sealed class UsageException(string option, string message) : Exception($"{option}: {OneLine(message)}")
{
    /// <summary>The option at fault, e.g. <c>--shard</c>.</summary>
    public string Option { get; } = option;

    /// <summary>
    /// <paramref name="message"/> as one line: lines joined by a space, .NET's <c>(Parameter 'x')</c> suffixes and
    /// <c>Actual value was x.</c> lines dropped (the messages here repeat the value themselves), and
    /// libtorch's native stack (from its first <c>Exception raised from</c> or <c>frame #</c> line) cut off.
    /// </summary>
    internal static string OneLine(string message)
    {
        var lines = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeWhile(l => !l.StartsWith("frame #", StringComparison.Ordinal) && !l.StartsWith("Exception raised from", StringComparison.Ordinal));
        return Regex.Replace(string.Join(" ", lines.Where(l => !l.StartsWith("Actual value was ", StringComparison.Ordinal))), @" \(Parameter '[^']*'\)", string.Empty);
    }
}
