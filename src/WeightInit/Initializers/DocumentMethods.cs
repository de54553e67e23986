using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// The documents' Q5.1 function <c>initialize_weights(shape, method)</c>, exactly, as a thin facade over the presets:
/// <c>zero</c> → <see cref="Zeros"/>; <c>small_random</c> → <c>N(0, 0.01²)</c> (<c>randn(shape) * 0.01</c>);
/// <c>xavier</c> → normal with variance <c>2 / (fan_in + fan_out)</c> (<see cref="XavierNormal"/>);
/// <c>he</c> → normal with variance <c>2 / fan_in</c> (<see cref="HeNormal"/> for ReLU, fan-in).
/// The shape is <c>(fan_in, fan_out)</c>, the transpose of TorchSharp's <c>Linear.weight</c>.
/// </summary>
public static class DocumentMethods
{
    /// <summary>The method names the document defines, in its order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["zero", "small_random", "xavier", "he"];

    /// <summary>The initializer behind a document method; its <see cref="IInitializer.Name"/> is the method name.</summary>
    /// <param name="method">One of <see cref="Names"/> (exact, lower case, as in the document).</param>
    /// <exception cref="ArgumentException"><paramref name="method"/> is not one of <see cref="Names"/>.</exception>
    public static IInitializer Resolve(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        IInitializer inner = method switch
        {
            "zero" => new Zeros(),
            "small_random" => new Normal(0.0, 0.01),
            "xavier" => new XavierNormal(1.0),
            "he" => new HeNormal(0.0, FanMode.FanIn, "relu"),
            _ => throw new ArgumentException($"unknown method '{method}'; expected one of {string.Join(", ", Names)}", nameof(method)),
        };
        return new Renamed(method, inner);
    }

    /// <summary>
    /// The scheme <c>weightinit --init METHOD</c> uses, for a document method or any initializer spec. The documents' four
    /// methods keep the documents' convention: each weight is drawn as a <c>[fan_in, fan_out]</c> matrix and stored
    /// transposed (<see cref="Models.WeightLayout.InOutTransposed"/>), biases zero, so the same seed gives the documents'
    /// numbers. Every other spec (<see cref="Initializer.Parse"/>) fills <c>weight</c> in its own <c>[out, in]</c> shape, as
    /// PyTorch's <c>torch.nn.init</c> does. The two draw different tensors from one seed even where the distribution is the
    /// same: <c>Scheme("he")</c> is not <c>new InitializationScheme(Initializer.Parse("he_normal"))</c>.
    /// </summary>
    /// <param name="spec">A name in <see cref="Names"/>, or any spec <see cref="Initializer.Parse"/> accepts.</param>
    /// <exception cref="ArgumentException">The spec is neither; the message repeats it and says what was expected.</exception>
    public static Models.InitializationScheme Scheme(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Names.Contains(spec))
        {
            return new Models.InitializationScheme(Resolve(spec), name: spec).WithLayout(Models.WeightLayout.InOutTransposed);
        }

        return Initializer.TryParse(spec, out var initializer, out string? error)
            ? new Models.InitializationScheme(initializer, name: spec)
            : throw new ArgumentException(error, nameof(spec));
    }

    /// <summary>
    /// <c>initialize_weights(shape, method)</c>: a new float32 tensor of <paramref name="shape"/> = <c>[fan_in, fan_out]</c>.
    /// </summary>
    /// <param name="shape">Exactly two positive dimensions, <c>(fan_in, fan_out)</c>.</param>
    /// <param name="method">One of <see cref="Names"/>.</param>
    /// <param name="generator">The only source of randomness.</param>
    /// <returns>The new tensor; the caller owns (disposes) it.</returns>
    /// <exception cref="ArgumentException">The shape is not 2-D or has a dimension ≤ 0, or the method is unknown; the message names the bad value and lists the valid ones.</exception>
    public static Tensor InitializeWeights(long[] shape, string method, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(generator);
        var fan = Fan.FromInOutMatrix(shape);
        return Resolve(method).Create(shape, generator, ScalarType.Float32, fan);
    }

    /// <summary>
    /// What the document's model does to each layer: <c>weight = initialize_weights((in, out), method).t()</c>
    /// (so <c>weight</c>, stored <c>[out, in]</c>, gets the <c>[fan_in, fan_out]</c> matrix transposed) and <c>bias = 0</c>.
    /// </summary>
    /// <param name="layer">The layer to initialize in place.</param>
    /// <param name="method">One of <see cref="Names"/>.</param>
    /// <param name="generator">The only source of randomness.</param>
    /// <exception cref="ArgumentException">The method is unknown.</exception>
    public static void InitializeLinear(Linear layer, string method, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(layer);
        using var scope = NewDisposeScope();
        var weight = InitializeWeights([layer.in_features, layer.out_features], method, generator);
        using var noGrad = no_grad();
        layer.weight!.copy_(weight.t());
        layer.bias?.zero_();
    }

    private sealed class Renamed(string name, IInitializer inner) : IInitializer
    {
        public string Name { get; } = name;

        public void Fill(Tensor tensor, Generator generator, Fan? fan = null) => inner.Fill(tensor, generator, fan);

        public double? TargetStd(IReadOnlyList<long> shape, Fan? fan) => inner.TargetStd(shape, fan);
    }
}
