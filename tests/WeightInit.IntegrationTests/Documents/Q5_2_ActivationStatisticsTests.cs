using WeightInit.Tests.Snapshots;
using System.Globalization;
using System.Text;
using TorchSharp;
using WeightInit.Experimenting;
using WeightInit.Experiments.Reporting;
using WeightInit.Initializers;
using WeightInit.IntegrationTests.Fixtures;
using WeightInit.Models;
using WeightInit.Probes;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace WeightInit.IntegrationTests.Documents;

/// <summary>
/// Q5.2 "Activation statistics before training": the untrained 784-256×5-10 Tanh network, initialized with each of
/// the four methods, on one batch of 256 MNIST training images (pixels in [0, 1]); mean and std of each hidden layer.
/// </summary>
[Collection(DocumentsCollection.Name)]
public sealed class Q5_2_ActivationStatisticsTests
{
    private const int BatchSize = 256;
    private readonly DocumentRuns _runs;
    private readonly ITestOutputHelper _output;

    public Q5_2_ActivationStatisticsTests(DocumentRuns runs, ITestOutputHelper output)
    {
        _runs = runs;
        _output = output;
        TorchThreads.UseOne();
    }

    [Fact]
    public void Q5_2_zero_init_makes_every_activation_of_every_layer_exactly_0()
    {
        using var scope = NewDisposeScope();
        using var model = Create("zero");
        var hidden = new List<Tensor>();
        using (no_grad())
        {
            model.Forward(Batch(), null, hidden);
        }

        hidden.Should().HaveCount(5);
        foreach (var (h, layer) in hidden.Select((h, i) => (h, i + 1)))
        {
            h.shape.Should().Equal(BatchSize, 256);
            h.eq(0).all().item<bool>().Should().BeTrue($"tanh(0·x + 0) = 0 for every image and unit of layer {layer}");
        }
    }

    [Fact]
    public void Q5_2_small_random_shrinks_the_std_at_least_4_times_per_layer_to_below_1e_3_at_layer_5()
    {
        var std = Measure("small_random").Select(l => l.Std).ToArray();

        // Near 0 tanh is the identity, so each layer multiplies the std by about σ·√fan_in = 0.01·√256 = 0.16 (÷ 6.25).
        for (int l = 1; l < std.Length; l++)
        {
            (std[l - 1] / std[l]).Should().BeGreaterThanOrEqualTo(4, $"layer {l + 1} std {std[l]:G3} vs layer {l} std {std[l - 1]:G3}");
        }

        std[4].Should().BeLessThan(1e-3, "five shrinking layers leave almost no signal (the document prints 5.95e-05)");
    }

    [Fact]
    public void Q5_2_xavier_keeps_the_std_between_0_15_and_0_5_in_all_5_layers()
    {
        var std = Measure("xavier").Select(l => l.Std).ToArray();

        std.Should().HaveCount(5).And.OnlyContain(s => s >= 0.15 && s <= 0.5, "Xavier keeps the signal at a usable scale (the document: 0.36 → 0.24)");
    }

    [Fact]
    public void Q5_2_he_makes_the_std_rise_with_depth()
    {
        var std = Measure("he").Select(l => l.Std).ToArray();

        // He's σ² = 2/fan_in doubles Xavier's gain for a square layer, so tanh's std grows toward its fixed point
        // (the document: 0.39 → 0.53) in shrinking steps; the last, L4 → L5, is about 2 % (the document's 3.9 %).
        // Sampling noise is far below that: with 256×256 weights per layer the realized gain's relative standard
        // error is √(2/65 536) ≈ 0.55 % in variance, 0.28 % in std, so the difference of two layers' stds ≈ 0.4 %: 5σ.
        std.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Q5_2_the_statistics_table_to_2_significant_figures_matches_its_snapshot()
    {
        var format = NumberFormat.SignificantFigures(2);
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Q5.2 Tanh, 784-256x5-10 untrained, {BatchSize} MNIST training images in [0, 1], seed {DocumentRuns.Seed}");
        table.AppendLine("| init | stat | L1 | L2 | L3 | L4 | L5 |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var method in DocumentMethods.Names)
        {
            var layers = Measure(method);
            table.AppendLine($"| {method} | mean | {string.Join(" | ", layers.Select(l => format.Format(l.Mean)))} |");
            table.AppendLine($"| {method} | std | {string.Join(" | ", layers.Select(l => format.Format(l.Std)))} |");
        }

        Snapshot.Match(table.ToString());
    }

    /// <summary>The document's model for <paramref name="method"/>, its weights from the generator the engine's run of seed 42 uses.</summary>
    private static Mlp Create(string method)
    {
        using var generator = SeedDerivation.CreateGenerator(DocumentRuns.Seed, RandomStream.Initialization);
        return Mlp.Create(MlpSpec.Deep256(Activation.Tanh), DocumentRuns.DocumentScheme(method), generator);
    }

    /// <summary>256 training images drawn without replacement by a generator seeded with 42 (the document's shuffled DataLoader batch).</summary>
    private Tensor Batch()
    {
        using var generator = new Generator((ulong)DocumentRuns.Seed);
        var train = _runs.Data.Train;
        return train.Features.index_select(0, randperm(train.Count, generator: generator).narrow(0, 0, BatchSize));
    }

    private IReadOnlyList<LayerActivationStats> Measure(string method)
    {
        using var scope = NewDisposeScope();
        using var model = Create(method);
        var stats = ActivationProbe.Measure(model, Batch(), histogramBins: 0);
        stats.Should().HaveCount(5);
        _output.WriteLine($"{method} std L1-L5: {string.Join(", ", stats.Select(l => l.Std.ToString("G4", CultureInfo.InvariantCulture)))}");
        return stats;
    }
}
