namespace WeightInit.Data;

/// <summary>
/// A tar archive holds an entry that WeightInit refuses to extract: a path that is absolute or climbs out of the
/// target folder with <c>..</c>, or a symbolic link, hard link or device entry. Nothing from the archive is
/// installed when this is thrown.
/// </summary>
public sealed class UnsafeArchiveException : IOException
{
    /// <summary>Creates the exception for entry <paramref name="entryName"/> of <paramref name="archive"/>.</summary>
    public UnsafeArchiveException(string archive, string entryName, string reason)
        : base($"archive '{archive}' was refused: entry '{entryName}' {reason}")
    {
        Archive = archive;
        EntryName = entryName;
        Reason = reason;
    }

    /// <summary>The archive being extracted.</summary>
    public string Archive { get; }

    /// <summary>The entry name exactly as stored in the archive.</summary>
    public string EntryName { get; }

    /// <summary>Why the entry was refused.</summary>
    public string Reason { get; }
}
