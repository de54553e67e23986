using System.Text.Json.Nodes;
using WeightInit.Experiments.Cli;
using WeightInit.Sweeps;

namespace WeightInit.Tests.Sweeps;

/// <summary>A damaged result file is named, never met with a bare exception, and can be set aside so its cells run again.</summary>
public sealed class DamagedSweepFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weightinit-damaged-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SweepGrid Grid = new([1, 2], [8], ["relu"], ["he"], [1], new Dictionary<string, string> { ["epochs"] = "0" });

    private static Task<SweepCellResult> Fake(SweepCell cell, CancellationToken _) =>
        Task.FromResult(new SweepCellResult(cell, new Dictionary<string, double> { ["score"] = cell.Depth }, [0.5], false, 0));

    private async Task<string> ShardFile()
    {
        await SweepStore.RunShardAsync(Grid, ShardSpec.Whole, _folder, Fake);
        return SweepStore.ShardPath(_folder, ShardSpec.Whole);
    }

    private static void Edit(string path, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    [Theory]
    [InlineData("null entry", "Results[1] is null")]
    [InlineData("no cell", "Results[0] has no Cell")]
    [InlineData("foreign cell", "Results[0] holds cell 0 (d7-w8-relu-he-s1), which is not that cell of the file's grid")]
    public async Task Merge_names_the_file_and_the_entry(string damage, string expected)
    {
        string path = await ShardFile();
        Edit(path, json =>
        {
            var results = json["Results"]!.AsArray();
            switch (damage)
            {
                case "null entry": results[1] = null; break;
                case "no cell": results[0]!.AsObject().Remove("Cell"); break;
                default: results[0]!["Cell"]!["Depth"] = 7; break;
            }
        });

        var act = () => SweepStore.Merge(_folder);

        act.Should().Throw<InvalidDataException>().WithMessage($"{path} is damaged: {expected}");
    }

    [Fact]
    public async Task The_merge_command_reports_a_null_entry_in_one_line_naming_the_file()
    {
        string path = await ShardFile();
        Edit(path, json => json["Results"]!.AsArray()[0] = null);
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await WeightInitCli.RunAsync(["sweep", "merge", "--out", _folder], output, error);

        code.Should().Be(ExitCodes.Failed);
        error.ToString().Should().Contain($"{path} is damaged: Results[0] is null").And.NotContain("NullReference");
    }

    [Fact]
    public async Task Resuming_next_to_a_truncated_file_names_it_and_offers_discard_corrupt()
    {
        string path = await ShardFile();
        File.WriteAllText(path, File.ReadAllText(path)[..100]);
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await WeightInitCli.RunAsync(["sweep", "--depths", "1,2", "--widths", "8", "--epochs", "0", "--out", _folder], output, error);

        code.Should().Be(ExitCodes.Failed);
        error.ToString().Should().StartWith($"weightinit: {path} is not a sweep result file").And.Contain("rerun with --discard-corrupt");
        File.Exists(path).Should().BeTrue("nothing is moved without --discard-corrupt");
    }

    [Fact]
    public async Task Damaged_files_are_set_aside_under_a_new_name_and_their_cells_run_again()
    {
        string path = await ShardFile();
        string truncated = File.ReadAllText(path)[..100];
        File.WriteAllText(path, truncated);

        var moved = SweepStore.SetAsideDamaged(_folder);
        var file = await SweepStore.RunShardAsync(Grid, ShardSpec.Whole, _folder, Fake);

        moved.Should().ContainSingle().Which.Path.Should().Be(path);
        moved[0].NewPath.Should().StartWith(path + ".corrupt-");
        File.ReadAllText(moved[0].NewPath).Should().Be(truncated, "kept as it was, for inspection");
        file.Results.Should().HaveCount(Grid.Cells.Count);
        SweepStore.Merge(_folder).Results.Should().HaveCount(Grid.Cells.Count);
    }
}

