using WeightInit.Models;
using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>Statistics of one hidden layer's outputs <c>hℓ</c> on one batch (the documents' Q5.2 table, and Glorot &amp; Bengio 2010's Figures 2–4).</summary>
/// <param name="Layer">Hidden layer, 1-based as the documents number them (L1 … L5).</param>
/// <param name="Mean">Mean over all batch × unit values.</param>
/// <param name="Std">Standard deviation over all values (unbiased, as <c>torch.std</c>).</param>
/// <param name="SaturatedFraction">Fraction of values saturated (see <see cref="Activation.SaturatedMask"/>); <see langword="null"/> for non-saturating activations.</param>
/// <param name="DeadFraction">Fraction of units whose output is exactly 0 for every example of the batch (dead ReLUs; every unit under zero init).</param>
/// <param name="Histogram">Histogram of the values with fixed bins.</param>
public sealed record LayerActivationStats(int Layer, double Mean, double Std, double? SaturatedFraction, double DeadFraction, Histogram? Histogram);

/// <summary>Measures hidden activations of an <see cref="Mlp"/> on a batch.</summary>
public static class ActivationProbe
{
    /// <summary>
    /// Runs <paramref name="batch"/> <c>[N, InputSize]</c> through <paramref name="model"/> under <c>no_grad</c> and
    /// reduces every hidden output to <see cref="LayerActivationStats"/>; no activation tensor outlives the call.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="batch">Inputs.</param>
    /// <param name="histogramBins">Bins per histogram; 0 for none.</param>
    /// <param name="histogramRange">Histogram range; <see langword="null"/> = the activation's range (tanh [−1, 1], sigmoid [0, 1], ReLU [0, 4], else [−4, 4]).</param>
    /// <exception cref="ArgumentException"><paramref name="batch"/> does not fit the model, or <paramref name="histogramBins"/> is negative.</exception>
    public static IReadOnlyList<LayerActivationStats> Measure(Mlp model, Tensor batch, int histogramBins = 50, (double Min, double Max)? histogramRange = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(histogramBins);
        if (batch.dim() != 2 || batch.shape[1] != model.Spec.InputSize || batch.shape[0] < 2)
        {
            throw new ArgumentException($"the probe batch must be [N ≥ 2, {model.Spec.InputSize}]; got [{string.Join(", ", batch.shape)}]", nameof(batch));
        }

        var activation = model.Spec.Activation;
        var range = histogramRange ?? activation.DefaultHistogramRange;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var hidden = new List<Tensor>();
        model.Forward(batch, null, hidden);
        var result = new List<LayerActivationStats>(hidden.Count);
        for (int l = 0; l < hidden.Count; l++)
        {
            var h = hidden[l];
            var moments = stack([h.mean(), h.std(), h.eq(0).all(0).to_type(ScalarType.Float32).mean()]).to_type(ScalarType.Float64).data<double>().ToArray();
            double? saturated = activation.Saturates
                ? activation.SaturatedMask(h).to_type(ScalarType.Float64).mean().item<double>()
                : null;
            var histogram = histogramBins > 0 ? Histogram.Of(h, histogramBins, range.Min, range.Max) : null;
            result.Add(new LayerActivationStats(l + 1, moments[0], moments[1], saturated, moments[2], histogram));
        }

        return result;
    }
}
