using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Experiments.Reporting;
using WeightInit.Internal;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Sweeps;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Experiments.Cli;

/// <summary>
/// <c>weightinit sweep</c>: depth × width × activation × initializer × seed, split into shards that independent
/// processes (a Slurm job array, a Kubernetes Indexed Job) run into one shared folder; <c>sweep merge</c> combines them.
/// </summary>
internal static class SweepCommand
{
    /// <summary>Builds <c>sweep</c> and <c>sweep merge</c>.</summary>
    public static Command Build()
    {
        var outDir = new Option<string>("--out") { Description = "Shared output folder for the shard result files.", DefaultValueFactory = _ => "sweep-out" }.PathName();
        var depths = CliOptions.IntList("--depths", "Hidden-layer counts (He et al. 2015 trained plain ReLU nets up to 30 layers).", [5, 10, 20, 30], 1);
        var widths = CliOptions.IntList("--widths", "Hidden widths.", [256], 1);
        var activations = CliOptions.NameList("--activations", "Activations, comma-separated.", ["relu", "tanh"],
            a => Activation.TryParse(a, out _, out string? error) ? null : error);
        var inits = CliOptions.Initializers("--inits", ["xavier", "he"]);
        var seeds = CliOptions.Int("--seeds", "Number of seeds per cell (42, 43, …).", 1, 1, 1000);
        var epochs = CliOptions.Int("--epochs", "Training epochs per cell (0: activation statistics at initialization only).", 1, 0, 1000);
        var subset = CliOptions.Int("--train-subset", "Training images per cell.", 10_000, 128, 60_000);
        var shard = ShardOption();
        var shards = CliOptions.OptionalInt("--shards", "Shard count when the index comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID.", 1);
        var threads = CliOptions.Int("--threads", "libtorch threads in this process.", 1, 1, 256);
        var dataset = CliOptions.Dataset();
        var offline = CliOptions.Offline();
        var dataDir = CliOptions.DataDir();
        var lockWait = CliOptions.Int("--wait-for-lock", "Seconds to wait when another process is running the same shard (it holds the shard's lock); 0 leaves at once with exit 1.", 0, 0, 7 * 24 * 3600);
        var discard = new Option<bool>("--discard-corrupt") { Description = "Rename damaged result files in --out to NAME.corrupt-TIME (kept for inspection) and run their cells again." };
        var sweep = new Command("sweep", "Run a grid of depth x width x activation x initializer x seed, sharded across processes; rerunning resumes.")
        {
            outDir, depths, widths, activations, inits, seeds, epochs, subset, shard, shards, threads, dataset, offline, dataDir, discard, lockWait,
        };
        sweep.SetAction(async (parse, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var spec = ResolveShard(parse.GetValue(shard), parse.GetValue(shards));
            OutputLocation.CheckFolder("--out", parse.GetValue(outDir)!);
            if (parse.GetValue(discard))
            {
                foreach (var (path, moved, reason) in SweepStore.SetAsideDamaged(parse.GetValue(outDir)!))
                {
                    output.WriteLine($"set aside {path} as {moved} ({reason}); its cells are run again");
                }
            }
            else if (FirstDamaged(parse.GetValue(outDir)!) is { } damaged)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"weightinit: {damaged}; delete or move that file, or rerun with --discard-corrupt to set it aside and run its cells again");
                return ExitCodes.Failed;
            }

            var grid = new SweepGrid(
                parse.GetValue(depths)!, parse.GetValue(widths)!, parse.GetValue(activations)!, parse.GetValue(inits)!,
                Enumerable.Range(0, parse.GetValue(seeds)).Select(i => 42 + i).ToArray(),
                new SortedDictionary<string, string>
                {
                    ["dataset"] = parse.GetValue(dataset)!,
                    ["epochs"] = parse.GetValue(epochs).ToString(CultureInfo.InvariantCulture),
                    ["train_subset"] = parse.GetValue(subset).ToString(CultureInfo.InvariantCulture),
                    ["batch"] = "128",
                    ["lr"] = "0.1",
                });
            set_num_threads(parse.GetValue(threads));
            using var data = await MnistDatasets.LoadAsync(parse.DataOptions(dataset, offline, dataDir), null, token);
            using var train = data.Train.Take(parse.GetValue(subset));
            var runner = new MlpSweepCellRunner(train, data.Test, parse.GetValue(epochs));
            output.WriteLine($"grid {grid.Fingerprint}: {grid.Cells.Count} cells; this is shard {spec} with {grid.CellsOf(spec).Count}");
            var file = await SweepStore.RunShardAsync(grid, spec, parse.GetValue(outDir)!, runner.RunAsync, new LineProgress(output),
                TimeSpan.FromSeconds(parse.GetValue(lockWait)), token);
            output.WriteLine($"shard {spec}: {file.Results.Count} cells in {SweepStore.ShardPath(parse.GetValue(outDir)!, spec)}");
            return ExitCodes.Ok;
        });

        var mergeOut = new Option<string>("--out") { Description = "The folder holding the shard files; merged.sweep.json, merged.csv and merged.md are written there.", DefaultValueFactory = _ => "sweep-out" }.PathName();
        var merge = new Command("merge", "Combine the shard files of one sweep into one report; refuses files from a different grid.") { mergeOut };
        merge.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            string folder = parse.GetValue(mergeOut)!;
            if (!Directory.Exists(folder))
            {
                throw new UsageException("--out", $"folder '{folder}' does not exist (expected the folder the shards wrote into)");
            }

            OutputLocation.CheckFolder("--out", folder);

            var merged = SweepStore.Merge(folder);
            SweepStore.Write(Path.Combine(folder, "merged" + SweepStore.Suffix), merged);
            AtomicFile.WriteAllText(Path.Combine(folder, "merged.csv"), Csv(merged));
            AtomicFile.WriteAllText(Path.Combine(folder, "merged.md"), Markdown(merged));
            int missing = merged.Grid.Cells.Count - merged.Results.Count;
            output.WriteLine($"merged {merged.Results.Count} of {merged.Grid.Cells.Count} cells of grid {merged.Fingerprint} into {folder}/merged.md{(missing > 0 ? $" ({missing} cells not run yet)" : string.Empty)}");
            return missing > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        });
        sweep.Subcommands.Add(merge);
        return sweep;
    }

    /// <summary><c>--shard i/n</c>, checked at parse time.</summary>
    internal static Option<string?> ShardOption()
    {
        var shard = new Option<string?>("--shard") { Description = "i/n: run shard i of n (0-based). Default: SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX with --shards, else the whole grid." };
        shard.Validators.Add(r =>
        {
            try
            {
                ShardSpec.Parse(r.GetValueOrDefault<string?>() ?? string.Empty);
            }
            catch (FormatException e)
            {
                r.AddError($"--shard: {e.Message}");
            }
        });
        return shard;
    }

    /// <summary>The reason the first damaged result file in <paramref name="folder"/> is refused, or <see langword="null"/>.</summary>
    internal static string? FirstDamaged(string folder)
    {
        foreach (string path in Directory.GetFiles(folder, "*" + SweepStore.Suffix).Order(StringComparer.Ordinal))
        {
            try
            {
                SweepStore.Read(path);
            }
            catch (InvalidDataException e)
            {
                return e.Message;
            }
        }

        return null;
    }

    /// <summary>The shard from <c>--shard</c>, else from the scheduler's environment with <c>--shards</c>, else the whole grid.</summary>
    internal static ShardSpec ResolveShard(string? text, int? shards)
    {
        try
        {
            if (text is not null)
            {
                return ShardSpec.Parse(text);
            }

            return ShardSpec.FromEnvironment(shards) ?? (shards is { } n && n > 1
                ? throw new FormatException($"--shards {n} needs an index: pass --shard i/{n} or run under a Slurm array or Kubernetes Indexed Job")
                : ShardSpec.Whole);
        }
        catch (FormatException e)
        {
            throw new UsageException("--shard", e.Message);
        }
    }

    private static string Csv(SweepFile file)
    {
        using var w = new StringWriter();
        w.WriteLine("index,depth,width,activation,initializer,seed,first_layer_std,last_layer_std,test_accuracy,train_loss,diverged,seconds");
        foreach (var r in file.Results)
        {
            var c = r.Cell;
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Index},{c.Depth},{c.Width},{c.Activation},\"{c.Initializer}\",{c.Seed},{r.ActivationStd[0]:R},{r.ActivationStd[^1]:R},{Get(r, "test_accuracy")},{Get(r, "train_loss")},{r.Diverged},{r.Seconds:F2}"));
        }

        return w.ToString();
    }

    private static string Markdown(SweepFile file)
    {
        var sig = NumberFormat.SignificantFigures(3);
        var table = new MarkdownTable(
            new MarkdownColumn("depth", ColumnAlignment.Right), new MarkdownColumn("width", ColumnAlignment.Right), new MarkdownColumn("activation"),
            new MarkdownColumn("initializer"), new MarkdownColumn("seed", ColumnAlignment.Right), new MarkdownColumn("std L1", ColumnAlignment.Right, sig),
            new MarkdownColumn("std last", ColumnAlignment.Right, sig), new MarkdownColumn("test acc %", ColumnAlignment.Right), new MarkdownColumn("status"));
        foreach (var r in file.Results)
        {
            var c = r.Cell;
            string acc = r.Metrics.TryGetValue("test_accuracy", out double a) ? (a * 100).ToString("F2", CultureInfo.InvariantCulture) : "—";
            table.AddRow(c.Depth, c.Width, c.Activation, c.Initializer, c.Seed, r.ActivationStd[0], r.ActivationStd[^1], acc, r.Diverged ? "diverged" : "ok");
        }

        return $"# Sweep {file.Fingerprint}\n\n{file.Results.Count} of {file.Grid.Cells.Count} cells; settings: " +
            string.Join(", ", file.Grid.Settings.Select(kv => $"{kv.Key}={kv.Value}")) + "\n\n" + table + "\n";
    }

    private static string Get(SweepCellResult r, string metric) =>
        r.Metrics.TryGetValue(metric, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
