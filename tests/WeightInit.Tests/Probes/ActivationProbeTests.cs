using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Tests.TestDoubles;
using static TorchSharp.torch;

namespace WeightInit.Tests.Probes;

/// <summary>The documents' Q5.2: activation statistics of the 5 hidden layers of an untrained 256-wide MLP on one batch of 256.</summary>
public class ActivationProbeTests
{
    public ActivationProbeTests() => TorchThreads.UseOne();

    private static IReadOnlyList<LayerActivationStats> Probe(Activation activation, InitializationScheme scheme, int inputs = 64)
    {
        var spec = new MlpSpec(inputs, MlpSpec.Hidden(256, 5), 10, activation);
        using var g = new Generator(42);
        using var model = Mlp.Create(spec, scheme, g);
        using var batch = empty(256, inputs).uniform_(0, 1, g);
        return ActivationProbe.Measure(model, batch);
    }

    [Fact]
    public void Q5_2_zero_init_makes_every_hidden_activation_exactly_zero()
    {
        var stats = Probe(Activation.Tanh, new InitializationScheme(new TestZeros()));
        stats.Should().HaveCount(5);
        stats.Should().AllSatisfy(s =>
        {
            s.Mean.Should().Be(0);
            s.Std.Should().Be(0);
            s.DeadFraction.Should().Be(1, "every unit outputs 0 for every example");
            s.Histogram!.Counts[25].Should().Be(256 * 256, "tanh(0) = 0 falls in the bin starting at 0 of [-1, 1] / 50");
        });
    }

    [Fact]
    public void Q5_2_small_random_init_shrinks_tanh_activation_std_at_least_4x_per_layer()
    {
        // std 0.01 × √256 = 0.16 gain per layer ⇒ a 6.25× shrink expected; the 256×256 sample std has ~0.5 % relative error, far from 4×.
        var stats = Probe(Activation.Tanh, new InitializationScheme(new TestNormal(0.01)));
        for (int l = 1; l < 5; l++)
        {
            (stats[l - 1].Std / stats[l].Std).Should().BeGreaterThanOrEqualTo(4, $"layer {l + 1} vs layer {l}");
        }
    }

    [Fact]
    public void Q5_2_xavier_like_init_keeps_tanh_activation_std_within_a_factor_2_across_5_layers()
    {
        // The documents measure 0.36 → 0.24 (ratio 1.5); a wrong gain (e.g. std 0.01) fails by orders of magnitude.
        var stds = Probe(Activation.Tanh, new InitializationScheme(TestScaledNormal.Xavier)).Select(s => s.Std).ToArray();
        (stds.Max() / stds.Min()).Should().BeLessThan(2, $"stds {string.Join(", ", stds)}");
        stds.Min().Should().BeGreaterThan(0.1);
    }

    [Fact]
    public void Q5_2_he_like_init_keeps_relu_activation_std_within_a_factor_2_across_5_layers()
    {
        var stats = Probe(Activation.ReLU, new InitializationScheme(TestScaledNormal.He));
        var stds = stats.Select(s => s.Std).ToArray();
        (stds.Max() / stds.Min()).Should().BeLessThan(2, $"stds {string.Join(", ", stds)}");
        stats.Should().AllSatisfy(s => s.SaturatedFraction.Should().BeNull("ReLU does not saturate"));
    }

    [Fact]
    public void Saturation_counts_tanh_values_beyond_0_97_and_the_histogram_loses_no_value()
    {
        // A huge weight std drives most tanh pre-activations far beyond atanh(0.97) ≈ 2.1.
        var stats = Probe(Activation.Tanh, new InitializationScheme(new TestNormal(1)));
        stats[4].SaturatedFraction.Should().BeGreaterThan(0.8);
        stats.Should().AllSatisfy(s => s.Histogram!.Total.Should().Be(256 * 256));
    }

    [Fact]
    public void Dead_fraction_counts_relu_units_silent_on_the_whole_batch()
    {
        var spec = new MlpSpec(4, [4], 2, Activation.ReLU);
        using var g = new Generator(1);
        using var model = Mlp.Create(spec, new InitializationScheme(new TestFixedValue(1)), g);
        using (no_grad())
        {
            model.Weight(0)[0].fill_(-1);   // unit 0: −Σx − ... < 0 for positive inputs → dead
            model.Bias(0).zero_();
        }

        using var batch = ones(8, 4);
        var stats = ActivationProbe.Measure(model, batch);
        stats[0].DeadFraction.Should().Be(0.25, "1 of 4 units never fires");
    }

    [Fact]
    public void Histograms_count_values_into_fixed_bins_with_under_and_overflow()
    {
        using var values = tensor(new[] { -2f, -1f, -0.5f, 0f, 0.49f, 1f, 3f, float.NaN });
        var h = Histogram.Of(values, 4, -1, 1);
        h.Counts.Should().Equal(1, 1, 2, 1);
        h.Underflow.Should().Be(1);
        h.Overflow.Should().Be(1);
        h.BinWidth.Should().Be(0.5);
    }
}
