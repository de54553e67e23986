using System.CommandLine;
using System.Globalization;
using WeightInit.Data;
using WeightInit.Experiments.Studies;
using WeightInit.Sweeps;
using static TorchSharp.torch;

namespace WeightInit.Experiments.Cli;

/// <summary>
/// <c>weightinit study depth</c>: the depth study as a sweep (same shard files, same <c>--shard</c>/<c>--shards</c>, same
/// resume), and <c>study depth merge</c>, which turns the shards of a sharded run into the study's outputs.
/// </summary>
internal static class StudyCommand
{
    /// <summary>Builds <c>study</c>, <c>study depth</c> and <c>study depth merge</c>.</summary>
    public static Command Build()
    {
        var full = DepthStudyDefinition.Full;
        var outDir = new Option<string>("--out") { Description = "Shared output folder: shard files, then depth-study.json, depth-study.md and the figures.", DefaultValueFactory = _ => "depth-study-out" }.PathName();
        var depths = CliOptions.IntList("--depths", "Hidden-layer counts.", [.. full.Depths], 1);
        var width = CliOptions.Int("--width", "Hidden width.", full.Width, 1, 4096);
        var activations = CliOptions.NameList("--activations", "Activations: tanh and/or relu.", [.. full.Activations],
            a => a is "tanh" or "relu" ? null : $"unknown activation '{a}'; the depth study covers tanh and relu");
        var inits = CliOptions.NameList("--inits", "Initializers: xavier, he, orthogonal (with the activation's gain), lsuv.", [.. full.Initializers],
            i => DepthStudyDefinition.KnownInitializers.Contains(i) ? null : $"unknown initializer '{i}'; expected {string.Join(", ", DepthStudyDefinition.KnownInitializers)}");
        var seeds = CliOptions.Int("--seeds", "Number of seeds per cell (42, 43, …); 3 or more for intervals.", full.Seeds, 1, 100);
        var epochs = CliOptions.Int("--epochs", "Training epochs per cell.", full.Epochs, 1, 1000);
        var subset = CliOptions.Int("--train-subset", "Training images per cell.", full.TrainSubset, 256, 60_000);
        var lr = CliOptions.Real("--lr", "Plain SGD learning rate.", full.LearningRate, v => v > 0 && v <= 10, "a learning rate in (0, 10]");
        var spread = CliOptions.Int("--spread-seeds", "Initializations over which the initial-std spread is measured (5 or more to read it).", full.SpreadSeeds, 2, 1000);
        var stopBelow = StopBelow();
        var shard = SweepCommand.ShardOption();
        var shards = CliOptions.OptionalInt("--shards", "Shard count when the index comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID.", 1);
        var threads = CliOptions.Int("--threads", "libtorch threads in this process.", 1, 1, 256);
        var dataset = CliOptions.Dataset();
        var offline = CliOptions.Offline();
        var dataDir = CliOptions.DataDir();
        var depth = new Command("depth", "The depth study: test accuracy and initial signal against depth per activation and initializer, sharded like a sweep; writes the outputs when the grid is complete.")
        {
            outDir, depths, width, activations, inits, seeds, epochs, subset, lr, spread, stopBelow, shard, shards, threads, dataset, offline, dataDir,
        };
        depth.SetAction(async (parse, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            string folder = parse.GetValue(outDir)!;
            var spec = SweepCommand.ResolveShard(parse.GetValue(shard), parse.GetValue(shards));
            OutputLocation.CheckFolder("--out", folder);
            var study = new DepthStudyDefinition(parse.GetValue(depths)!, parse.GetValue(width), parse.GetValue(activations)!, parse.GetValue(inits)!, parse.GetValue(seeds),
                parse.GetValue(epochs), parse.GetValue(subset), parse.GetValue(lr), parse.GetValue(spread), parse.GetValue(dataset)!);
            var grid = Grid(study);
            set_num_threads(parse.GetValue(threads));
            using var data = await MnistDatasets.LoadAsync(parse.DataOptions(dataset, offline, dataDir), null, token);
            using var train = data.Train.Take(study.TrainSubset);
            var runner = new DepthStudyCellRunner(train, data.Test, study);
            output.WriteLine($"depth study {grid.Fingerprint}: {grid.Cells.Count} cells; this is shard {spec} with {grid.CellsOf(spec).Count}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await SweepStore.RunShardAsync(grid, spec, folder, runner.RunAsync, new LineProgress(output), TimeSpan.Zero, token);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shard {spec} finished in {clock.Elapsed.TotalSeconds:F1} s"));
            var merged = SweepStore.Merge(folder);
            if (merged.Results.Count < grid.Cells.Count)
            {
                output.WriteLine($"{merged.Results.Count} of {grid.Cells.Count} cells done; when every shard has finished, run: weightinit study depth merge --out {folder}");
                return ExitCodes.Ok;
            }

            return WriteOutputs(merged, folder, parse.GetValue(stopBelow), output);
        });

        depth.Subcommands.Add(Merge());
        return new Command("study", "Studies beyond the documents, built on the sweep machinery.") { depth };
    }

    /// <summary><c>study depth merge</c>.</summary>
    private static Command Merge()
    {
        var mergeOut = new Option<string>("--out") { Description = "The folder the shards wrote into; the study's outputs are written there.", DefaultValueFactory = _ => "depth-study-out" }.PathName();
        var mergeStop = StopBelow();
        var merge = new Command("merge", "Combine the shard files of a depth study and write its outputs (partial, exit 1, when cells are missing).") { mergeOut, mergeStop };
        merge.SetAction(parse =>
        {
            string folder = parse.GetValue(mergeOut)!;
            if (!Directory.Exists(folder))
            {
                throw new UsageException("--out", $"folder '{folder}' does not exist (expected the folder the shards of 'weightinit study depth' wrote into)");
            }

            OutputLocation.CheckFolder("--out", folder);
            return WriteOutputs(SweepStore.Merge(folder), folder, parse.GetValue(mergeStop), parse.InvocationConfiguration.Output);
        });
        return merge;
    }

    /// <summary>Writes the study's outputs from a merged sweep file; 0 when every cell is in, 1 when partial.</summary>
    internal static int WriteOutputs(SweepFile merged, string folder, double stopBelowPercent, TextWriter output)
    {
        SweepStore.Write(Path.Combine(folder, "merged" + SweepStore.Suffix), merged);
        var result = DepthStudyResult.From(merged, stopBelowPercent / 100);
        var files = DepthStudyWriter.Write(result, folder);
        output.WriteLine(result.Paragraph);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {files.Count} files to {folder} ({result.CellsDone} of {result.CellsTotal} cells{(result.Complete ? string.Empty : ", PARTIAL")}; cell compute time {result.ComputeSeconds:F0} s)"));
        return result.Complete ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static SweepGrid Grid(DepthStudyDefinition study)
    {
        try
        {
            return study.ToGrid();
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--depths", e.Message);
        }
    }

    private static Option<double> StopBelow() =>
        CliOptions.Real("--stop-below", "A configuration stops training when its mean test accuracy (percent) is below this.", DepthStudyResult.DefaultStopThreshold * 100,
            v => v > 0 && v < 100, "a percentage in (0, 100)");
}
