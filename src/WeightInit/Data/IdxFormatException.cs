namespace WeightInit.Data;

/// <summary>
/// An IDX file (the format of MNIST and Fashion-MNIST, described on Y. LeCun's MNIST page) is truncated,
/// corrupt or of a kind WeightInit does not read. The message names the file and what was wrong with it.
/// </summary>
public sealed class IdxFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> with a description of the <paramref name="problem"/>.</summary>
    public IdxFormatException(string filePath, string problem)
        : base($"IDX file '{filePath}': {problem}")
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file (or other source name) that was being read.</summary>
    public string FilePath { get; }

    /// <summary>What was wrong, without the file name.</summary>
    public string Problem { get; }
}
