namespace WeightInit.Data.Sources;

/// <summary>Finds a data set's files in local folders (plain or <c>.gz</c>, also torchvision's <c>&lt;dir&gt;/MNIST/raw/</c>) and checks each against its MD5.</summary>
internal static class LocalFolders
{
    /// <summary>The path of a verified copy of <paramref name="file"/> in <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">No candidate exists.</exception>
    /// <exception cref="ChecksumMismatchException">Candidates exist but none has the right content.</exception>
    public static string FindVerified(DatasetDescriptor dataset, DatasetFile file, string folder)
    {
        ChecksumMismatchException? mismatch = null;
        foreach (string candidate in Candidates(dataset, file, folder))
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            string actual;
            try
            {
                actual = Checksums.Md5OfContent(candidate);
            }
            catch (InvalidDataException ex)
            {
                mismatch ??= new ChecksumMismatchException(candidate, file.Md5, $"unreadable ({ex.Message})");
                continue;
            }

            if (actual == file.Md5)
            {
                return candidate;
            }

            mismatch ??= new ChecksumMismatchException(candidate, file.Md5, actual);
        }

        throw mismatch ?? (Exception)new FileNotFoundException($"{file.Name} (plain or .gz) not found in '{folder}'", Path.Combine(folder, file.Name));
    }

    /// <summary>Verified paths of all four files, or an exception naming the first file that is missing or wrong.</summary>
    public static IReadOnlyList<string> FindAllVerified(DatasetDescriptor dataset, string folder) =>
        dataset.Files.Select(file => FindVerified(dataset, file, folder)).ToArray();

    /// <summary>Whether <paramref name="folder"/> already holds a verified copy of <paramref name="file"/>.</summary>
    public static string? TryFindVerified(DatasetDescriptor dataset, DatasetFile file, string folder)
    {
        try
        {
            return FindVerified(dataset, file, folder);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Candidates(DatasetDescriptor dataset, DatasetFile file, string folder)
    {
        yield return Path.Combine(folder, file.Name);
        yield return Path.Combine(folder, file.Name + ".gz");
        if (dataset.TorchvisionFolder is { } torchvision)
        {
            yield return Path.Combine(folder, torchvision, "raw", file.Name);
            yield return Path.Combine(folder, torchvision, "raw", file.Name + ".gz");
        }
    }
}

/// <summary>The explicit <see cref="DatasetOptions.Directory"/>: read in place, never written.</summary>
internal sealed class DirectorySource : IDatasetSource
{
    public DatasetSourceKind Kind => DatasetSourceKind.Directory;

    public Task<DatasetFiles> ProvideAsync(FetchContext context, CancellationToken cancellationToken)
    {
        string folder = context.Options.Directory is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : throw new SourceNotApplicableException("no directory given (DatasetOptions.Directory)");
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"directory '{folder}' does not exist");
        }

        context.Report($"checking directory {folder}");
        return Task.FromResult(context.Result(Kind, folder, LocalFolders.FindAllVerified(context.Dataset, folder)));
    }
}

/// <summary>The cache folder, holding files a mirror or npm supplied earlier (or that a user put there).</summary>
internal sealed class CacheSource : IDatasetSource
{
    public DatasetSourceKind Kind => DatasetSourceKind.Cache;

    public Task<DatasetFiles> ProvideAsync(FetchContext context, CancellationToken cancellationToken)
    {
        string folder = context.CacheDirectory;
        if (File.Exists(folder))
        {
            throw new IOException($"cache folder '{folder}' is a file, not a folder; remove it or choose another cache folder");
        }

        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"cache folder '{folder}' does not exist yet");
        }

        context.Report($"checking cache {folder}");
        return Task.FromResult(context.Result(Kind, folder, LocalFolders.FindAllVerified(context.Dataset, folder)));
    }
}

/// <summary>Folders where an operating-system package installs the data set (Debian's <c>dataset-fashion-mnist</c>); read in place.</summary>
internal sealed class SystemPackageSource : IDatasetSource
{
    public DatasetSourceKind Kind => DatasetSourceKind.SystemPackage;

    public Task<DatasetFiles> ProvideAsync(FetchContext context, CancellationToken cancellationToken)
    {
        if (!context.Options.UseSystemPackages)
        {
            throw new SourceNotApplicableException("switched off (DatasetOptions.UseSystemPackages)");
        }

        if (context.Dataset.SystemDirectories.Count == 0)
        {
            throw new SourceNotApplicableException($"no operating-system package is known to carry {context.Dataset.Name}");
        }

        var problems = new List<string>();
        bool anyInstalled = false;
        foreach (string folder in context.Dataset.SystemDirectories)
        {
            if (!Directory.Exists(folder))
            {
                problems.Add($"'{folder}' does not exist (package not installed)");
                continue;
            }

            anyInstalled = true;
            context.Report($"checking installed package files in {folder}");
            try
            {
                return Task.FromResult(context.Result(Kind, folder, LocalFolders.FindAllVerified(context.Dataset, folder)));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                problems.Add(ex.Message);
            }
        }

        string summary = string.Join("; ", problems);
        throw anyInstalled ? new IOException(summary) : new SourceNotApplicableException(summary);
    }
}
