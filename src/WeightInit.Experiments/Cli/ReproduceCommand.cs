using System.CommandLine;
using System.Globalization;
using WeightInit.Data;
using WeightInit.Experiments.Reproduction;

namespace WeightInit.Experiments.Cli;

/// <summary><c>weightinit reproduce</c>: every table and figure of the documents into one folder.</summary>
internal static class ReproduceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var outDir = new Option<string>("--out") { Description = "Folder for figures, report.md, results.json and CSV files.", DefaultValueFactory = _ => "weightinit-out" }.PathName();
        var seeds = CliOptions.Int("--seeds", "Number of seeds per configuration (42, 43, …); 3 or more gives confidence intervals.", 1, 1, 100);
        var quick = new Option<bool>("--quick") { Description = $"Reduced run: {ReproducePlan.QuickEpochs} epochs on {ReproducePlan.QuickTrainCount} training / {ReproducePlan.QuickTestCount} test images (well under a minute)." };
        var dataset = CliOptions.Dataset();
        var offline = CliOptions.Offline();
        var threads = CliOptions.Int("--threads", "libtorch intra-op threads per training run.", 1, 1, 256);
        var parallel = CliOptions.Int("--parallel", "Training runs at once (results are identical whatever the value).", 2, 1, 64);
        var scaling = new Option<string>("--scaling") { Description = "unit: inputs in [0, 1] (what the documents' numbers come from); all: also the code's literal x255 (Q5.3) and x*0.5+0.5 (Q5.4).", DefaultValueFactory = _ => "unit" }.AcceptOnlyFromAmong("unit", "all");
        var exact = new Option<bool>("--exact") { Description = "Q5.3 and Q5.4 once with seed 42, drawing random numbers in PyTorch 1.13's order (model construction, initialize_weights, DataLoader shuffles), to compare digit for digit with the documents." };
        var dataDir = CliOptions.DataDir();
        var depthStudy = new Option<string?>("--depth-study") { Description = "depth-study.json written by 'weightinit study depth': the recommendation then uses its Xavier-vs-He intervals instead of this run's seeds." };
        depthStudy.Validators.Add(r =>
        {
            string text = CliOptions.Text(r);
            if (!File.Exists(text))
            {
                r.AddError($"--depth-study expects an existing depth-study.json file; got '{text}', which {(Directory.Exists(text) ? "is a folder" : "does not exist")}");
            }
        });
        var command = new Command("reproduce", "Reproduce Problem 5 (Q5.1-Q5.4) and the Kaiming-vs-N(0, 0.001) notebook: figures, report.md, results.json, CSV.")
        {
            outDir, seeds, quick, dataset, threads, parallel, scaling, dataDir, offline, exact, depthStudy,
        };
        command.SetAction(async (parse, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            string folder = parse.GetValue(outDir)!;
            if (FreshFolder.Conflict(folder) is { } conflict)
            {
                throw new UsageException("--out", conflict);
            }

            OutputLocation.CheckFolder("--out", folder);
            OutputLocation.CheckFolder("--out", Path.GetDirectoryName(Path.GetFullPath(folder)) ?? folder); // the fresh folder is made beside it
            var options = new ReproduceOptions(
                parse.GetValue(outDir)!,
                parse.GetValue(seeds),
                parse.GetValue(quick),
                DatasetDescriptor.FromName(parse.GetValue(dataset)!),
                parse.GetValue(threads),
                parse.GetValue(parallel),
                parse.GetValue(scaling) == "all" ? ScalingChoice.All : ScalingChoice.Unit,
                parse.DataOptions(dataset, offline, dataDir),
                parse.GetValue(exact),
                parse.GetValue(depthStudy));
            return await RunAsync(options, output, token);
        });
        return command;
    }

    /// <summary>Runs and writes; 0 when complete, 1 when partial (cancelled) — what finished is written either way.</summary>
    public static async Task<int> RunAsync(ReproduceOptions options, TextWriter output, CancellationToken token)
    {
        var study = ReadDepthStudy(options.DepthStudy);
        var result = await ConsoleProgress.RunAsync(output, progress =>
            Reproducer.RunAsync(options, progress, progress, token, p => progress.BeginExperiment(p.Id, p.Epochs)));
        var (files, fallback) = OutputLocation.WriteOrRescue(options.OutputDirectory, dir => ReproductionWriter.Write(result, dir, study, options.DepthStudy), output);
        output.WriteLine();
        foreach (var experiment in result.Experiments)
        {
            output.WriteLine(experiment.Title);
            foreach (var s in experiment.Result.Summaries)
            {
                var acc = s.Metrics.FirstOrDefault(m => m.Metric == "test_accuracy")?.Summary;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {s.Initialization,-16} test accuracy {(acc is null ? "—" : (acc.Mean * 100).ToString("F2", CultureInfo.InvariantCulture) + " %")}"));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nWrote {files.Count} files to {Path.GetFullPath(fallback ?? options.OutputDirectory)} in {result.Environment.WallSeconds:F1} s{(result.IsPartial ? " (PARTIAL: cancelled before the end)" : string.Empty)}; start with report.md (report.html opens in a browser)."));
        return result.IsPartial || fallback is not null ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>Reads the depth study before anything runs, so a wrong file is a usage error, not a lost run.</summary>
    private static Studies.DepthStudyResult? ReadDepthStudy(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return Studies.DepthStudyWriter.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException("--depth-study", e.Message);
        }
    }
}
