using WeightInit.Initializers;

namespace WeightInit.Experiments.Gallery;

/// <summary>
/// One initializer of the gallery: the spec it is drawn with, the shape, its formula and source as text, and the
/// distribution that formula implies for one element, computed here from the formula and the initializer's own
/// parameters (never from the code that draws), so that a drawing bug shows as a histogram off its curve.
/// </summary>
/// <param name="Spec">The spec, as <c>weightinit init --method</c> takes it.</param>
/// <param name="Initializer">The parsed initializer.</param>
/// <param name="Shape">The shape drawn, PyTorch's <c>[out, in, k…]</c> layout.</param>
/// <param name="Formula">The formula, in the notation of the XML docs.</param>
/// <param name="Source">The paper or library it comes from.</param>
/// <param name="Distribution">The distribution of one element that <paramref name="Formula"/> gives for <paramref name="Shape"/>.</param>
internal sealed record GalleryEntry(string Spec, IInitializer Initializer, long[] Shape, string Formula, string Source, AnalyticDistribution Distribution);

/// <summary>Every initializer of <see cref="Initializer.Names"/> (aliases once), described for the gallery.</summary>
internal static class GalleryCatalog
{
    /// <summary>The weight shape every gallery figure draws: <c>[256, 784]</c>, an <c>nn.Linear(784, 256)</c> weight.</summary>
    public static readonly long[] Shape = [256, 784];

    /// <summary>Dirac needs a convolution weight: <c>[256, 784, 3]</c>, a <c>Conv1d(784, 256, 3)</c> weight.</summary>
    public static readonly long[] ConvShape = [256, 784, 3];

    private const string Glorot = "Glorot & Bengio (2010), *Understanding the difficulty of training deep feedforward neural networks*";
    private const string HeEtAl = "He et al. (2015), *Delving Deep into Rectifiers*";
    private const string LeCun = "LeCun et al. (1998), *Efficient BackProp*";
    private const string Documents = "the study documents' `initialize_weights(shape, method)`";

    /// <summary>Parameters for the initializers that have a required one.</summary>
    private static readonly Dictionary<string, string> Examples = new()
    {
        ["constant"] = "constant(0.5)",
        ["sparse"] = "sparse(0.9)",
    };

    /// <summary>The entries, in <see cref="Initializer.Usage"/>'s order; an alias whose initializer is already listed is skipped.</summary>
    public static IReadOnlyList<GalleryEntry> All()
    {
        var entries = new List<GalleryEntry>();
        foreach (string name in Initializer.Names)
        {
            string spec = Examples.GetValueOrDefault(name, name);
            var initializer = Initializer.Parse(spec);
            if (entries.Any(e => e.Initializer.Name == initializer.Name))
            {
                continue;
            }

            entries.Add(Describe(spec, initializer));
        }

        return entries;
    }

