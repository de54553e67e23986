using TorchSharp.Modules;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>What kind of layer owns a parameter, as the rules of an <see cref="InitializationScheme"/> see it.</summary>
public enum LayerKind
{
    /// <summary><c>Linear</c> (<c>[out, in]</c> weight), including the layers of an <see cref="Mlp"/>.</summary>
    Linear,

    /// <summary><c>Conv1d</c>, <c>Conv2d</c>, <c>Conv3d</c> (<c>[out, in/groups, k…]</c> weight).</summary>
    Convolution,

    /// <summary><c>ConvTranspose1d/2d/3d</c> (<c>[in, out/groups, k…]</c> weight).</summary>
    ConvolutionTranspose,

    /// <summary><c>Embedding</c> (<c>[entries, dimension]</c> weight).</summary>
    Embedding,

    /// <summary>BatchNorm, InstanceNorm, LayerNorm, GroupNorm: an affine weight (scale) and bias (shift) per feature.</summary>
    Normalization,

    /// <summary><c>LSTM</c>, <c>GRU</c>, <c>RNN</c>: input-to-hidden and hidden-to-hidden weights per layer.</summary>
    Recurrent,

    /// <summary>Any other module that owns parameters (user-written modules, PReLU, …).</summary>
    Other,
}

/// <summary>The role of a parameter inside its module.</summary>
public enum ParameterRole
{
    /// <summary>A weight of rank ≥ 2 (Linear, convolution, embedding, or any other module's <c>weight</c>).</summary>
    Weight,

    /// <summary>A bias (<c>bias</c>, and <c>bias_ih_l*</c>/<c>bias_hh_l*</c> of recurrent layers).</summary>
    Bias,

    /// <summary>A recurrent layer's input-to-hidden weight <c>weight_ih_l*</c>.</summary>
    InputToHidden,

    /// <summary>A recurrent layer's hidden-to-hidden weight <c>weight_hh_l*</c>.</summary>
    HiddenToHidden,

    /// <summary>A normalization layer's scale (<c>weight</c>, γ).</summary>
    Scale,

    /// <summary>Anything else (e.g. a 1-D <c>weight</c> of an unknown module).</summary>
    Other,
}

/// <summary>
/// One parameter of a module as the rules see it.
/// </summary>
/// <param name="Name">Dotted name from <c>named_parameters()</c>, e.g. <c>features.0.weight</c>.</param>
/// <param name="ModuleName">Dotted name of the module that owns it (empty for the root).</param>
/// <param name="ModuleType">CLR type of the owning module (e.g. <see cref="Conv2d"/>).</param>
/// <param name="Kind">Kind of the owning module.</param>
/// <param name="Role">Role of the parameter in its module.</param>
/// <param name="Layer">
/// Position of the owning layer: layers are the modules that own a weight of rank ≥ 2 (so normalization layers are not
/// counted), numbered 0, 1, … in <c>named_parameters()</c> order; −1 for parameters of other modules.
/// </param>
/// <param name="Shape">The parameter's shape.</param>
/// <param name="Fan">
/// Fans for the initializer: a weight's own (<see cref="Initializers.Fan.FromWeight(long[])"/>, receptive field included for
/// convolutions, PyTorch's reading of dimension 1 as fan-in for transposed convolutions too); a bias's are those of the
/// weight it goes with (<c>weight</c>, or <c>weight_ih_lK</c> for <c>bias_ih_lK</c>); <see langword="null"/> when there is none.
/// </param>
public sealed record ParameterSite(string Name, string ModuleName, Type ModuleType, LayerKind Kind, ParameterRole Role, int Layer, IReadOnlyList<long> Shape, Fan? Fan)
{
    /// <summary>Name of the parameter inside its module, e.g. <c>weight</c> or <c>weight_hh_l0</c>.</summary>
    public string LocalName => ModuleName.Length == 0 ? Name : Name[(ModuleName.Length + 1)..];

