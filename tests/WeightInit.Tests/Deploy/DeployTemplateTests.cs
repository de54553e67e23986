using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using WeightInit.Experiments.Cli;
using WeightInit.Sweeps;
using YamlDotNet.RepresentationModel;

namespace WeightInit.Tests.Deploy;

/// <summary>
/// The deployment templates under deploy/ hand the CLI its shard through the environment; these tests read the
/// templates as a scheduler would and parse the resulting command line with the CLI's own definition.
/// (scripts/slurm-check.sh runs deploy/sweep.sbatch on a real Slurm cluster in CI.)
/// </summary>
public sealed class DeployTemplateTests : IDisposable
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot(), "deploy");
    private readonly string _folder = Directory.CreateTempSubdirectory("weightinit-deploy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Indexed_job_gives_every_pod_its_own_shard_of_completions()
    {
        var spec = Map(LoadYaml(Path.Combine(Deploy, "sweep-indexed-job.yaml")), "spec");
        var podSpec = Map(Map(spec, "template"), "spec");
        var container = (YamlMappingNode)((YamlSequenceNode)podSpec["containers"]).Children.Single();
        string[] command = [.. ((YamlSequenceNode)container["command"]).Children.Select(n => ((YamlScalarNode)n).Value!)];
        int completions = Int(spec, "completions");

        Scalar(spec, "completionMode").Should().Be("Indexed", "only an Indexed Job sets JOB_COMPLETION_INDEX in each pod");
        Scalar(podSpec, "restartPolicy").Should().Be("Never", "backoffLimitPerIndex requires it");
        Int(spec, "parallelism").Should().BeInRange(1, completions);
        command[0].Should().Be("weightinit");
        var parse = ParseSweep(command[1..]);
        parse.GetValue<string?>("--shard").Should().BeNull("an explicit --shard would give every pod the same shard instead of its JOB_COMPLETION_INDEX");
        parse.GetValue<int?>("--shards").Should().Be(completions, "shard i of n is read from JOB_COMPLETION_INDEX with n = --shards, and the Job runs indices 0..completions-1");
        var env = container.Children.TryGetValue(new YamlScalarNode("env"), out var e) ? ((YamlSequenceNode)e).Children.Select(v => Scalar((YamlMappingNode)v, "name")) : [];
        env.Should().NotContain(["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"], "the CLI prefers SLURM_ARRAY_TASK_ID and must see the index Kubernetes sets");
        var mounts = ((YamlSequenceNode)container["volumeMounts"]).Children.Select(m => Scalar((YamlMappingNode)m, "mountPath"));
        mounts.Should().Contain(parse.GetValue<string>("--out"), "every pod writes into one shared volume, which merge reads");
        var shards = Enumerable.Range(0, completions)
            .Select(i => ShardSpec.FromEnvironment(parse.GetValue<int?>("--shards"), Env(("JOB_COMPLETION_INDEX", Text(i)))))
            .ToList();
        shards.Should().Equal(Enumerable.Range(0, completions).Select(i => (ShardSpec?)new ShardSpec(i, completions)));
    }

    [Fact]
    public void Sbatch_array_task_runs_the_shard_slurm_assigns_with_the_cpus_it_granted()
    {
        var (args, parse) = RunSbatch(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_CPUS_PER_TASK", "3"));

        args[0].Should().Be("sweep");
        parse.GetValue<string>("--out").Should().Be(Path.Combine(_folder, "out"), "SWEEP_OUT is the shared folder");
        parse.GetValue<int>("--threads").Should().Be(3, "libtorch gets the CPUs Slurm granted the task");
        parse.GetValue<int[]>("--depths").Should().Equal([5, 10], "the grid options after the script's name reach the CLI");
        parse.GetValue<string?>("--shard").Should().BeNull("the shard comes from the array task's environment");
        parse.GetValue<int?>("--shards").Should().BeNull("SLURM_ARRAY_TASK_COUNT gives the count when SWEEP_SHARDS is unset");
        ShardSpec.FromEnvironment(null, Env(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "4"))).Should().Be(new ShardSpec(2, 4));
    }

    [Fact]
    public void Sbatch_resubmitting_one_index_keeps_the_sweeps_shard_count_from_SWEEP_SHARDS()
    {
        // `SWEEP_SHARDS=4 sbatch --array=2 …`: Slurm numbers the task 2 but counts this submission's 1 task.
        var (_, parse) = RunSbatch(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "1"), ("SWEEP_SHARDS", "4"));

        parse.GetValue<int?>("--shards").Should().Be(4);
        parse.GetValue<int>("--threads").Should().Be(1, "without SLURM_CPUS_PER_TASK the template asks for one thread");
        ShardSpec.FromEnvironment(4, Env(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "1"))).Should().Be(new ShardSpec(2, 4));
    }

    /// <summary>Runs deploy/sweep.sbatch with bash and a stand-in CLI that records its arguments.</summary>
    private (string[] Args, ParseResult Parse) RunSbatch(params (string Name, string Value)[] environment)
    {
        string record = Path.Combine(_folder, "args.txt");
        string fake = Path.Combine(_folder, "weightinit");
        File.WriteAllText(fake, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{record}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(Deploy, "sweep.sbatch"), "--depths", "5,10" }, RedirectStandardError = true };
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("SLURM_", StringComparison.Ordinal) || k.StartsWith("SWEEP_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["WEIGHTINIT"] = fake;
        start.Environment["SWEEP_OUT"] = Path.Combine(_folder, "out");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"the template runs the CLI (stderr: {error})");
        string[] args = File.ReadAllLines(record);
        return (args, ParseSweep(args));
    }

    private static ParseResult ParseSweep(string[] args)
    {
        var parse = WeightInitCli.Build().Parse(args);
        parse.Errors.Select(e => e.Message).Should().BeEmpty($"'{string.Join(' ', args)}' must be a valid command line");
        parse.CommandResult.Command.Name.Should().Be("sweep");
        return parse;
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    private static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static int Int(YamlMappingNode node, string key) => int.Parse(Scalar(node, key), CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WeightInit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no WeightInit.sln above {AppContext.BaseDirectory}");
    }
}
