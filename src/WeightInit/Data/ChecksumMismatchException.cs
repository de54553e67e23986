namespace WeightInit.Data;

/// <summary>
/// A data file's MD5 digest is not the published one: the file is corrupt, truncated, or not the data set it
/// claims to be. Whatever produced it has already been deleted; nothing with this content is trusted.
/// </summary>
public sealed class ChecksumMismatchException : IOException
{
    /// <summary>Creates the exception for <paramref name="subject"/> (a path or URL).</summary>
    public ChecksumMismatchException(string subject, string expectedMd5, string actualMd5)
        : base($"'{subject}' has MD5 {actualMd5}, expected {expectedMd5}: the data is corrupt, truncated or a different file; it was discarded")
    {
        Subject = subject;
        ExpectedMd5 = expectedMd5;
        ActualMd5 = actualMd5;
    }

    /// <summary>The path or URL whose content was checked.</summary>
    public string Subject { get; }

    /// <summary>The published MD5 (lower-case hex).</summary>
    public string ExpectedMd5 { get; }

    /// <summary>The MD5 of what was actually read (lower-case hex).</summary>
    public string ActualMd5 { get; }
}
