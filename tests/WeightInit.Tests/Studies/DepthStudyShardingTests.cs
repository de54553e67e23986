using System.Text.Json;
using WeightInit.Experiments.Studies;
using WeightInit.Sweeps;
using WeightInit.Tests.TestDoubles;

namespace WeightInit.Tests.Studies;

/// <summary>The depth study run in shards, in any order, and merged, equals the study run in one process (real training on tiny synthetic data).</summary>
public sealed class DepthStudyShardingTests : IDisposable
{
    private readonly string _whole = Directory.CreateTempSubdirectory("weightinit-depth-whole-").FullName;
    private readonly string _sharded = Directory.CreateTempSubdirectory("weightinit-depth-shards-").FullName;

    public void Dispose()
    {
        Directory.Delete(_whole, recursive: true);
        Directory.Delete(_sharded, recursive: true);
    }

    [Fact]
    public async Task Three_shards_merged_give_the_single_process_result_and_outputs()
    {
        using var train = SyntheticData.Create(count: 320, features: 12, classes: 3, seed: 5);
        using var test = SyntheticData.Create(count: 100, features: 12, classes: 3, seed: 6);
        var study = new DepthStudyDefinition([2, 4], 8, ["tanh", "relu"], DepthStudyDefinition.KnownInitializers, 2, 1, 320, 0.05, 3, "synthetic");
        var grid = study.ToGrid();
        var runner = new DepthStudyCellRunner(train, test, study);

        await SweepStore.RunShardAsync(grid, ShardSpec.Whole, _whole, runner.RunAsync);
        foreach (int i in new[] { 2, 0, 1 })
        {
            await SweepStore.RunShardAsync(grid, new ShardSpec(i, 3), _sharded, runner.RunAsync);
        }

        string single = Canonical(DepthStudyResult.From(SweepStore.Merge(_whole)));
        string merged = Canonical(DepthStudyResult.From(SweepStore.Merge(_sharded)));

        merged.Should().Be(single);
        single.Should().Contain("\"Accuracy\"").And.Contain(DepthStudyCellRunner.SpreadPrefix.Length > 0 ? "PerSeed" : string.Empty);
        DepthStudyResult.From(SweepStore.Merge(_whole)).Points.Should().HaveCount(2 * 2 * 4).And.OnlyContain(p => p.Accuracy != null && p.ForwardStd > 0 && p.BackwardStd > 0);

        using var output = new StringWriter();
        WeightInit.Experiments.Cli.StudyCommand.WriteOutputs(SweepStore.Merge(_sharded), _sharded, 20, output).Should().Be(0);
        var written = DepthStudyWriter.Read(Path.Combine(_sharded, DepthStudyResult.FileName));
        Canonical(written).Should().Be(single, "depth-study.json reads back as the result it was written from");
        foreach (string stem in new[] { DepthStudyWriter.AccuracyFigure, DepthStudyWriter.SignalFigure })
        {
            new FileInfo(Path.Combine(_sharded, stem + ".png")).Length.Should().BeGreaterThan(1000);
        }
    }

    // Wall times differ between runs; everything else must be identical.
    private static string Canonical(DepthStudyResult r) => JsonSerializer.Serialize(r with { ComputeSeconds = 0 }, DepthStudyWriter.Json);
}
