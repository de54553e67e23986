using TorchSharp.Modules;
using WeightInit.Models;
using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>Statistics of one hidden layer's outputs <c>hℓ</c> on one batch (the documents' Q5.2 table, and Glorot &amp; Bengio 2010's Figures 2–4).</summary>
/// <param name="Layer">Hidden layer, 1-based as the documents number them (L1 … L5): the ℓ-th activation module called in the forward pass.</param>
/// <param name="Mean">Mean over all batch × unit values.</param>
/// <param name="Std">Standard deviation over all values (unbiased, as <c>torch.std</c>).</param>
/// <param name="SaturatedFraction">Fraction of values saturated (see <see cref="Activation.SaturatedMask"/>); <see langword="null"/> for non-saturating activations.</param>
/// <param name="DeadFraction">Fraction of units whose output is exactly 0 for every example of the batch (dead ReLUs; every unit under zero init).</param>
/// <param name="Histogram">Histogram of the values with fixed bins.</param>
public sealed record LayerActivationStats(int Layer, double Mean, double Std, double? SaturatedFraction, double DeadFraction, Histogram? Histogram);

/// <summary>Statistics of one module's output on one batch, measured by a forward hook.</summary>
/// <param name="Module">Dotted module name (from <c>named_modules()</c>).</param>
/// <param name="ModuleType">CLR type name of the module, e.g. <c>Conv2d</c> or <c>Tanh</c>.</param>
/// <param name="Shape">Shape of the output.</param>
/// <param name="Mean">Mean over every value.</param>
/// <param name="Std">Standard deviation over every value (unbiased).</param>
/// <param name="SaturatedFraction">For tanh and sigmoid modules, the fraction of saturated values (see <see cref="Activation.SaturatedMask"/>); else null.</param>
/// <param name="DeadFraction">Fraction of output units (every position after the batch dimension) that are exactly 0 for every example.</param>
/// <param name="Histogram">Histogram of the values, or null when no bins were asked for.</param>
public sealed record ModuleActivationStats(string Module, string ModuleType, IReadOnlyList<long> Shape, double Mean, double Std, double? SaturatedFraction, double DeadFraction, Histogram? Histogram);

/// <summary>Measures the outputs of any module's submodules on a batch, through forward hooks that are removed before returning.</summary>
public static class ActivationProbe
{
    /// <summary>
    /// Runs <paramref name="batch"/> through <paramref name="model"/> under <c>no_grad</c> with a forward hook on every
    /// selected submodule (by default every leaf with parameters and every activation module), reduces each output to
    /// <see cref="ModuleActivationStats"/> inside the hook, and removes the hooks. Results are in forward-call order (a
    /// module called twice appears twice). No output tensor outlives the call.
    /// </summary>
    /// <param name="model">The model; its submodules must be invoked with <c>call</c> (as <c>Sequential</c> does) for hooks to run.</param>
    /// <param name="batch">Inputs of the shape the model expects.</param>
    /// <param name="select">Which submodules (dotted name, module) to measure; null = every leaf with parameters and every activation module.</param>
    /// <param name="histogramBins">Bins per histogram; 0 for none.</param>
    /// <param name="histogramRange">Histogram range; null = tanh [−1, 1], sigmoid [0, 1], ReLU [0, 4], else [−4, 4].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="histogramBins"/> is negative.</exception>
    public static IReadOnlyList<ModuleActivationStats> MeasureModules(nn.Module<Tensor, Tensor> model, Tensor batch, Func<string, nn.Module, bool>? select = null,
        int histogramBins = 50, (double Min, double Max)? histogramRange = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(histogramBins);
        var results = new List<ModuleActivationStats>();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using (ModuleHooks.OnOutputs(model, select ?? ModuleHooks.DefaultSelection, (name, module, output) =>
                   results.Add(Reduce(name, module, output, histogramBins, histogramRange))))
        {
            model.call(batch);
        }

        return results;
    }

    /// <summary>
    /// The hidden outputs of <paramref name="model"/>: the outputs of its activation modules (<c>Tanh</c>, <c>ReLU</c>, …)
    /// in forward order, numbered 1, 2, … — for an <see cref="Mlp"/>, exactly <c>h₁ … h_L</c>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="batch">Inputs (<c>[N, InputSize]</c> for an <see cref="Mlp"/>).</param>
    /// <param name="histogramBins">Bins per histogram; 0 for none.</param>
    /// <param name="histogramRange">Histogram range; <see langword="null"/> = the activation's range (tanh [−1, 1], sigmoid [0, 1], ReLU [0, 4], else [−4, 4]).</param>
    /// <exception cref="ArgumentException"><paramref name="batch"/> does not fit an <see cref="Mlp"/>, or <paramref name="histogramBins"/> is negative.</exception>
    public static IReadOnlyList<LayerActivationStats> Measure(nn.Module<Tensor, Tensor> model, Tensor batch, int histogramBins = 50, (double Min, double Max)? histogramRange = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        if (model is Mlp mlp && (batch.dim() != 2 || batch.shape[1] != mlp.Spec.InputSize || batch.shape[0] < 2))
        {
            throw new ArgumentException($"the probe batch must be [N ≥ 2, {mlp.Spec.InputSize}]; got [{string.Join(", ", batch.shape)}]", nameof(batch));
        }

        return MeasureModules(model, batch, (_, m) => ModuleHooks.IsActivation(m), histogramBins, histogramRange)
            .Select((s, i) => new LayerActivationStats(i + 1, s.Mean, s.Std, s.SaturatedFraction, s.DeadFraction, s.Histogram))
            .ToArray();
    }

    private static ModuleActivationStats Reduce(string name, nn.Module module, Tensor h, int bins, (double Min, double Max)? range)
    {
        using var scope = NewDisposeScope();
        var moments = stack([h.mean(), h.std(), h.eq(0).all(0).to_type(ScalarType.Float32).mean()]).to_type(ScalarType.Float64).data<double>().ToArray();
        var activation = module switch { Tanh => Activation.Tanh, Sigmoid => Activation.Sigmoid, ReLU => Activation.ReLU, _ => null };
        double? saturated = activation is { Saturates: true } ? activation.SaturatedMask(h).to_type(ScalarType.Float64).mean().item<double>() : null;
        var (min, max) = range ?? activation?.DefaultHistogramRange ?? (-4, 4);
        var histogram = bins > 0 ? Histogram.Of(h, bins, min, max) : null;
        return new ModuleActivationStats(name, module.GetType().Name, h.shape, moments[0], moments[1], saturated, moments[2], histogram);
    }
}
