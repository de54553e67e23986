using WeightInit.Models;
using WeightInit.Probes;
using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>Reduces a probed step's gradients and weights to scalars, all layers in one host read.</summary>
internal static class GradientProbe
{
    public static ProbeSnapshot Snapshot(Mlp model, IReadOnlyList<Tensor> preActivations, int step, int epoch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rows = new List<Tensor>(model.LayerCount);
        for (int l = 0; l < model.LayerCount; l++)
        {
            var w = model.Weight(l);
            var wGrad = w.grad ?? zeros_like(w);
            var sGrad = preActivations[l].grad ?? zeros_like(preActivations[l]);
            rows.Add(stack([w.mean(), w.std(), wGrad.std(), sGrad.std()]));
        }

        var values = stack(rows).to_type(ScalarType.Float64).data<double>().ToArray();
        var layers = new LayerGradientStats[model.LayerCount];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = new LayerGradientStats(l + 1, values[4 * l], values[(4 * l) + 1], values[(4 * l) + 2], values[(4 * l) + 3]);
        }

        return new ProbeSnapshot(step, epoch, layers);
    }
}
