namespace WeightInit.Native;

/// <summary>
/// Thrown when a shared library cannot be read or patched as an ELF64 little-endian image:
/// not ELF, a 32-bit or big-endian image, truncated tables, or a missing version entry.
/// </summary>
public sealed class ElfFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    /// <param name="path">The file that was being read.</param>
    /// <param name="problem">What was wrong, and what was expected.</param>
    public ElfFormatException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file that was being read.</summary>
    public string Path { get; }

    /// <summary>What was wrong with it.</summary>
    public string Problem { get; }
}
