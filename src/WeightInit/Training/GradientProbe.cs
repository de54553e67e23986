using WeightInit.Models;
using WeightInit.Probes;
using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>
/// One probed training step on any module: forward hooks on every layer (a module owning a weight of rank ≥ 2, see
/// <see cref="ParameterSite.Layer"/>) keep a handle to its output and ask autograd to retain its gradient; after backward,
/// each layer's weight and gradient statistics are reduced and read in one host read; disposing removes the hooks.
/// </summary>
internal sealed class GradientProbe : IDisposable
{
    private readonly (string Module, string Weight)[] _layers;
    private readonly Dictionary<string, Tensor> _outputs = [];
    private readonly ModuleHooks _hooks;
    private readonly nn.Module _model;

    public GradientProbe(nn.Module model)
    {
        _model = model;
        _layers = ParameterSite.Of(model)
            .Where(s => s.Layer >= 0 && InitRule.IsWeight(s.Role))
            .GroupBy(s => s.Layer)
            .Select(g => (g.First().ModuleName, g.First().Name))
            .ToArray();
        var modules = _layers.Select(l => l.Module).ToHashSet();
        _hooks = ModuleHooks.OnOutputs(model, (name, _) => modules.Contains(name), (name, _, output) =>
        {
            if (output.requires_grad && !_outputs.ContainsKey(name))
            {
                output.retain_grad();
                _outputs[name] = output.alias();   // a handle of our own: Sequential disposes its intermediate handles
            }
        });
    }

    /// <summary>Reduces the step's statistics (call after backward, before the optimizer step); tensors stay in the caller's scope.</summary>
    public ProbeSnapshot Snapshot(int step, int epoch)
    {
        var parameters = _model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rows = new List<Tensor>(_layers.Length);
        foreach (var (module, weightName) in _layers)
        {
            var w = parameters[weightName];
            var wGrad = w.grad ?? zeros_like(w);
            var sGrad = _outputs.TryGetValue(module, out var s) ? s.grad ?? zeros(2) : full(2, double.NaN);
            rows.Add(stack([w.mean(), w.std(), wGrad.std(), sGrad.std()]).to_type(ScalarType.Float64));
        }

        var values = stack(rows).data<double>().ToArray();
        var layers = new LayerGradientStats[_layers.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = new LayerGradientStats(l + 1, values[4 * l], values[(4 * l) + 1], values[(4 * l) + 2], values[(4 * l) + 3]);
        }

        return new ProbeSnapshot(step, epoch, layers);
    }

    /// <summary>Removes the hooks and drops the output handles.</summary>
    public void Dispose()
    {
        _hooks.Dispose();
        foreach (var output in _outputs.Values)
        {
            output.Dispose();
        }

        _outputs.Clear();
    }
}
