using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using WeightInit.Experiments.Reproduction;
using WeightInit.Models;
using WeightInit.Reproducibility;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Reproducibility;

/// <summary>
/// The random stream of <c>reproduce --exact</c> against PyTorch 1.13 itself, bit for bit: pytorch-1.13-stream.json was
/// written by scripts/pytorch-stream-fixture.py, which runs the documents' code (real <c>nn.Linear</c>, their
/// <c>initialize_weights</c>, a real <c>DataLoader(shuffle=True, num_workers=4)</c>) with Debian's python3-torch 1.13.
/// Here the same draws are made with libtorch 2.10 through TorchSharp: no training, so no MNIST is needed.
/// </summary>
public sealed class PyTorchStreamTests
{
    private const long TrainRows = 60000;

    private static readonly Lazy<JsonElement> Fixture = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(), "pytorch-1.13-stream.json"))).RootElement);

    [Fact]
    public void RandomInt64_gives_the_values_of_torch_random_on_an_int64_scalar_after_manual_seed_42()
    {
        using var generator = new Generator((ulong)ExactReproduction.Seed);
        long[] ours = [PyTorchStream.RandomInt64(generator), PyTorchStream.RandomInt64(generator), PyTorchStream.RandomInt64(generator)];
        var expected = Fixture.Value.GetProperty("int64_draws").EnumerateArray().Select(e => long.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        ours.Should().Equal(expected);
    }

    [Fact]
    public void Randperm_from_a_generator_seeded_with_a_draw_matches_torch_1_13()
    {
        using var generator = new Generator((ulong)ExactReproduction.Seed);
        PyTorchStream.RandomInt64(generator);
        using var sampler = new Generator((ulong)PyTorchStream.RandomInt64(generator));
        using var order = randperm(10, generator: sampler);
        order.data<long>().ToArray().Should().Equal(Fixture.Value.GetProperty("randperm_10_from_second_draw").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public void Q5_3_initial_weights_and_every_epochs_batch_order_equal_pytorchs_bit_for_bit() =>
        AssertSection(Fixture.Value.GetProperty("q53"), Activation.Tanh, "Q5.3");

    [Fact]
    public void Q5_4_statistics_batch_initial_weights_and_batch_orders_equal_pytorchs_bit_for_bit() =>
        AssertSection(Fixture.Value.GetProperty("q54"), Activation.ReLU, "Q5.4");

    private static void AssertSection(JsonElement expected, Activation activation, string section)
    {
        var planned = new PlannedExperiment($"test-{section}", section, section, MlpSpec.Deep256(activation), ReproducePlan.DocumentSchemes(), 10, 0,
            WeightInit.Data.PixelScaling.UnitInterval, false);
        using var stream = new Generator((ulong)ExactReproduction.Seed);
        if (expected.TryGetProperty("statistics_batch", out var batch))
        {
            // What DrawPreamble draws, step by step, so the batch itself can be checked too.
            using var order = PyTorchStream.DataLoaderShuffle(TrainRows, stream);
            AssertOrder(order.narrow(0, 0, 256), batch, "the 256-image statistics batch");
            foreach (var scheme in planned.Schemes)
            {
                PyTorchStream.CreateMlp(planned.Model, scheme, stream).Dispose();
            }
        }
        else
        {
            ExactReproduction.DrawPreamble(planned, TrainRows, stream);
        }

        var batches = BatchOrder.PyTorchDataLoader(stream);
        var runs = expected.GetProperty("runs").EnumerateArray().ToArray();
        runs.Select(r => r.GetProperty("init").GetString()).Should().Equal(planned.Schemes.Select(s => s.Name));
        foreach (var (run, scheme) in runs.Zip(planned.Schemes))
        {
            using (var model = PyTorchStream.CreateMlp(planned.Model, scheme, stream))
            {
                var drawn = Enumerable.Range(0, model.LayerCount).Select(l => model.Weight(l).detach().t().contiguous()).ToArray();
                drawn.Select(Sha256).Should().Equal(Strings(run.GetProperty("weights_sha256")), $"{section} {scheme.Name}: initialize_weights' matrices, layer by layer");
                drawn[0].reshape(-1).narrow(0, 0, 4).data<float>().ToArray().Should().Equal(run.GetProperty("first_weights").EnumerateArray().Select(e => e.GetSingle()));
                Enumerable.Range(0, model.LayerCount).Should().OnlyContain(l => model.Bias(l).count_nonzero().item<long>() == 0, "the documents zero every bias");
                foreach (var w in drawn)
                {
                    w.Dispose();
                }
            }

            int epoch = 0;
            foreach (var expectedEpoch in run.GetProperty("epochs").EnumerateArray())
            {
                epoch++;
                using var order = batches.NextEpoch(TrainRows);
                AssertOrder(order, expectedEpoch, $"{section} {scheme.Name} epoch {epoch}");
            }
        }

        PyTorchStream.RandomInt64(stream).Should().Be(long.Parse(expected.GetProperty("next_int64_draw").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            "the whole section consumed exactly as many numbers as PyTorch");
    }

    private static void AssertOrder(Tensor order, JsonElement expected, string what)
    {
        order.narrow(0, 0, 8).data<long>().ToArray().Should().Equal(expected.GetProperty("first").EnumerateArray().Select(e => e.GetInt64()), what);
        Sha256(order).Should().Be(expected.GetProperty("sha256").GetString(), what);
    }

    private static string Sha256(Tensor t)
    {
        using var c = t.contiguous();
        return Convert.ToHexStringLower(SHA256.HashData(c.bytes));
    }

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);

    private static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
