using System.Globalization;
using WeightInit.Internal;

namespace WeightInit.Experiments.Cli;

/// <summary>
/// Output locations are checked before any work starts (the folder is created, and a probe file written and removed),
/// and a write that still fails at the end saves the results in a fallback folder instead of losing them.
/// </summary>
internal static class OutputLocation
{
    /// <summary>
    /// Makes sure <paramref name="folder"/> can be written: creates it (and its parents), then writes and removes a probe file.
    /// </summary>
    /// <exception cref="UsageException">The folder is a file, sits under a file, or cannot be created or written; the message says which and why.</exception>
    public static void CheckFolder(string option, string folder)
    {
        string full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new UsageException(option, $"'{folder}' is a file; expected a folder to write into");
        }

        if (FileAncestor(full) is { } file)
        {
            throw new UsageException(option, $"cannot create folder '{folder}': '{file}' is a file, not a folder");
        }

        try
        {
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".weightinit-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException(option, $"cannot write into folder '{folder}' ({e.Message}); choose a folder you can write to");
        }
    }

    /// <summary>Makes sure the file <paramref name="path"/> can be written: its folder as in <see cref="CheckFolder"/>, and the path itself is not a folder.</summary>
    /// <exception cref="UsageException">The file cannot be written; the message says why.</exception>
    public static void CheckFile(string option, string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException(option, $"'{path}' is a folder; expected a file name");
        }

        try
        {
            AtomicFile.CheckReplaceable(full);
        }
        catch (IOException e)
        {
            throw new UsageException(option, e.Message);
        }

        CheckFolder(option, Path.GetDirectoryName(full) ?? ".");
        if (File.Exists(full) && new FileInfo(full).IsReadOnly)
        {
            throw new UsageException(option, $"'{path}' exists and is read-only");
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> on <paramref name="target"/>; if that fails with an I/O or permission error, runs it
    /// again on a new fallback folder (under the user cache, else the temp folder) and returns that folder, or
    /// <see langword="null"/> when the first write succeeded. <paramref name="report"/> is told what happened.
    /// </summary>
    /// <typeparam name="T">What <paramref name="write"/> returns.</typeparam>
    /// <param name="target">The folder (or, with <paramref name="fileName"/>, the file) to write.</param>
    /// <param name="write">Writes the results to the path it is given.</param>
    /// <param name="report">Told where the results went when the fallback was used.</param>
    /// <param name="fileName">When <paramref name="target"/> is a file: the name to give it inside the fallback folder.</param>
    public static (T Value, string? Fallback) WriteOrRescue<T>(string target, Func<string, T> write, TextWriter report, string? fileName = null)
    {
        try
        {
            return (write(target), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            foreach (string root in new[] { Path.Combine(UserCache.Root, "rescued"), Path.Combine(Path.GetTempPath(), "weightinit-rescued") })
            {
                string fallback = Path.Combine(root, $"{stamp}-{Environment.ProcessId}");
                try
                {
                    Directory.CreateDirectory(fallback);
                    var value = write(fileName is null ? fallback : Path.Combine(fallback, fileName));
                    report.WriteLine($"weightinit: could not write to '{target}' ({e.Message}); saved the results in '{fallback}' instead");
                    return (value, fallback);
                }
                catch (Exception again) when (again is IOException or UnauthorizedAccessException)
                {
                    // Try the next fallback; if none works the first error is the one to report.
                }
            }

            throw;
        }
    }

    /// <summary>The nearest existing ancestor of <paramref name="full"/> when that is a file (so no folder can be made below it).</summary>
    private static string? FileAncestor(string full)
    {
        for (string? dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir))
            {
                return dir;
            }

            if (Directory.Exists(dir))
            {
                return null;
            }
        }

        return null;
    }
}
