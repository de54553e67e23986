using System.Text.Json;
using WeightInit.Internal;

namespace WeightInit.Sweeps;

/// <summary>The measured outcome of one sweep cell.</summary>
/// <param name="Cell">Which cell.</param>
/// <param name="Metrics">Named final figures (e.g. <c>test_accuracy</c>, <c>final_loss</c>); NaN is written as <c>null</c>-free strings by System.Text.Json's named-literal handling.</param>
/// <param name="ActivationStd">Std of each hidden layer's activation at initialization.</param>
/// <param name="Diverged">Whether training stopped on a NaN or infinite loss.</param>
/// <param name="Seconds">Wall time of the cell.</param>
public sealed record SweepCellResult(
    SweepCell Cell,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<double> ActivationStd,
    bool Diverged,
    double Seconds);

/// <summary>One shard's file, or a merged file: the grid it belongs to and the cells finished so far.</summary>
/// <param name="Schema">File format version (<see cref="SweepStore.SchemaVersion"/>).</param>
/// <param name="Fingerprint">The grid's <see cref="SweepGrid.Fingerprint"/>.</param>
/// <param name="Grid">The grid definition.</param>
/// <param name="Shard">The shard that wrote it (<c>merged</c> for a merge).</param>
/// <param name="Results">Finished cells, ordered by cell index.</param>
public sealed record SweepFile(int Schema, string Fingerprint, SweepGrid Grid, string Shard, IReadOnlyList<SweepCellResult> Results);

/// <summary>Thrown when result files from different grids, or conflicting results for one cell, are combined.</summary>
public sealed class SweepMismatchException(string message) : InvalidOperationException(message);

/// <summary>
/// Shard result files in a shared folder: each shard rewrites its own file atomically after every cell
/// (so a killed job loses at most the cell in flight), skips cells any file in the folder already holds
/// (so a rerun resumes, even with another shard count), and <see cref="Merge"/> combines them.
/// </summary>
public static class SweepStore
{
    /// <summary>The current <see cref="SweepFile.Schema"/>.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Suffix of every sweep result file.</summary>
    public const string Suffix = ".sweep.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The file shard <paramref name="shard"/> writes in <paramref name="folder"/>.</summary>
    public static string ShardPath(string folder, ShardSpec shard) =>
        Path.Combine(folder, $"shard-{shard.Index:D3}-of-{shard.Count:D3}{Suffix}");

