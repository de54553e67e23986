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
    public DatasetOptions Options { get; } = options;

    public DatasetDescriptor Dataset => Options.Dataset;

    public string CacheDirectory { get; } = options.ResolveCacheDirectory();

    public void Report(string message) => progress?.Report($"{Options.Dataset.Name}: {message}");

    public DatasetFiles Result(DatasetSourceKind kind, string description, IReadOnlyList<string> paths) =>
        new(Dataset.Name, kind, description, paths[0], paths[1], paths[2], paths[3]);
}