    /// <summary>Describes one initializer, drawn at <see cref="Shape"/> (<see cref="ConvShape"/> for Dirac).</summary>
    /// <exception cref="NotSupportedException">The gallery has no formula for this initializer type; add one here.</exception>
    public static GalleryEntry Describe(string spec, IInitializer initializer)
    {
        long[] shape = initializer is Dirac ? ConvShape : Shape;
        long rows = shape[0], fanIn = shape[1] * shape.Skip(2).Aggregate(1L, (a, b) => a * b), fanOut = rows * shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        long count = shape.Aggregate(1L, (a, b) => a * b);
        GalleryEntry Entry(string formula, string source, AnalyticDistribution distribution) => new(spec, initializer, shape, formula, source, distribution);
        AnalyticDistribution Normal(double std) => AnalyticDistribution.Of(new NormalDensity(0, std));
        AnalyticDistribution Uniform(double bound) => AnalyticDistribution.Of(new UniformDensity(-bound, bound));
        double Fan(FanMode mode) => mode switch
        {
            FanMode.FanIn => fanIn,
            FanMode.FanOut => fanOut,
            FanMode.FanAvg => (fanIn + fanOut) / 2.0,
            _ => Math.Sqrt((double)fanIn * fanOut),
        };

        return (initializer.Name, initializer) switch
        {
            ("zero", _) => Entry("w = 0", Documents, AnalyticDistribution.PointMasses(new Atom(0, 1))),
            ("small_random", _) => Entry("w ~ N(0, 0.01²), `randn(shape) * 0.01`", Documents, Normal(0.01)),
            ("xavier", _) => Entry("w ~ N(0, 2 / (fan_in + fan_out))", Documents + "; " + Glorot, Normal(Math.Sqrt(2.0 / (fanIn + fanOut)))),
            ("he", _) => Entry("w ~ N(0, 2 / fan_in)", Documents + "; " + HeEtAl, Normal(Math.Sqrt(2.0 / fanIn))),
            (_, Constant c) => Entry($"w = {NormalDensity.G(c.Value)}", "PyTorch `constant_`, `zeros_`, `ones_`", AnalyticDistribution.PointMasses(new Atom(c.Value, 1))),
            (_, Initializers.Uniform u) => Entry("w ~ U(a, b)", "PyTorch `uniform_`", AnalyticDistribution.Of(new UniformDensity(u.A, u.B))),
            (_, Initializers.Normal n) => Entry("w ~ N(mean, std²)", "PyTorch `normal_`", AnalyticDistribution.Of(new NormalDensity(n.Mean, n.Std))),
            (_, TruncatedNormal t) => Entry("w ~ N(mean, std²) conditioned on a ≤ w ≤ b", "PyTorch `trunc_normal_`", AnalyticDistribution.Of(new TruncatedNormalDensity(t.Mean, t.Std, t.A, t.B))),
            (_, XavierNormal x) => Entry("w ~ N(0, std²), std = gain · √(2 / (fan_in + fan_out))", Glorot, Normal(x.Gain * Math.Sqrt(2.0 / (fanIn + fanOut)))),
            (_, XavierUniform x) => Entry("w ~ U(−b, b), b = gain · √(6 / (fan_in + fan_out))", Glorot, Uniform(x.Gain * Math.Sqrt(6.0 / (fanIn + fanOut)))),
            (_, HeNormal h) => Entry("w ~ N(0, std²), std = gain / √fan, gain = `Gain.For(nonlinearity, a)` (√2 for ReLU and the default a = 0)", HeEtAl, Normal(Math.Sqrt(h.Scale) / Math.Sqrt(Fan(h.Mode)))),
            (_, HeUniform h) => Entry("w ~ U(−b, b), b = gain · √(3 / fan), gain = `Gain.For(nonlinearity, a)`", HeEtAl, Uniform(Math.Sqrt(h.Scale) * Math.Sqrt(3.0 / Fan(h.Mode)))),
            (_, LeCunNormal) => Entry("w ~ N(0, 1 / fan_in)", LeCun, Normal(Math.Sqrt(1.0 / fanIn))),
            (_, LeCunUniform) => Entry("w ~ U(−b, b), b = √(3 / fan_in)", LeCun, Uniform(Math.Sqrt(3.0 / fanIn))),
            (_, PyTorchLinearDefault) => Entry("w ~ U(−1/√fan_in, 1/√fan_in) (`kaiming_uniform_(a = √5)`)", "PyTorch `nn.Linear.reset_parameters`", Uniform(1.0 / Math.Sqrt(fanIn))),
            (_, VarianceScaling v) => Entry(
                "variance scale / n, n by mode; normal N(0, scale/n), uniform U(±√(3 · scale/n)), truncated normal: std √(scale/n) / 0.8796 cut at ±2 of it",
                "Keras 3 `VarianceScaling`",
                ScalingDistribution(v.Distribution, Math.Sqrt(v.Scale / Fan(v.Mode)))),
            (_, PyTorchLinearDefaultBias) => Entry("w ~ U(−1/√fan_in, 1/√fan_in), fan_in of the layer's weight", "PyTorch `nn.Linear.reset_parameters`", Uniform(1.0 / Math.Sqrt(fanIn))),
            (_, Orthogonal o) => Entry(
                "W = gain · Q, Q (semi-)orthogonal from the QR of a Gaussian matrix; each row of a wide Q is uniform on the unit sphere",
                "Saxe et al. (2014), *Exact solutions to the nonlinear dynamics of learning in deep linear neural networks*",
                AnalyticDistribution.Of(new SphereCoordinateDensity(Math.Max(rows, fanIn), o.Gain))),
            (_, Identity i) => Entry(
                "W = gain · I (ones on the diagonal of a rectangular matrix)",
                "PyTorch `eye_`",
                AnalyticDistribution.PointMasses(new Atom(i.Gain, Math.Min(rows, fanIn) / (double)count), new Atom(0, 1 - (Math.Min(rows, fanIn) / (double)count)))),
            (_, Dirac d) => Entry(
                "w[g·out/groups + c, c, centre] = 1 for c < min(out/groups, in), else 0",
                "PyTorch `dirac_`",
                DiracMasses(d, shape, count)),
            (_, Sparse s) => Entry(
                "w ~ N(0, std²), then ⌈sparsity · rows⌉ entries of every column set to 0",
                "Martens (2010), *Deep learning via Hessian-free optimization*",
                new AnalyticDistribution([new Atom(0, Math.Ceiling(s.Sparsity * rows) / rows)], new NormalDensity(0, s.Std))),
            _ => throw new NotSupportedException($"the gallery has no formula for '{initializer.Name}' ({initializer.GetType().Name}); add one to {nameof(GalleryCatalog)}.{nameof(Describe)}"),
        };
    }

    private static AnalyticDistribution ScalingDistribution(Initializers.ScalingDistribution distribution, double std) => distribution switch
    {
        Initializers.ScalingDistribution.Normal => AnalyticDistribution.Of(new NormalDensity(0, std)),
        Initializers.ScalingDistribution.Uniform => AnalyticDistribution.Of(new UniformDensity(-Math.Sqrt(3) * std, Math.Sqrt(3) * std)),
        _ => AnalyticDistribution.Of(new TruncatedNormalDensity(0, std / 0.87962566103423978, -2 * std / 0.87962566103423978, 2 * std / 0.87962566103423978)),
    };

    private static AnalyticDistribution DiracMasses(Dirac dirac, long[] shape, long count)
    {
        double ones = dirac.Groups * Math.Min(shape[0] / dirac.Groups, shape[1]);
        return AnalyticDistribution.PointMasses(new Atom(1, ones / count), new Atom(0, 1 - (ones / count)));
    }
}
