using TorchSharp;
using WeightInit.Initializers;
using WeightInit.Probes;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>Settings of LSUV.</summary>
/// <param name="Tolerance">Stop when <c>|Var(sℓ) − 1| &lt; Tolerance</c> (paper: Tol_var = 0.1).</param>
/// <param name="MaxIterations">Rescalings per layer at most (paper: T_max = 10).</param>
/// <param name="BatchSize">Examples in the batch the experiment draws for LSUV.</param>
/// <param name="IncludeOutputLayer">Whether the output (logit) layer is rescaled too; the paper does every layer.</param>
public sealed record LsuvOptions(double Tolerance = 0.1, int MaxIterations = 10, int BatchSize = 256, bool IncludeOutputLayer = true)
{
    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(Tolerance > 0 && Tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"LSUV tolerance must be in (0, 1); got {Tolerance}");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, $"LSUV needs at least 1 iteration; got {MaxIterations}");
        }

        if (BatchSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"LSUV needs a batch of at least 2 examples to measure a variance; got {BatchSize}");
        }
    }
}

/// <summary>What LSUV did to one layer.</summary>
/// <param name="Layer">Layer (0-based, in forward order).</param>
/// <param name="Iterations">Rescalings applied.</param>
/// <param name="InitialVariance">Variance of the layer's output before LSUV.</param>
/// <param name="FinalVariance">Variance after the last rescaling.</param>
/// <param name="Converged">Whether <c>|FinalVariance − 1| &lt; tolerance</c>.</param>
/// <param name="Module">Dotted name of the layer's module (e.g. <c>linear0</c>, <c>features.3</c>).</param>
public sealed record LsuvLayerReport(int Layer, int Iterations, double InitialVariance, double FinalVariance, bool Converged, string? Module = null);

/// <summary>What LSUV did, layer by layer.</summary>
/// <param name="Layers">One entry per rescaled layer, input side first.</param>
public sealed record LsuvReport(IReadOnlyList<LsuvLayerReport> Layers)
{
    /// <summary>Whether every layer reached the tolerance.</summary>
    public bool Converged => Layers.All(l => l.Converged);

    /// <summary>
    /// <c>LsuvReport { Converged = …, Layers = [LsuvLayerReport { … }, …] }</c>: every layer's entry, not the list's type name
    /// that a record prints for a list member.
    /// </summary>
    public override string ToString() =>
        $"{nameof(LsuvReport)} {{ {nameof(Converged)} = {Converged}, {nameof(Layers)} = [{string.Join(", ", Layers)}] }}";
}

/// <summary>
/// Layer-sequential unit-variance initialization (Mishkin &amp; Matas 2016, "All you need is a good init",
/// Algorithm 1): start from <see cref="Start"/> (orthogonal in the paper), then for each layer ℓ in order, on one
/// batch, compute the variance of its output <c>sℓ = hℓ₋₁·Wℓᵀ + bℓ</c> (pre-activation, all elements) and set
/// <c>Wℓ ← Wℓ / √Var(sℓ)</c> until <c>|Var(sℓ) − 1| &lt; Tol</c> or <c>T_max</c> rescalings.
/// </summary>
public sealed class Lsuv
{
    /// <summary>Creates the procedure as the paper describes it: an orthogonal start (Saxe et al. 2014), then per-layer rescaling.</summary>
    /// <param name="options">Tolerance and iteration cap; <see langword="null"/> = the paper's (0.1, 10).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Lsuv(LsuvOptions? options = null)
        : this(new Orthogonal(), options)
    {
    }

