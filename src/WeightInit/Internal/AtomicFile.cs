namespace WeightInit.Internal;

/// <summary>
/// Writes files so that no reader ever sees a half-written one: the bytes go to a uniquely named
/// temporary file in the destination folder, are flushed, and the file is then renamed over the
/// destination (an atomic replace on POSIX file systems). Two processes writing the same content at
/// once both succeed and leave one complete file.
/// </summary>
/// <remarks>Infrastructure that WeightInit shares with the <c>weightinit</c> tool (namespace <c>Internal</c>): usable, but not
/// part of the API the library promises to keep stable.</remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException"><paramref name="path"/> is not a regular file (see <see cref="TempPathFor"/>), or the write fails.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string temp = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>
    /// Lets <paramref name="write"/> fill a temporary file beside <paramref name="path"/>, then moves it into
    /// place; if <paramref name="write"/> throws, the temporary file is deleted and nothing appears at
    /// <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        string temp = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="path"/> is free or a regular file: the final rename of an atomic write replaces whatever
    /// the path names, and a device (<c>/dev/null</c>), FIFO, socket or folder must not be replaced by a result file.
    /// Devices, FIFOs and sockets are recognized on Linux with glibc on x86-64 and arm64; elsewhere only folders are.
    /// </summary>
    /// <exception cref="IOException"><paramref name="path"/> names a folder, a device, a FIFO or a socket.</exception>
    public static void CheckReplaceable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (FileKind.NotRegular(path) is { } kind)
        {
            throw new IOException($"refusing to replace '{path}': it is a {kind}, not a regular file, and writing a result replaces the file at that path; give the path of a regular file (new or existing)");
        }
    }

    /// <summary>A unique temporary name in the same folder as <paramref name="path"/>, so the final rename never crosses file systems.</summary>
    /// <exception cref="IOException"><paramref name="path"/> names a folder, a device, a FIFO or a socket, which the final rename would replace.</exception>
    public static string TempPathFor(string path)
    {
        CheckReplaceable(path);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // Best effort: a stray temp file is harmless, its name is never trusted.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
