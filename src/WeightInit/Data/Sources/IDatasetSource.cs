namespace WeightInit.Data.Sources;

/// <summary>One place a data set can come from. Throws <see cref="SourceNotApplicableException"/> to be skipped, anything else to report a failure.</summary>
internal interface IDatasetSource
{
    DatasetSourceKind Kind { get; }

    Task<DatasetFiles> ProvideAsync(FetchContext context, CancellationToken cancellationToken);
}

/// <summary>The source does not apply here (not configured, switched off, tool not installed); not a failure.</summary>
internal sealed class SourceNotApplicableException(string reason) : Exception(reason);

/// <summary>What every source needs: the options, the resolved cache folder and a progress sink.</summary>
internal sealed class FetchContext(DatasetOptions options, IProgress<string>? progress)
{
    /// <summary>Why the network sources are skipped when <see cref="DatasetOptions.Offline"/> is set.</summary>
    public const string OfflineReason = $"offline (DatasetOptions.Offline, --offline or {DatasetOptions.OfflineVariable}=1)";

    public DatasetOptions Options { get; } = options;

    public DatasetDescriptor Dataset => Options.Dataset;

    public string CacheDirectory { get; } = options.ResolveCacheDirectory();

    /// <summary>Whether a mirror's host name failed to resolve (the machine is most likely offline); later sources then fail fast.</summary>
    public bool NameResolutionFailed { get; set; }

    public void Report(string message) => progress?.Report($"{Options.Dataset.Name}: {message}");

    public DatasetFiles Result(DatasetSourceKind kind, string description, IReadOnlyList<string> paths) =>
        new(Dataset.Name, kind, description, paths[0], paths[1], paths[2], paths[3]);
}
