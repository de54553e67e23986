using TorchSharp;
using WeightInit.Theory;
using static TorchSharp.torch;

namespace WeightInit.Tests.Theory;

public class MeanFieldTests
{
    [Fact]
    public void First_layer_variance_is_sigma_w_squared_times_q0_plus_sigma_b_squared()
    {
        var predictions = MeanField.Propagate(MeanFieldActivation.Tanh, 0.25, [new MeanFieldLayer(1.5, 0.05)]);

        predictions.Should().ContainSingle().Which.PreActivationVariance.Should().BeApproximately(1.5 * 0.25 + 0.05, 1e-15);
    }

    [Fact]
    public void Relu_with_He_scaling_keeps_the_pre_activation_variance_constant()
    {
        // He et al. (2015): σ_w² = fan_in·(2/fan_in) = 2 and E[relu(h)²] = q/2, so q_l = q_(l−1).
        var layers = new[] { MeanFieldLayer.FromWeightVariance(784, 2.0 / 784) }
            .Concat(Enumerable.Repeat(MeanFieldLayer.FromWeightVariance(256, 2.0 / 256), 4)).ToArray();

        var predictions = MeanField.Propagate(MeanFieldActivation.Relu, 0.112, layers);

        predictions.Select(p => p.PreActivationVariance).Should().AllSatisfy(q => q.Should().BeApproximately(2 * 0.112, 1e-14));
    }

    [Fact]
    public void Tanh_with_N_0_001_weights_shrinks_the_variance_by_sigma_w_squared_per_layer()
    {
        // The documents' small_random: Var(W) = 0.01² so σ_w² = 256·10⁻⁴ = 0.0256 after layer 1; in the
        // near-linear regime E[tanh(h)²] = q − 2q² + (17/3)q³ − …, so q_l/q_(l−1) = σ_w²(1 − 2q_(l−1)) up to
        // 6q² ≤ 5e-4 relative (q ≤ 0.0088): std shrinks ≈ 6.3× per layer, as the documents print.
        var layers = new[] { MeanFieldLayer.FromWeightVariance(784, 1e-4) }
            .Concat(Enumerable.Repeat(MeanFieldLayer.FromWeightVariance(256, 1e-4), 4)).ToArray();

        var predictions = MeanField.Propagate(MeanFieldActivation.Tanh, 0.112, layers);

        predictions[0].ActivationStd.Should().BeApproximately(Math.Sqrt(784e-4 * 0.112), 0.01 * 0.094,
            "tanh(h) ≈ h when std(h) ≈ 0.094 (the documents measure 0.0943)");
        for (int l = 1; l < predictions.Count; l++)
        {
            double ratio = predictions[l].PreActivationVariance / predictions[l - 1].PreActivationVariance;
            double expected = 0.0256 * (1 - (2 * predictions[l - 1].PreActivationVariance));
            ratio.Should().BeApproximately(expected, 5e-4 * expected);
        }

        predictions[^1].ActivationStd.Should().BeLessThan(1e-4);
    }

    [Fact]
    public void Identity_network_multiplies_the_variance_exactly()
    {
        var predictions = MeanField.Propagate(
            MeanFieldActivation.Identity, 2.0, [new MeanFieldLayer(3.0, 0.5), new MeanFieldLayer(0.5, 1.0)]);

        predictions.Select(p => p.PreActivationVariance).Should().Equal(6.5, 4.25);
        predictions.Select(p => p.Depth).Should().Equal(1, 2);
    }

    [Fact]
    public void Prediction_matches_a_random_wide_tanh_mlp_within_its_sampling_error()
    {
        const int samples = 64, inputs = 784, width = 1024, depth = 5, networks = 16;
        const double sigmaW2 = 1.5, sigmaB2 = 0.05, q0 = 0.25;
        var layers = Enumerable.Range(0, depth)
            .Select(l => MeanFieldLayer.FromWeightVariance(l == 0 ? inputs : width, sigmaW2 / (l == 0 ? inputs : width), sigmaB2))
            .ToArray();
        var predictions = MeanField.Propagate(MeanFieldActivation.Tanh, q0, layers);

        var measured = MeasureTanhMlp(samples, inputs, width, depth, networks, sigmaW2, sigmaB2, Math.Sqrt(q0));

        // Units of a layer are independent given the layer below, so the pooled variance averages at least
        // networks·width = 16 384 independent unit values; Var(φ²)/E[φ²]² ≤ 2 (a Gaussian's value; tanh is
        // lighter-tailed), so the relative standard error of the variance is ≤ √(2/16384) = 1.1 %, and of
        // the std half of that, 0.55 %. Errors of the layers below pass on with gain ≤ 1 (the tanh map is
        // concave), so layer l carries at most √l such errors. Allow 4 standard errors.
        double relativeStdError = 0.5 * Math.Sqrt(2.0 / (networks * width));
        for (int l = 0; l < depth; l++)
        {
            double tolerance = 4 * relativeStdError * Math.Sqrt(l + 1);
            measured.Std[l].Should().BeApproximately(predictions[l].ActivationStd, tolerance * predictions[l].ActivationStd,
                $"layer {l + 1}: measured std vs mean-field prediction");
            measured.PreActivationVariance[l].Should().BeApproximately(
                predictions[l].PreActivationVariance, 2 * tolerance * predictions[l].PreActivationVariance,
                $"layer {l + 1}: measured Var(h) vs q_l");
        }
    }

    [Fact]
    public void InputSecondMoment_is_the_mean_of_x_squared_over_all_elements()
    {
        using var features = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);

        MeanField.InputSecondMoment(features).Should().Be(7.5);
    }

    [Fact]
    public void Propagate_rejects_no_layers_and_a_negative_q0()
    {
        var noLayers = () => MeanField.Propagate(MeanFieldActivation.Relu, 1, []);
        var negative = () => MeanField.Propagate(MeanFieldActivation.Relu, -0.5, [new MeanFieldLayer(2)]);

        noLayers.Should().Throw<ArgumentException>().WithMessage("*at least one layer*");
        negative.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*got -0.5*");
    }

    [Fact]
    public void Layers_reject_negative_variances_and_fan_in_below_one()
    {
        var negative = () => new MeanFieldLayer(-1);
        var fan = () => MeanFieldLayer.FromWeightVariance(0, 1);

        negative.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*≥ 0; got -1*");
        fan.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*fan_in must be ≥ 1; got 0*");
    }

    private static (double[] Std, double[] PreActivationVariance) MeasureTanhMlp(
        int samples, int inputs, int width, int depth, int networks, double sigmaW2, double sigmaB2, double inputScale)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(20161205);
        var activationSquares = new double[depth];
        var preActivationSquares = new double[depth];
        using (no_grad())
        {
            for (int n = 0; n < networks; n++)
            {
                // ±inputScale entries: every input has exactly q_0 = inputScale², so there is no Jensen gap.
                var x = (empty(samples, inputs).uniform_(0, 1, generator: generator) - 0.5).sign() * inputScale;
                for (int l = 0; l < depth; l++)
                {
                    long fanIn = x.shape[1];
                    var w = empty(width, fanIn).normal_(0, Math.Sqrt(sigmaW2 / fanIn), generator: generator);
                    var b = empty(width).normal_(0, Math.Sqrt(sigmaB2), generator: generator);
                    var h = x.matmul(w.t()) + b;
                    preActivationSquares[l] += h.square().mean().item<float>() / networks;
                    x = h.tanh();
                    activationSquares[l] += x.var().item<float>() / networks;
                }
            }
        }

        return (activationSquares.Select(Math.Sqrt).ToArray(), preActivationSquares);
    }
}
