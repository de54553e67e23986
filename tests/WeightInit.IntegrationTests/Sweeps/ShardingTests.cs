using System.Diagnostics;
using System.Text.Json;
using WeightInit.Sweeps;

namespace WeightInit.IntegrationTests.Sweeps;

/// <summary>
/// Sharded sweeps across real processes, as a Slurm array or a Kubernetes Indexed Job runs them: the shards'
/// union equals the unsharded grid, merge does not depend on which shard finished first, a rerun resumes, and the
/// shard index can come from the scheduler's environment variables.
/// </summary>
public sealed class ShardingTests : IDisposable
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "WeightInit.Experiments.dll");
    private static readonly string[] Grid = ["--depths", "2,3", "--widths", "16", "--activations", "relu,tanh", "--inits", "xavier,he", "--epochs", "0", "--train-subset", "512"];
    private readonly string _root = Directory.CreateTempSubdirectory("weightinit-sharding-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(int Code, string Output)> Weightinit(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Cli);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["CI"] = "true";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Cells(SweepFile file) =>
        JsonSerializer.Serialize(file.Results.Select(r => new { r.Cell, r.Metrics, r.ActivationStd, r.Diverged }));

    [Fact]
    public async Task Three_concurrent_shard_processes_merge_to_the_unsharded_grid_and_a_rerun_resumes()
    {
        string whole = Path.Combine(_root, "whole"), sharded = Path.Combine(_root, "sharded");
        var single = await Weightinit(null, ["sweep", "--out", whole, .. Grid]);
        single.Code.Should().Be(0, single.Output);

        var shards = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Weightinit(null, ["sweep", "--out", sharded, "--shard", $"{i}/3", .. Grid])));
        shards.Should().OnlyContain(s => s.Code == 0, string.Join("\n", shards.Select(s => s.Output)));
        Directory.GetFiles(sharded, "*.sweep.json").Should().HaveCount(3);
        Directory.GetFiles(sharded, "*.tmp").Should().BeEmpty("every file is written atomically");

        var merge = await Weightinit(null, "sweep", "merge", "--out", sharded);
        merge.Code.Should().Be(0, merge.Output);
        merge.Output.Should().Contain("merged 8 of 8 cells");
        Cells(SweepStore.Read(Path.Combine(sharded, "merged.sweep.json"))).Should().Be(Cells(SweepStore.Merge(whole)), "sharding changes who computes a cell, not its result");
        File.ReadAllText(Path.Combine(sharded, "merged.md")).Should().Contain("| relu").And.Contain("xavier");

        var rerun = await Weightinit(null, ["sweep", "--out", sharded, "--shard", "1/3", .. Grid]);
        rerun.Code.Should().Be(0, rerun.Output);
        rerun.Output.Should().Contain("shard 1/3: 3 cells, 3 already done").And.NotContain(" done (");
    }

    [Fact]
    public async Task The_shard_index_comes_from_Kubernetes_or_Slurm_variables()
    {
        string folder = Path.Combine(_root, "env");
        var k8s = await Weightinit(new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1" }, ["sweep", "--out", folder, "--shards", "2", .. Grid]);
        var slurm = await Weightinit(new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "0", ["SLURM_ARRAY_TASK_COUNT"] = "2" }, ["sweep", "--out", folder, .. Grid]);

        k8s.Output.Should().Contain("this is shard 1/2 with 4");
        slurm.Output.Should().Contain("this is shard 0/2 with 4");
        (await Weightinit(null, "sweep", "merge", "--out", folder)).Output.Should().Contain("merged 8 of 8 cells");
    }

    [Fact]
    public async Task A_folder_holding_another_grid_is_refused()
    {
        string folder = Path.Combine(_root, "mixed");
        (await Weightinit(null, ["sweep", "--out", folder, .. Grid])).Code.Should().Be(0);

        var other = await Weightinit(null, ["sweep", "--out", folder, .. Grid[..^2], "--train-subset", "256"]);

        other.Code.Should().Be(1);
        other.Output.Should().Contain("belongs to grid").And.Contain("not to this sweep's grid");
    }
}
