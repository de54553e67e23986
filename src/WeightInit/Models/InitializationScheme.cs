using WeightInit.Initializers;

namespace WeightInit.Models;

/// <summary>
/// How every parameter of an <see cref="Mlp"/> is initialized: one weight initializer and one bias initializer for
/// all layers, optionally overridden per layer, optionally followed by LSUV (<see cref="Models.Lsuv"/>).
/// Immutable: the <c>With…</c> methods return new schemes.
/// </summary>
public sealed class InitializationScheme
{
    private readonly Dictionary<int, (IInitializer Weights, IInitializer? Biases)> _layers;

    /// <summary>Creates a scheme.</summary>
    /// <param name="weights">Weight initializer for every layer.</param>
    /// <param name="biases">Bias initializer for every layer, called with the layer's weight fans; <see langword="null"/> = zeros.</param>
    /// <param name="name">Label in results; <see langword="null"/> = <paramref name="weights"/>' name (with the bias initializer's name when it is not zeros).</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public InitializationScheme(IInitializer weights, IInitializer? biases = null, string? name = null)
        : this(weights, biases ?? ZerosBias.Instance, name, [], WeightLayout.OutIn, null)
    {
    }

    private InitializationScheme(IInitializer weights, IInitializer biases, string? name, Dictionary<int, (IInitializer, IInitializer?)> layers, WeightLayout layout, Lsuv? lsuv)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"a scheme name must not be empty or white space; got \"{name}\"", nameof(name));
        }

        Weights = weights;
        Biases = biases;
        _layers = layers;
        Layout = layout;
        Lsuv = lsuv;
        Name = name ?? DefaultName(weights, biases, lsuv);
    }

    /// <summary>Label of the scheme in results and reports (unique within an experiment).</summary>
    public string Name { get; }

    /// <summary>Weight initializer of every layer without an override.</summary>
    public IInitializer Weights { get; }

    /// <summary>Bias initializer of every layer without an override.</summary>
    public IInitializer Biases { get; }

    /// <summary>How weight draws are laid out (default <see cref="WeightLayout.OutIn"/>).</summary>
    public WeightLayout Layout { get; }

    /// <summary>The data-dependent LSUV pass run after the initializers, or <see langword="null"/>.</summary>
    public Lsuv? Lsuv { get; }

    /// <summary>Layers (0-based) whose initializers are overridden.</summary>
    public IReadOnlyCollection<int> OverriddenLayers => _layers.Keys;

    /// <summary>LSUV (Mishkin &amp; Matas 2016): <paramref name="lsuv"/>'s start initializer for the weights, zeros (or <paramref name="biases"/>) for biases, then the LSUV rescaling.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="lsuv"/> is null.</exception>
    public static InitializationScheme FromLsuv(Lsuv lsuv, IInitializer? biases = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(lsuv);
        return new InitializationScheme(lsuv.Start, biases ?? ZerosBias.Instance, name, [], WeightLayout.OutIn, lsuv);
    }

    /// <summary>A copy whose layer <paramref name="layer"/> (0-based; the last is the output layer) uses other initializers.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is negative.</exception>
    public InitializationScheme WithLayer(int layer, IInitializer weights, IInitializer? biases = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentNullException.ThrowIfNull(weights);
        var layers = new Dictionary<int, (IInitializer, IInitializer?)>(_layers) { [layer] = (weights, biases) };
        return new InitializationScheme(Weights, Biases, Name, layers, Layout, Lsuv);
    }

    /// <summary>A copy with another name.</summary>
    public InitializationScheme WithName(string name) => new(Weights, Biases, name, _layers, Layout, Lsuv);

    /// <summary>A copy with another weight layout.</summary>
    public InitializationScheme WithLayout(WeightLayout layout) => new(Weights, Biases, Name, _layers, layout, Lsuv);

    /// <summary>The weight initializer of layer <paramref name="layer"/>.</summary>
    public IInitializer WeightsFor(int layer) => _layers.TryGetValue(layer, out var o) ? o.Weights : Weights;

    /// <summary>The bias initializer of layer <paramref name="layer"/>.</summary>
    public IInitializer BiasesFor(int layer) => _layers.TryGetValue(layer, out var o) && o.Biases is not null ? o.Biases : Biases;

    /// <summary>A serializable description of this scheme for a model with <paramref name="layerCount"/> linear layers.</summary>
    public SchemeDescription Describe(int layerCount) => new(
        Name,
        Enumerable.Range(0, layerCount).Select(l => WeightsFor(l).Name).ToArray(),
        Enumerable.Range(0, layerCount).Select(l => BiasesFor(l).Name).ToArray(),
        Layout,
        Lsuv?.Options);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static string DefaultName(IInitializer weights, IInitializer biases, Lsuv? lsuv)
    {
        string core = biases is ZerosBias ? weights.Name : $"{weights.Name}+bias:{biases.Name}";
        return lsuv is null ? core : $"lsuv({core})";
    }
}

/// <summary>What an <see cref="InitializationScheme"/> did, per layer, in a form that serializes.</summary>
/// <param name="Name">The scheme's label.</param>
/// <param name="WeightInitializers">Initializer name per linear layer.</param>
/// <param name="BiasInitializers">Bias initializer name per linear layer.</param>
/// <param name="Layout">Weight layout used.</param>
/// <param name="Lsuv">LSUV options when LSUV ran after the initializers.</param>
public sealed record SchemeDescription(string Name, IReadOnlyList<string> WeightInitializers, IReadOnlyList<string> BiasInitializers, WeightLayout Layout, LsuvOptions? Lsuv);
