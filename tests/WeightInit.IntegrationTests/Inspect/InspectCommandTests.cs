using WeightInit.Experiments.Cli;
using WeightInit.IntegrationTests.Fixtures;

namespace WeightInit.IntegrationTests.Inspect;

/// <summary><c>weightinit inspect</c> end to end on a real MNIST batch: the table, a verdict per initializer, and the figure files.</summary>
public sealed class InspectCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("weightinit-inspect-").FullName;

    public InspectCommandTests() => TorchThreads.UseOne();

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task Inspect_prints_a_column_group_and_a_verdict_per_initializer_and_writes_the_figure()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        // 12 ReLU layers of 128: N(0, 0.01²) shrinks the std ≈ 0.01·√128·√½ = 0.08× per layer (×1e-13 end to end), He keeps it.
        int code = await WeightInitCli.RunAsync(
            ["inspect", "--hidden", "128", "--depth", "12", "--init", "small_random,he,zero", "--batch", "64", "--seed", "7", "--out", _out], output, error);

        string text = output.ToString();
        code.Should().Be(ExitCodes.Ok, text + error);
        text.Should().StartWith("784-128x12-10 relu, 64 mnist training images in [0, 1] (seed 7); loss: mean cross-entropy on the given labels");
        text.Should().Contain("| small_random fwd |").And.Contain("| he mean field |").And.Contain("| zero ∂W |");
        text.Should().MatchRegex(@"\| +25 \| linear12 +\| Linear +\|", "12 × (Linear, ReLU) + the output layer");
        text.Should().Contain("small_random: forward signal vanishes ×").And.Contain("over 12 layers: use He for ReLU layers, or LSUV");
        text.Should().MatchRegex(@"\nhe: healthy: forward ×[0-9.]+, backward ×[0-9.]+ over 12 layers\n");
        text.Should().Contain("zero: symmetric: the 128 units of 'linear0' have identical weights and biases");
        File.ReadAllBytes(Path.Combine(_out, "inspect.png")).Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
        File.ReadAllText(Path.Combine(_out, "inspect.svg")).Should().Contain("<svg");
    }
}
