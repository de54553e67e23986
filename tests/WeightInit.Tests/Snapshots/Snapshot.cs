using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ApprovalTests;
using ApprovalTests.Namers;
using ApprovalTests.Reporters;

[assembly: UseReporter(typeof(QuietReporter))]

namespace WeightInit.Tests.Snapshots;

/// <summary>
/// The one place snapshot (approval) tests go through. Text is scrubbed of volatile values, then compared
/// with <c>Class.Method.approved.txt</c> beside the test; a mismatch writes <c>…received.txt</c> and fails.
/// ApprovalTests stands in for Verify.Xunit, which cannot be restored here; moving to Verify means
/// changing this file only (the integration tests compile the same file). Call it from a synchronous test method:
/// the namer finds the test by walking the stack.
/// </summary>
internal static partial class Snapshot
{
    /// <summary>Compares scrubbed <paramref name="text"/> with the approved snapshot of the calling test.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Match(string text, string? variant = null)
    {
        using var _ = variant is null ? null : ApprovalResults.ForScenario(variant);
        Approvals.Verify(Scrub(text));
    }

    /// <summary>Removes what changes from run to run: durations, dates, temp paths, versions; normalizes newlines.</summary>
    public static string Scrub(string text) =>
        Version().Replace(
            TempPath().Replace(
                Timestamp().Replace(
                    Duration().Replace(text.ReplaceLineEndings("\n"), "{duration}"),
                    "{timestamp}"),
                "{temp}"),
            "{version}");

    [GeneratedRegex(@"\b\d+(\.\d+)?\s?(ms|s)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?( UTC)?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"/tmp/[^\s""']+")]
    private static partial Regex TempPath();

    [GeneratedRegex(@"\b\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?(\+[0-9a-f]+)?\b")]
    private static partial Regex Version();
}
