using WeightInit.Experiments.Figures;
using WeightInit.Theory;

namespace WeightInit.Tests.Figures;

/// <summary>
/// Figure (a) drawn from the PyTorch peer's Q5.2 Tanh numbers with the mean-field prediction beside them, written
/// to {temp}/weightinit-figures-demo/ so a person can look at it.
/// </summary>
public class ActivationFigureDemoTests
{
    // MNIST in [0, 1]: pixel mean 0.1307, std 0.3081, so E[x²] = 0.3081² + 0.1307² ≈ 0.112.
    private const double MnistSecondMoment = 0.112;

    private static readonly (string Name, double VarianceFirst, double VarianceRest)[] Initializers =
    [
        ("zero", 0, 0),
        ("small_random", 1e-4, 1e-4),
        ("xavier", 2.0 / (784 + 256), 2.0 / (256 + 256)),
        ("he", 2.0 / 784, 2.0 / 256),
    ];

    [Fact]
    public void Q5_2_demo_figure_puts_the_mean_field_std_beside_the_peer_measurement()
    {
        LayerStatistics[] measured =
        [
            new("zero", [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]),
            new("small_random", [-0.0013, 3.63e-4, 9.14e-5, 1.04e-5, 2.53e-6], [0.0919, 0.0149, 0.0023, 3.67e-4, 5.70e-5]),
            new("xavier", [-0.0255, -0.0148, -0.0215, -0.0099, 2.96e-4], [0.3612, 0.3283, 0.3008, 0.2774, 0.2488]),
            new("he", [-0.0192, -0.0288, 0.0094, -0.0061, -0.0156], [0.3963, 0.4495, 0.4825, 0.5037, 0.5272]),
        ];
        var predicted = Initializers.Select(init =>
        {
            var layers = new[] { MeanFieldLayer.FromWeightVariance(784, init.VarianceFirst) }
                .Concat(Enumerable.Repeat(MeanFieldLayer.FromWeightVariance(256, init.VarianceRest), 4)).ToArray();
            var p = MeanField.Propagate(MeanFieldActivation.Tanh, MnistSecondMoment, layers);
            return new LayerStatistics(init.Name, p.Select(l => l.ActivationMean).ToArray(), p.Select(l => l.ActivationStd).ToArray());
        }).ToArray();

        var figure = global::WeightInit.Experiments.Figures.Figures.ActivationStatistics("Tanh", measured, predicted);
        string directory = Path.Combine(Path.GetTempPath(), "weightinit-figures-demo");
        var files = figure.Save(directory, "q5_2_tanh_activation_stats");

        File.Exists(files.Png).Should().BeTrue();
        // One network of width 256 on one batch scatters by a few percent around the infinite-width theory
        // (see MeanFieldTests), and q_0 is MNIST's population value, not the peer's batch: allow 12 %.
        for (int init = 1; init < measured.Length; init++)
        {
            for (int l = 0; l < 5; l++)
            {
                measured[init].Std[l].Should().BeApproximately(predicted[init].Std[l], 0.12 * predicted[init].Std[l],
                    $"{measured[init].Initializer} layer {l + 1}");
            }
        }
    }
}
