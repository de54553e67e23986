namespace WeightInit.Tests.TestDoubles;

/// <summary>Keeps every progress line reported, from any thread.</summary>
internal sealed class RecordingProgress : IProgress<string>
{
    private readonly List<string> _lines = [];

    /// <summary>A copy of the lines so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Report(string value)
    {
        lock (_lines)
        {
            _lines.Add(value);
        }
    }
}
