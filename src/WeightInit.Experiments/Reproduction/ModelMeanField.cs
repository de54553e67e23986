using WeightInit.Models;
using WeightInit.Theory;
using static TorchSharp.torch;

namespace WeightInit.Experiments.Reproduction;

/// <summary>The mean-field prediction for a concrete model: σ_w² and σ_b² per layer are read off its actual weights.</summary>
internal static class ModelMeanField
{
    /// <summary>Predicted activation std per hidden layer of <paramref name="model"/> for inputs with second moment <paramref name="q0"/>.</summary>
    public static double[] ActivationStd(Mlp model, double q0)
    {
        var spec = model.Spec;
        var activation = spec.Activation.MeanField;
        using var scope = NewDisposeScope();
        var layers = Enumerable.Range(0, spec.HiddenWidths.Count).Select(l => MeanFieldLayer.FromWeightVariance(
            spec.LayerShape(l).In,
            model.Weight(l).detach().to_type(ScalarType.Float64).square().mean().item<double>(),
            model.Bias(l).detach().to_type(ScalarType.Float64).square().mean().item<double>())).ToArray();
        return MeanField.Propagate(activation, q0, layers).Select(p => p.ActivationStd).ToArray();
    }
}