    /// <summary>Creates the procedure.</summary>
    /// <param name="start">The initializer LSUV starts from (orthogonal in the paper).</param>
    /// <param name="options">Tolerance and iteration cap; <see langword="null"/> = the paper's (0.1, 10).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Lsuv(IInitializer start, LsuvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        Options = options ?? new LsuvOptions();
        Options.Validate();
        Start = start;
    }

    /// <summary>The starting initializer.</summary>
    public IInitializer Start { get; }

    /// <summary>The settings.</summary>
    public LsuvOptions Options { get; }

    /// <summary>
    /// Rescales the weights of <paramref name="model"/>'s layers in place using <paramref name="batch"/>, in forward order:
    /// the layers are the <c>Linear</c> and convolution modules (every module owning a weight of rank ≥ 2 that maps a tensor
    /// to a tensor), their order is the order a forward pass calls them (found with forward pre-hooks), and each layer's
    /// output is read by a forward hook; every hook is removed before returning. Uses no randomness. A layer whose output
    /// variance is 0 (e.g. all-zero weights) cannot be rescaled and is reported as not converged after 0 iterations.
    /// Submodules must be invoked with <c>call</c> (as <c>Sequential</c> and <see cref="Mlp"/> do) for hooks to run.
    /// </summary>
    /// <param name="model">Any module; an <see cref="Mlp"/>'s layers are its linear layers, input side first.</param>
    /// <param name="batch">Inputs of the shape the model takes (<c>[N, InputSize]</c> for an <see cref="Mlp"/>), N ≥ 2.</param>
    /// <exception cref="ArgumentException"><paramref name="batch"/> does not fit the model, or the model has no layer.</exception>
    public LsuvReport Refine(nn.Module<Tensor, Tensor> model, Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        if (model is Mlp mlp && (batch.dim() != 2 || batch.shape[1] != mlp.Spec.InputSize))
        {
            throw new ArgumentException($"the LSUV batch must be [N ≥ 2, {mlp.Spec.InputSize}]; got [{string.Join(", ", batch.shape)}]", nameof(batch));
        }

        if (batch.dim() < 1 || batch.shape[0] < 2)
        {
            throw new ArgumentException($"the LSUV batch needs at least 2 examples to measure a variance; got shape [{string.Join(", ", batch.shape)}]", nameof(batch));
        }

        using var noGrad = no_grad();
        var layers = ForwardOrder(model, batch);
        int count = Options.IncludeOutputLayer ? layers.Count : layers.Count - 1;
        var reports = new List<LsuvLayerReport>(count);
        for (int l = 0; l < count; l++)
        {
            reports.Add(RefineLayer(model, l, layers[l].Name, layers[l].Weight, batch));
        }

        return new LsuvReport(reports);
    }

    private static List<(string Name, Tensor Weight)> ForwardOrder(nn.Module<Tensor, Tensor> model, Tensor batch)
    {
        var weights = ParameterSite.Of(model).Where(s => s.Role == ParameterRole.Weight && s.Kind is LayerKind.Linear or LayerKind.Convolution or LayerKind.ConvolutionTranspose)
            .ToDictionary(s => s.ModuleName, s => s.Name);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var order = new List<string>();
        using (ModuleHooks.OnCalls(model, (name, _) => weights.ContainsKey(name), name =>
               {
                   if (!order.Contains(name))
                   {
                       order.Add(name);
                   }
               }))
        using (var scope = NewDisposeScope())
        {
            model.call(batch);
        }

        if (order.Count == 0)
        {
            throw new ArgumentException($"LSUV found no Linear or convolution layer called in {model.GetType().Name}'s forward pass (submodules must be invoked with call(), not forward())", nameof(model));
        }

        return order.Select(name => (name, parameters[weights[name]])).ToList();
    }

    private LsuvLayerReport RefineLayer(nn.Module<Tensor, Tensor> model, int layer, string name, Tensor weight, Tensor batch)
    {
        double variance = OutputVariance(model, name, batch);
        double initial = variance;
        int iterations = 0;
        while (Math.Abs(variance - 1) >= Options.Tolerance && iterations < Options.MaxIterations)
        {
            if (!(variance > 0) || !double.IsFinite(variance))
            {
                break;
            }

            weight.div_(Math.Sqrt(variance));
            iterations++;
            variance = OutputVariance(model, name, batch);
        }

        return new LsuvLayerReport(layer, iterations, initial, variance, Math.Abs(variance - 1) < Options.Tolerance, name);
    }

    private static double OutputVariance(nn.Module<Tensor, Tensor> model, string layer, Tensor batch)
    {
        double variance = double.NaN;
        using var scope = NewDisposeScope();
        using (ModuleHooks.OnOutputs(model, (name, _) => name == layer, (_, _, output) =>
               {
                   if (double.IsNaN(variance))
                   {
                       variance = output.var().to_type(ScalarType.Float64).item<double>();
                   }
               }))
        {
            model.call(batch);
        }

        return variance;
    }
}
