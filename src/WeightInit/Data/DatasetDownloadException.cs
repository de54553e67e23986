using System.Net;

namespace WeightInit.Data;

/// <summary>
/// Downloading one file from one mirror failed: an HTTP error status, a timeout, a connection failure or a
/// response body that ended early. Nothing from the failed download is left on disk.
/// </summary>
public sealed class DatasetDownloadException : IOException
{
    /// <summary>Creates the exception for <paramref name="url"/>.</summary>
    public DatasetDownloadException(Uri url, string reason, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base($"download of {url} failed: {reason}", innerException)
    {
        Url = url;
        Reason = reason;
        StatusCode = statusCode;
    }

    /// <summary>The URL that was requested.</summary>
    public Uri Url { get; }

    /// <summary>What went wrong, without the URL.</summary>
    public string Reason { get; }

    /// <summary>The HTTP status when the server answered with an error status; otherwise <see langword="null"/>.</summary>
    public HttpStatusCode? StatusCode { get; }
}