    /// <summary>
    /// Every parameter of <paramref name="module"/> in <c>named_parameters()</c> order (the order an
    /// <see cref="InitializationScheme"/> draws in).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    public static IReadOnlyList<ParameterSite> Of(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var modules = new Dictionary<string, nn.Module> { [string.Empty] = module };
        foreach (var (name, child) in module.named_modules())
        {
            modules[name] = child;
        }

        var parameters = module.named_parameters().Select(p => (p.name, Shape: p.parameter.shape)).ToArray();
        var shapes = parameters.ToDictionary(p => p.name, p => p.Shape);
        var layers = new Dictionary<string, int>();
        var sites = new List<ParameterSite>(parameters.Length);
        foreach (var (name, shape) in parameters)
        {
            int dot = name.LastIndexOf('.');
            string owner = dot < 0 ? string.Empty : name[..dot];
            string local = dot < 0 ? name : name[(dot + 1)..];
            var ownerModule = modules.TryGetValue(owner, out var m) ? m : module;
            var kind = KindOf(ownerModule);
            var role = RoleOf(kind, local, shape);
            if (role is ParameterRole.Weight or ParameterRole.InputToHidden && !layers.ContainsKey(owner))
            {
                layers[owner] = layers.Count;
            }

            int layer = layers.TryGetValue(owner, out int l) ? l : -1;
            sites.Add(new ParameterSite(name, owner, ownerModule.GetType(), kind, role, layer, shape, FanOf(name, local, shape, shapes)));
        }

        return sites.Select(s => s.Layer >= 0 || !layers.TryGetValue(s.ModuleName, out int l) ? s : s with { Layer = l }).ToArray();
    }

    /// <summary>The kind of <paramref name="module"/>.</summary>
    internal static LayerKind KindOf(nn.Module module) => module switch
    {
        Linear => LayerKind.Linear,
        ConvolutionTranspose => LayerKind.ConvolutionTranspose,
        Convolution => LayerKind.Convolution,
        Embedding or EmbeddingBag => LayerKind.Embedding,
        NormBase or LayerNorm or GroupNorm => LayerKind.Normalization,
        LSTM or GRU or RNN => LayerKind.Recurrent,
        _ => LayerKind.Other,
    };

    private static ParameterRole RoleOf(LayerKind kind, string local, long[] shape)
    {
        if (kind == LayerKind.Recurrent)
        {
            return local.StartsWith("weight_ih", StringComparison.Ordinal) ? ParameterRole.InputToHidden
                : local.StartsWith("weight_hh", StringComparison.Ordinal) ? ParameterRole.HiddenToHidden
                : local.StartsWith("bias", StringComparison.Ordinal) ? ParameterRole.Bias
                : ParameterRole.Other;
        }

        if (kind == LayerKind.Normalization)
        {
            return local == "weight" ? ParameterRole.Scale : local == "bias" ? ParameterRole.Bias : ParameterRole.Other;
        }

        return local.StartsWith("bias", StringComparison.Ordinal) && shape.Length == 1 ? ParameterRole.Bias
            : local.StartsWith("weight", StringComparison.Ordinal) && shape.Length >= 2 ? ParameterRole.Weight
            : ParameterRole.Other;
    }

    private static Fan? FanOf(string name, string local, long[] shape, Dictionary<string, long[]> shapes)
    {
        if (shape.Length >= 2)
        {
            return shape.All(d => d > 0) ? Initializers.Fan.FromWeight(shape) : null;
        }

        if (!local.StartsWith("bias", StringComparison.Ordinal))
        {
            return null;
        }

        // bias → weight, bias_ih_l0 → weight_ih_l0: the fans of the weight this bias is added to.
        string weightName = name[..^local.Length] + "weight" + local["bias".Length..];
        return shapes.TryGetValue(weightName, out var w) && w.Length >= 2 && w.All(d => d > 0) ? Initializers.Fan.FromWeight(w) : null;
    }
}
