using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>
/// A model an experiment can build once per run: a name, the shape of one input example, and a factory
/// <c>Generator → module</c> returning a new classifier (logits <c>[N, classes]</c>). The experiment then applies each
/// <see cref="InitializationScheme"/> to the module with the same generator, so a factory that draws nothing (or draws
/// only from that generator, or from TorchSharp's global one, which each run seeds before calling it) keeps runs reproducible.
/// </summary>
public sealed class ModelDefinition
{
    private readonly Func<Generator, nn.Module<Tensor, Tensor>> _factory;

    /// <summary>Creates a definition.</summary>
    /// <param name="name">Label in results, e.g. <c>cnn-3x16</c>.</param>
    /// <param name="inputShape">Shape of one example, e.g. <c>[1, 28, 28]</c> for an MNIST CNN or <c>[784]</c> for an MLP; flat data rows are reshaped to it.</param>
    /// <param name="factory">
    /// Builds a new module; called once per run, after TorchSharp's global generator is seeded from the run's seed
    /// (<see cref="Experimenting.RandomStream.ModelConstruction"/>), so layers initialized at construction are reproducible;
    /// and once by <c>Build</c> for a dry run (a zero batch through the model, every scheme applied).
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or <paramref name="inputShape"/> is empty or has a dimension &lt; 1.</exception>
    public ModelDefinition(string name, IReadOnlyList<long> inputShape, Func<Generator, nn.Module<Tensor, Tensor>> factory)
        : this(name, inputShape, factory, null)
    {
    }

    private ModelDefinition(string name, IReadOnlyList<long> inputShape, Func<Generator, nn.Module<Tensor, Tensor>> factory, MlpSpec? mlp)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(factory);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"a model name must not be empty; got \"{name}\"", nameof(name));
        }

        if (inputShape.Count == 0 || inputShape.Any(d => d < 1))
        {
            throw new ArgumentException($"an input shape needs at least one dimension, each ≥ 1; got [{string.Join(", ", inputShape)}] (e.g. [1, 28, 28])", nameof(inputShape));
        }

        Name = name;
        InputShape = inputShape.ToArray();
        _factory = factory;
        Mlp = mlp;
    }

    /// <summary>Label in results.</summary>
    public string Name { get; }

    /// <summary>Shape of one example.</summary>
    public IReadOnlyList<long> InputShape { get; }

    /// <summary>Values per example: the product of <see cref="InputShape"/>.</summary>
    public long InputSize => InputShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The built-in MLP's spec when this definition is one, else null.</summary>
    public MlpSpec? Mlp { get; }

    /// <summary>The built-in <see cref="Models.Mlp"/> of <paramref name="spec"/> (its parameters are filled by the scheme, nothing is drawn before).</summary>
    public static ModelDefinition FromMlp(MlpSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ModelDefinition(spec.Name, [spec.InputSize], _ => Models.Mlp.CreateUninitialized(spec), spec);
    }

    /// <summary>Builds a new module with the factory.</summary>
    /// <exception cref="InvalidOperationException">The factory returned null.</exception>
    public nn.Module<Tensor, Tensor> Create(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return _factory(generator) ?? throw new InvalidOperationException($"the factory of model '{Name}' returned null; it must return a new module");
    }

    /// <summary>A serializable description.</summary>
    public ModelDescription Describe() => new(Name, InputShape);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A user model in results: its name and input shape.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="InputShape">Shape of one example.</param>
public sealed record ModelDescription(string Name, IReadOnlyList<long> InputShape)
{
    /// <inheritdoc/>
    public bool Equals(ModelDescription? other) => other is not null && Name == other.Name && InputShape.SequenceEqual(other.InputShape);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, InputShape.Count);
}
