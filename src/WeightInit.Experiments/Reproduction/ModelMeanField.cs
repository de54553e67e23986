using WeightInit.Models;
using WeightInit.Theory;

namespace WeightInit.Experiments.Reproduction;

/// <summary>The mean-field prediction for a concrete model: σ_w² and σ_b² per layer are read off its actual weights.</summary>
internal static class ModelMeanField
{
    /// <summary>Predicted activation std per hidden layer of <paramref name="model"/> for inputs with second moment <paramref name="q0"/>.</summary>
    public static double[] ActivationStd(Mlp model, double q0) =>
        MeanField.Propagate(model.Spec.Activation.MeanField, q0, MeanFieldLayer.Of(model)[..model.Spec.HiddenWidths.Count])
            .Select(p => p.ActivationStd).ToArray();
}