    /// <summary>
    /// Runs the cells of <paramref name="shard"/> that no file in <paramref name="folder"/> holds yet, writing the
    /// shard's file after each one. Returns the shard's file content.
    /// </summary>
    /// <exception cref="SweepMismatchException">A file in the folder belongs to a different grid.</exception>
    /// <exception cref="IOException">
    /// Another process is running the same shard in this folder (it holds the advisory lock on <c>SHARDFILE.lock</c>)
    /// and did not release it within <paramref name="lockWait"/>; the message says which process, on which host, since when.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lockWait"/> is negative.</exception>
    /// <param name="grid">The grid; every shard of one sweep must be given the same one.</param>
    /// <param name="shard">Which cells this process runs.</param>
    /// <param name="folder">The shared folder of the shard files.</param>
    /// <param name="runCell">Computes one cell.</param>
    /// <param name="progress">Receives one line per cell, and one when waiting for the lock.</param>
    /// <param name="lockWait">How long to wait for another process that holds this shard's lock to finish (checked every
    /// second); <see cref="TimeSpan.Zero"/> (the default) leaves at once. After that process ends, the cells it wrote are skipped.</param>
    /// <param name="cancellationToken">Stops between cells, and while waiting for the lock.</param>
    public static async Task<SweepFile> RunShardAsync(
        SweepGrid grid,
        ShardSpec shard,
        string folder,
        Func<SweepCell, CancellationToken, Task<SweepCellResult>> runCell,
        IProgress<string>? progress = null,
        TimeSpan lockWait = default,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(runCell);
        ArgumentOutOfRangeException.ThrowIfLessThan(lockWait, TimeSpan.Zero);
        grid.Validate();
        Directory.CreateDirectory(folder);
        using var shardLock = await LockShardAsync(ShardPath(folder, shard), shard, lockWait, progress, cancellationToken).ConfigureAwait(false);
        string fingerprint = grid.Fingerprint;
        var done = ReadFolder(folder, fingerprint).SelectMany(f => f.Results).GroupBy(r => r.Cell.Index).ToDictionary(g => g.Key, g => g.First());
        string path = ShardPath(folder, shard);
        var mine = grid.CellsOf(shard);
        var results = mine.Where(c => done.ContainsKey(c.Index)).Select(c => done[c.Index]).ToList();
        progress?.Report($"shard {shard}: {mine.Count} cells, {results.Count} already done in {folder}");
        foreach (var cell in mine.Where(c => !done.ContainsKey(c.Index)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await runCell(cell, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            Write(path, new SweepFile(SchemaVersion, fingerprint, grid, shard.ToString(), results.OrderBy(r => r.Cell.Index).ToList()));
            progress?.Report($"shard {shard}: {cell.Key} done ({results.Count}/{mine.Count})");
        }

        var file = new SweepFile(SchemaVersion, fingerprint, grid, shard.ToString(), results.OrderBy(r => r.Cell.Index).ToList());
        Write(path, file);
        return file;
    }

    /// <summary>
    /// Combines every sweep file in <paramref name="folder"/> (merged files excluded) into one, ordered by cell index;
    /// the order the files are read in does not matter.
    /// </summary>
    /// <exception cref="SweepMismatchException">Files belong to different grids, or two files disagree on a cell.</exception>
    /// <exception cref="FileNotFoundException">The folder holds no sweep files.</exception>
    public static SweepFile Merge(string folder)
    {
        var files = Directory.GetFiles(folder, "*" + Suffix).Where(f => !Path.GetFileName(f).StartsWith("merged", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            int merged = Directory.GetFiles(folder, "merged*" + Suffix).Length;
            throw new FileNotFoundException(
                $"no shard files (*{Suffix}) in {folder}" + (merged > 0 ? $" (the {merged} merged*{Suffix} file(s) there are merge's own output, not shards)" : string.Empty) +
                "; expected the shard files written by 'weightinit sweep' or 'weightinit study depth'");
        }

        var read = files.Select(f => (Path: f, File: Read(f))).ToList();
        var first = read[0];
        foreach (var (p, f) in read.Where(r => r.File.Fingerprint != first.File.Fingerprint))
        {
            throw new SweepMismatchException($"{p} belongs to grid {f.Fingerprint}, but {first.Path} to grid {first.File.Fingerprint}; merge only files of one sweep definition");
        }

        var byCell = new SortedDictionary<int, SweepCellResult>();
        foreach (var (p, f) in read)
        {
            foreach (var r in f.Results)
            {
                if (byCell.TryGetValue(r.Cell.Index, out var seen) && !SameMeasurement(seen, r))
                {
                    throw new SweepMismatchException($"cell {r.Cell.Key} appears twice with different results (one of them in {p})");
                }

                byCell.TryAdd(r.Cell.Index, r);
            }
        }

        return new SweepFile(SchemaVersion, first.File.Fingerprint, first.File.Grid, "merged", byCell.Values.ToList());
    }

    /// <summary>Reads a sweep file and checks every entry belongs to its grid.</summary>
    /// <exception cref="InvalidDataException">
    /// The file is not a sweep file of a known schema, or is damaged (a missing or <c>null</c> entry, a cell not of its
    /// grid); the message names the file and the entry.
    /// </exception>
    public static SweepFile Read(string path)
    {
        SweepFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SweepFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a sweep result file: {e.Message}", e);
        }

        if (file is null || file.Schema != SchemaVersion || file.Grid is null || file.Results is null)
        {
            throw new InvalidDataException($"{path} is not a sweep result file of schema {SchemaVersion} (got schema {file?.Schema})");
        }

        if (Damage(file) is { } damage)
        {
            throw new InvalidDataException($"{path} is damaged: {damage}");
        }

        return file;
    }

    /// <summary>
    /// Renames every file in <paramref name="folder"/> that <see cref="Read"/> refuses to <c>NAME.corrupt-TIMESTAMP</c>
    /// (no longer a sweep file, kept for inspection), so a rerun computes its cells again.
    /// </summary>
    /// <returns>Each file set aside, with its new name and why it was refused.</returns>
    /// <exception cref="IOException">A file could not be renamed.</exception>
    public static IReadOnlyList<(string Path, string NewPath, string Reason)> SetAsideDamaged(string folder)
    {
        var moved = new List<(string, string, string)>();
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (string path in Directory.GetFiles(folder, "*" + Suffix).Order(StringComparer.Ordinal))
        {
            try
            {
                Read(path);
            }
            catch (InvalidDataException e)
            {
                string target = $"{path}.corrupt-{stamp}";
                File.Move(path, target);
                moved.Add((path, target, e.Message));
            }
        }

        return moved;
    }

    /// <summary>
    /// Takes the advisory lock of one shard (an exclusive lock on <c>SHARDFILE.lock</c>, released by the kernel when
    /// the process ends, however it ends) and records who holds it in <c>SHARDFILE.owner</c>.
    /// </summary>
    private static async Task<FileStream> LockShardAsync(string shardPath, ShardSpec shard, TimeSpan wait, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        string owner = shardPath + ".owner";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool reported = false;
        FileStream stream;
        while (true)
        {
            try
            {
                stream = new FileStream(shardPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                break;
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                string holder = File.Exists(owner) ? File.ReadAllText(owner).Trim() : "another process";
                string where = $"shard {shard} in {Path.GetDirectoryName(shardPath)}";
                if (clock.Elapsed >= wait)
                {
                    throw new IOException(wait > TimeSpan.Zero
                        ? $"{where} is still being run by {holder} after waiting {wait.TotalSeconds:0.###} s; wait longer (--wait-for-lock), or run another shard"
                        : $"{where} is already being run by {holder}; wait for it to finish (--wait-for-lock SECONDS), or run another shard", e);
                }

                if (!reported)
                {
                    progress?.Report($"{where} is being run by {holder}; waiting up to {wait.TotalSeconds:0.###} s for it to finish");
                    reported = true;
                }

                TimeSpan left = wait - clock.Elapsed;
                await Task.Delay(left < TimeSpan.FromSeconds(1) ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }

        AtomicFile.WriteAllText(owner, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"process {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC\n"));
        return stream;
    }

    private static string? Damage(SweepFile file)
    {
        var g = file.Grid;
        if (g.Depths is null || g.Widths is null || g.Activations is null || g.Initializers is null || g.Seeds is null || g.Settings is null)
        {
            return "its Grid lacks an axis";
        }

        try
        {
            g.Validate();
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }

        var cells = g.Cells;
        for (int i = 0; i < file.Results.Count; i++)
        {
            var r = file.Results[i];
            string? problem = r switch
            {
                null => "is null",
                { Cell: null } => "has no Cell",
                { Metrics: null } => "has no Metrics",
                { ActivationStd: null } => "has no ActivationStd",
                _ when r.Cell.Index < 0 || r.Cell.Index >= cells.Count || cells[r.Cell.Index] != r.Cell => $"holds cell {r.Cell.Index} ({r.Cell.Key}), which is not that cell of the file's grid",
                _ => null,
            };
            if (problem is not null)
            {
                return $"Results[{i}] {problem}";
            }
        }

        return null;
    }

    /// <summary>Writes <paramref name="file"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, SweepFile file) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(file, Json));

    private static IEnumerable<SweepFile> ReadFolder(string folder, string fingerprint)
    {
        foreach (string path in Directory.GetFiles(folder, "*" + Suffix).Order(StringComparer.Ordinal))
        {
            var file = Read(path);
            if (file.Fingerprint != fingerprint)
            {
                throw new SweepMismatchException($"{path} belongs to grid {file.Fingerprint}, not to this sweep's grid {fingerprint}; use another output folder or the same sweep definition");
            }

            yield return file;
        }
    }

    private static bool SameMeasurement(SweepCellResult a, SweepCellResult b) =>
        a.Diverged == b.Diverged
        && a.ActivationStd.SequenceEqual(b.ActivationStd)
        && a.Metrics.Count == b.Metrics.Count
        && a.Metrics.All(kv => b.Metrics.TryGetValue(kv.Key, out double v) && v.Equals(kv.Value));
}
