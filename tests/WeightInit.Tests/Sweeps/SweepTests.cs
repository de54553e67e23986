using System.Text.Json;
using WeightInit.Sweeps;

namespace WeightInit.Tests.Sweeps;

public sealed class SweepTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weightinit-sweep-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static SweepGrid Grid(params int[] depths) =>
        new([.. depths], [16, 32], ["relu", "tanh"], ["he", "xavier"], [1, 2], new Dictionary<string, string> { ["epochs"] = "1" });

    // A deterministic stand-in for training: the result depends only on the cell.
    private static Task<SweepCellResult> Fake(SweepCell cell, CancellationToken _) =>
        Task.FromResult(new SweepCellResult(cell, new Dictionary<string, double> { ["score"] = (cell.Depth * 1000) + cell.Width + cell.Seed }, [cell.Depth / 10.0], false, 0));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(200)]
    public void Shards_partition_the_grid_exactly(int count)
    {
        var grid = Grid(5, 10, 20);

        var union = Enumerable.Range(0, count).SelectMany(i => grid.CellsOf(new ShardSpec(i, count))).Select(c => c.Index).ToList();

        union.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(grid.Cells.Select(c => c.Index));
    }

    [Fact]
    public void The_fingerprint_changes_with_any_axis_or_setting_and_not_otherwise()
    {
        Grid(5, 10).Fingerprint.Should().Be(Grid(5, 10).Fingerprint);
        Grid(5, 10).Fingerprint.Should().NotBe(Grid(5, 11).Fingerprint);
        (Grid(5) with { Settings = new Dictionary<string, string> { ["epochs"] = "2" } }).Fingerprint.Should().NotBe(Grid(5).Fingerprint);
    }

    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    public void Shard_specs_parse(string text, int index, int count) =>
        ShardSpec.Parse(text).Should().Be(new ShardSpec(index, count));

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void Bad_shard_specs_are_refused_with_the_value(string text) =>
        FluentActions.Invoking(() => ShardSpec.Parse(text)).Should().Throw<FormatException>().WithMessage($"*{text}*");

    [Fact]
    public void The_shard_comes_from_Slurm_or_Kubernetes_variables()
    {
        var slurm = new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_COUNT"] = "5" };
        var k8s = new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = "1" };

        ShardSpec.FromEnvironment(null, n => slurm.GetValueOrDefault(n)).Should().Be(new ShardSpec(2, 5));
        ShardSpec.FromEnvironment(3, n => k8s.GetValueOrDefault(n)).Should().Be(new ShardSpec(1, 3));
        ShardSpec.FromEnvironment(3, _ => null).Should().BeNull();
        FluentActions.Invoking(() => ShardSpec.FromEnvironment(null, n => k8s.GetValueOrDefault(n)))
            .Should().Throw<FormatException>().WithMessage("*JOB_COMPLETION_INDEX=1*--shards*");
    }

    [Fact]
    public void A_grid_with_an_empty_axis_or_bad_values_reports_every_problem()
    {
        var grid = new SweepGrid([0, 5, 5], [], ["relu"], [" "], [1], new Dictionary<string, string>());

        FluentActions.Invoking(() => grid.Validate()).Should().Throw<ArgumentException>()
            .WithMessage("*Depths has 0*Depths repeats 5*Widths is empty*Initializers has*");
    }

    [Fact]
    public async Task Shards_run_in_any_order_merge_to_the_unsharded_result()
    {
        var grid = Grid(5, 10);
        string whole = Path.Combine(_folder, "whole");
        var expected = await SweepStore.RunShardAsync(grid, ShardSpec.Whole, whole, Fake);

        foreach (int i in new[] { 2, 0, 1 })
        {
            await SweepStore.RunShardAsync(grid, new ShardSpec(i, 3), _folder, Fake);
        }

        var merged = SweepStore.Merge(_folder);
        JsonSerializer.Serialize(merged.Results).Should().Be(JsonSerializer.Serialize(expected.Results));
        merged.Fingerprint.Should().Be(grid.Fingerprint);
    }

    [Fact]
    public async Task A_rerun_skips_cells_already_done()
    {
        var grid = Grid(5, 10);
        int calls = 0;
        Task<SweepCellResult> Counting(SweepCell c, CancellationToken t)
        {
            Interlocked.Increment(ref calls);
            return Fake(c, t);
        }

        using var cts = new CancellationTokenSource();
        int budget = 5;
        var partial = async () => await SweepStore.RunShardAsync(grid, ShardSpec.Whole, _folder, async (c, t) =>
        {
            if (--budget < 0)
            {
                await cts.CancelAsync();
                t.ThrowIfCancellationRequested();
            }

            return await Counting(c, t);
        }, cancellationToken: cts.Token);
        await partial.Should().ThrowAsync<OperationCanceledException>();
        SweepStore.Read(SweepStore.ShardPath(_folder, ShardSpec.Whole)).Results.Should().HaveCount(5, "each finished cell was written at once");

        calls = 0;
        var file = await SweepStore.RunShardAsync(grid, ShardSpec.Whole, _folder, Counting);

        calls.Should().Be(grid.Cells.Count - 5);
        file.Results.Should().HaveCount(grid.Cells.Count);
    }

    [Fact]
    public async Task Files_of_another_grid_are_refused_by_run_and_by_merge()
    {
        await SweepStore.RunShardAsync(Grid(5), new ShardSpec(0, 2), _folder, Fake);
        var otherGrid = Grid(6);

        var run = async () => await SweepStore.RunShardAsync(otherGrid, new ShardSpec(1, 2), _folder, Fake);
        await run.Should().ThrowAsync<SweepMismatchException>().WithMessage($"*{Grid(5).Fingerprint}*{otherGrid.Fingerprint}*");

        string other = Path.Combine(_folder, "other");
        await SweepStore.RunShardAsync(otherGrid, new ShardSpec(1, 2), other, Fake);
        File.Copy(SweepStore.ShardPath(other, new ShardSpec(1, 2)), SweepStore.ShardPath(_folder, new ShardSpec(1, 2)));
        FluentActions.Invoking(() => SweepStore.Merge(_folder)).Should().Throw<SweepMismatchException>().WithMessage("*belongs to grid*one sweep definition*");
    }

    [Fact]
    public async Task Merge_of_a_folder_holding_only_a_merged_file_says_that_file_is_not_a_shard()
    {
        FluentActions.Invoking(() => SweepStore.Merge(_folder)).Should().Throw<FileNotFoundException>()
            .WithMessage($"no shard files (*.sweep.json) in {_folder}; expected the shard files written by*");

        await SweepStore.RunShardAsync(Grid(5), new ShardSpec(0, 1), _folder, Fake);
        File.Move(SweepStore.ShardPath(_folder, new ShardSpec(0, 1)), Path.Combine(_folder, "merged.sweep.json"));

        FluentActions.Invoking(() => SweepStore.Merge(_folder)).Should().Throw<FileNotFoundException>()
            .WithMessage($"no shard files (*.sweep.json) in {_folder} (the 1 merged*.sweep.json file(s) there are merge's own output, not shards); expected*");
    }
}
