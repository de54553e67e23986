using WeightInit.Models;
using WeightInit.Theory;
using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>
/// The mean-field forward std of every module of an <see cref="Mlp"/> (<see cref="MeanField"/>), with σ_w² and σ_b² read off
/// its actual weights and q₀ off the batch: <c>√q_ℓ</c> for hidden linear layer ℓ, the activation's std for its activation,
/// and <c>√(σ_w²·E[φ²] + σ_b²)</c> for the output layer.
/// </summary>
internal static class MlpMeanField
{
    public static IReadOnlyDictionary<string, double> Predict(Mlp model, Tensor batch)
    {
        var spec = model.Spec;
        var activation = spec.Activation.MeanField;
        var layers = MeanFieldLayer.Of(model);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        double q0 = MeanField.InputSecondMoment(batch);
        var result = new Dictionary<string, double>();
        double incoming = q0;
        if (spec.HiddenWidths.Count > 0)
        {
            var hidden = MeanField.Propagate(activation, q0, layers[..^1]);
            foreach (var p in hidden)
            {
                result[$"linear{p.Depth - 1}"] = Math.Sqrt(p.PreActivationVariance);
                result[$"activation{p.Depth - 1}"] = p.ActivationStd;
            }

            incoming = hidden[^1].ActivationSecondMoment;
        }

        var head = layers[^1];
        result[$"linear{spec.LayerCount - 1}"] = Math.Sqrt((head.WeightVarianceScale * incoming) + head.BiasVariance);
        return result;
    }
}