/// <summary>Two processes given the same shard do not both compute it: the second is told who holds it.</summary>
public sealed class ShardLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weightinit-lock-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SweepGrid Grid = new([1, 2], [8], ["relu"], ["he"], [1], new Dictionary<string, string> { ["epochs"] = "0" });

    [Fact]
    public async Task A_second_run_of_a_shard_in_progress_is_refused_with_the_holder_and_computes_nothing()
    {
        int secondCells = 0;
        var (first, release) = await StartRunHeldAtItsFirstCell();

        var second = () => SweepStore.RunShardAsync(Grid, ShardSpec.Whole, _folder, (cell, _) =>
        {
            Interlocked.Increment(ref secondCells);
            return Task.FromResult(new SweepCellResult(cell, new Dictionary<string, double>(), [1.0], false, 0));
        });

        (await second.Should().ThrowAsync<IOException>()).Which.Message.Should()
            .Contain($"shard 0/1 in {_folder} is already being run by process {Environment.ProcessId} on {Environment.MachineName} since ");
        secondCells.Should().Be(0);
        release.SetResult();
        (await first).Results.Should().HaveCount(Grid.Cells.Count);
        (await SweepStore.RunShardAsync(Grid, ShardSpec.Whole, _folder, (c, _) => throw new InvalidOperationException("all done already"))).Results
            .Should().HaveCount(Grid.Cells.Count, "the lock is released when the first run ends");
    }

    [Fact]
    public async Task A_second_run_told_to_wait_starts_when_the_first_ends_and_computes_only_what_is_left()
    {
        var (first, release) = await StartRunHeldAtItsFirstCell();

        var waiting = new TaskCompletionSource<string>();
        int secondCells = 0;
        var second = SweepStore.RunShardAsync(Grid, ShardSpec.Whole, _folder, (cell, _) =>
        {
            Interlocked.Increment(ref secondCells);
            return Task.FromResult(new SweepCellResult(cell, new Dictionary<string, double>(), [1.0], false, 0));
        }, new InlineProgress(line => waiting.TrySetResult(line)), lockWait: TimeSpan.FromMinutes(5));

        (await Task.WhenAny(waiting.Task, second)).Should().BeSameAs(waiting.Task, "the second run must say it waits, not leave");
        (await waiting.Task).Should().Contain($"is being run by process {Environment.ProcessId}").And.Contain("waiting up to 300 s");
        second.IsCompleted.Should().BeFalse("the lock is still held");
        release.SetResult();
        (await first).Results.Should().HaveCount(Grid.Cells.Count);
        (await second).Results.Should().HaveCount(Grid.Cells.Count);
        secondCells.Should().Be(0, "every cell was written by the first run before it released the lock");
    }

    [Fact]
    public async Task A_second_run_whose_wait_runs_out_leaves_naming_the_holder_and_the_wait()
    {
        var (first, release) = await StartRunHeldAtItsFirstCell();

        var second = () => SweepStore.RunShardAsync(Grid, ShardSpec.Whole, _folder, (cell, _) => throw new InvalidOperationException("must not run"),
            lockWait: TimeSpan.FromSeconds(1.5));

        (await second.Should().ThrowAsync<IOException>()).Which.Message.Should()
            .Contain($"is still being run by process {Environment.ProcessId}").And.Contain("after waiting 1.5 s");
        release.SetResult();
        await first;
    }

    [Fact]
    public async Task A_negative_lock_wait_is_refused()
    {
        var run = () => SweepStore.RunShardAsync(Grid, ShardSpec.Whole, _folder, (cell, _) => throw new InvalidOperationException("must not run"), lockWait: TimeSpan.FromSeconds(-1));
        (await run.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("lockWait");
    }

    /// <summary>Starts a run of the whole grid whose first cell waits until the returned source is set; returns once that cell has begun (the shard lock is held).</summary>
    private async Task<(Task<SweepFile> Run, TaskCompletionSource Release)> StartRunHeldAtItsFirstCell()
    {
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var run = SweepStore.RunShardAsync(Grid, ShardSpec.Whole, _folder, async (cell, _) =>
        {
            started.TrySetResult();
            await release.Task;
            return new SweepCellResult(cell, new Dictionary<string, double>(), [1.0], false, 0);
        });
        await started.Task;
        return (run, release);
    }

    private sealed class InlineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
