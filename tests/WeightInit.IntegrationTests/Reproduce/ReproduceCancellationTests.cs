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
        using var error = new StringWriter();
        // Cancel as soon as the first run reports the end of its first epoch: that run is then inside its second
        // epoch (or about to start it), whatever the machine's speed; a wall-clock delay was not (a loaded machine
        // had not started training after 6 s).
        using var cancel = new CancellationTokenSource();
        using var output = new CancelOnLine(": epoch 1/", cancel);

        int code = await WeightInitCli.RunAsync(["reproduce", "--out", _out], output, error, cancel.Token);

        code.Should().Be(ExitCodes.Failed, output.ToString() + error);
        output.ToString().Should().Contain("PARTIAL");
        var result = ReproductionWriter.Read(Path.Combine(_out, "results.json"));
        result.IsPartial.Should().BeTrue();
        result.Experiments.SelectMany(e => e.Result.Runs).Should().Contain(r => r.Status == Training.RunStatus.Cancelled);
        File.ReadAllText(Path.Combine(_out, "report.md")).Should().Contain("**Partial run.**");
        Directory.GetFiles(_out, "*.tmp").Should().BeEmpty();
    }

    /// <summary>Collects the output and cancels once a line containing <paramref name="marker"/> is written.</summary>
    private sealed class CancelOnLine(string marker, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(marker, StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }
}
