namespace WeightInit.Experiments.Cli;

/// <summary>Writes each report as a line at once, on the reporting thread (unlike <see cref="Progress{T}"/>, which posts and can reorder lines).</summary>
internal sealed class LineProgress(TextWriter output) : IProgress<string>
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public void Report(string value)
    {
        lock (_gate)
        {
            output.WriteLine(value);
        }
    }
}
