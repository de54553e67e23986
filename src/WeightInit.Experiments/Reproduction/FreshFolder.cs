namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// A reproduction never presents another run's files as its own: its files are written into a fresh folder beside the
/// destination, which then replaces the destination as a whole (the previous run's folder is renamed aside and deleted).
/// A folder holding files that no reproduction wrote is never replaced.
/// </summary>
internal static class FreshFolder
{
    /// <summary>The file that marks a folder as a reproduction's output; it lists the files of that run.</summary>
    public const string Marker = ".weightinit-reproduce";

    /// <summary>
    /// Why <paramref name="directory"/> may not be replaced, or <see langword="null"/> when it may: it does not exist, is
    /// empty, holds <see cref="Marker"/>, or holds report.md and results.json (written before the marker existed).
    /// </summary>
    public static string? Conflict(string directory)
    {
        if (File.Exists(directory))
        {
            return $"'{directory}' is a file; expected a folder";
        }

        if (!Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any()
            || File.Exists(Path.Combine(directory, Marker))
            || (File.Exists(Path.Combine(directory, "report.md")) && File.Exists(Path.Combine(directory, "results.json"))))
        {
            return null;
        }

        return $"folder '{directory}' already holds files that reproduce did not write, and reproduce replaces its output folder as a whole; choose a new or empty folder";
    }

    /// <summary>
    /// Lets <paramref name="fill"/> write into a new sibling of <paramref name="directory"/>, adds the marker, and swaps
    /// the result in place of <paramref name="directory"/>; on failure the destination is left as it was.
    /// </summary>
    /// <returns>What <paramref name="fill"/> returned: the file names written.</returns>
    /// <exception cref="IOException">The destination holds foreign files (see <see cref="Conflict"/>), or a write or rename failed.</exception>
    public static IReadOnlyList<string> Write(string directory, Func<string, IReadOnlyList<string>> fill)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        string parent = Path.GetDirectoryName(full) ?? throw new IOException($"cannot replace the root folder '{full}'");
        string name = Path.GetFileName(full);
        string unique = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        string staging = Path.Combine(parent, $".{name}.partial-{unique}");
        Directory.CreateDirectory(staging);
        try
        {
            var files = fill(staging);
            WeightInit.Internal.AtomicFile.WriteAllText(Path.Combine(staging, Marker), string.Join("\n", files) + "\n");
            if (Conflict(full) is { } reason)
            {
                throw new IOException(reason);
            }

            if (Directory.Exists(full))
            {
                string old = Path.Combine(parent, $".{name}.old-{unique}");
                Directory.Move(full, old);
                Directory.Move(staging, full);
                TryDelete(old);
            }
            else
            {
                Directory.Move(staging, full);
            }

            return files;
        }
        finally
        {
            TryDelete(staging);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden folder of ours is harmless and never read.
        }
    }
}
