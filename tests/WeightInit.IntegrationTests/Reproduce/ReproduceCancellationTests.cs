using WeightInit.Experiments.Cli;
using WeightInit.Experiments.Reproduction;

namespace WeightInit.IntegrationTests.Reproduce;

/// <summary>Ctrl-C during the full reproduction: it stops between steps, writes what finished, marks it partial, exits 1.</summary>
public sealed class ReproduceCancellationTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("weightinit-cancel-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task A_cancelled_reproduction_writes_what_finished_marked_partial_and_exits_1()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // The full run trains for minutes; after 6 s it is certainly inside the first experiment's training.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(6));

        int code = await WeightInitCli.RunAsync(["reproduce", "--out", _out], output, error, cancel.Token);

        code.Should().Be(ExitCodes.Failed, output.ToString() + error);
        output.ToString().Should().Contain("PARTIAL");
        var result = ReproductionWriter.Read(Path.Combine(_out, "results.json"));
        result.IsPartial.Should().BeTrue();
        result.Experiments.SelectMany(e => e.Result.Runs).Should().Contain(r => r.Status == Training.RunStatus.Cancelled);
        File.ReadAllText(Path.Combine(_out, "report.md")).Should().Contain("**Partial run.**");
        Directory.GetFiles(_out, "*.tmp").Should().BeEmpty();
    }
}
