namespace WeightInit.Experiments.Gallery;

/// <summary>A value drawn with positive probability: <paramref name="Value"/> with probability <paramref name="Mass"/>.</summary>
/// <param name="Value">The value.</param>
/// <param name="Mass">Its probability, in (0, 1].</param>
internal sealed record Atom(double Value, double Mass);

/// <summary>
/// The distribution of one element of an initializer's draw, as its formula states it: point masses (<see cref="Atoms"/>)
/// plus, with the remaining probability, a continuous part. The gallery draws this over the histogram, and
/// <see cref="GoodnessOfFit"/> tests the draw against it.
/// </summary>
/// <param name="Atoms">The point masses (may be empty).</param>
/// <param name="Continuous">The continuous part, or <see langword="null"/> when the atoms hold all the mass.</param>
internal sealed record AnalyticDistribution(IReadOnlyList<Atom> Atoms, ContinuousDensity? Continuous)
{
    /// <summary>The probability of the continuous part: one minus the atoms' masses.</summary>
    public double ContinuousMass => Continuous is null ? 0.0 : 1.0 - Atoms.Sum(a => a.Mass);

    /// <summary>A purely continuous distribution.</summary>
    public static AnalyticDistribution Of(ContinuousDensity density) => new([], density);

    /// <summary>A distribution made only of point masses.</summary>
    public static AnalyticDistribution PointMasses(params Atom[] atoms) => new(atoms, null);
}

/// <summary>A continuous density with its CDF and the range worth plotting.</summary>
internal abstract record ContinuousDensity
{
    /// <summary>A formula for the figure's legend, e.g. <c>N(0, 0.0505²)</c>.</summary>
    public abstract string Label { get; }

    /// <summary>The interval the figure shows and the goodness-of-fit test bins finely (outside it, two tail bins).</summary>
    public abstract (double Low, double High) Range { get; }

    /// <summary>The density at <paramref name="x"/>.</summary>
    public abstract double Pdf(double x);

    /// <summary>P(X ≤ <paramref name="x"/>).</summary>
    public abstract double Cdf(double x);

    /// <summary>The standard normal CDF Φ (<see cref="WeightInit.Theory.NormalDistribution.Cdf"/>: series and continued fraction, full double precision).</summary>
    protected static double Phi(double z) => WeightInit.Theory.NormalDistribution.Cdf(z);

    /// <summary>The standard normal density φ.</summary>
    protected static double SmallPhi(double z) => WeightInit.Theory.NormalDistribution.Density(z);
}

/// <summary><c>N(mean, std²)</c>.</summary>
internal sealed record NormalDensity(double Mean, double Std) : ContinuousDensity
{
    public override string Label => $"N({G(Mean)}, {G(Std)}²)";

    public override (double Low, double High) Range => (Mean - (4 * Std), Mean + (4 * Std));

    public override double Pdf(double x) => SmallPhi((x - Mean) / Std) / Std;

    public override double Cdf(double x) => Phi((x - Mean) / Std);

    internal static string G(double value) => value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary><c>U(a, b)</c>.</summary>
internal sealed record UniformDensity(double A, double B) : ContinuousDensity
{
    public override string Label => $"U({NormalDensity.G(A)}, {NormalDensity.G(B)})";

    public override (double Low, double High) Range => (A, B);

    public override double Pdf(double x) => x >= A && x <= B ? 1.0 / (B - A) : 0.0;

    public override double Cdf(double x) => Math.Clamp((x - A) / (B - A), 0.0, 1.0);
}

/// <summary><c>N(mean, std²)</c> conditioned on [a, b].</summary>
internal sealed record TruncatedNormalDensity(double Mean, double Std, double A, double B) : ContinuousDensity
{
    private double Z => Phi((B - Mean) / Std) - Phi((A - Mean) / Std);

    public override string Label => $"N({NormalDensity.G(Mean)}, {NormalDensity.G(Std)}²) on [{NormalDensity.G(A)}, {NormalDensity.G(B)}]";

    public override (double Low, double High) Range => (Math.Max(A, Mean - (4 * Std)), Math.Min(B, Mean + (4 * Std)));

    public override double Pdf(double x) => x < A || x > B ? 0.0 : SmallPhi((x - Mean) / Std) / (Std * Z);

    public override double Cdf(double x) =>
        x <= A ? 0.0 : x >= B ? 1.0 : (Phi((x - Mean) / Std) - Phi((A - Mean) / Std)) / Z;
}

/// <summary>
/// One coordinate of a point drawn uniformly on the sphere of radius <paramref name="Radius"/> in
/// <paramref name="Dimension"/> dimensions: density ∝ <c>(1 − (x/r)²)^((d − 3)/2)</c> on [−r, r]. Each row (or column) of
/// a random (semi-)orthogonal matrix is such a point.
/// </summary>
internal sealed record SphereCoordinateDensity : ContinuousDensity
{
    private const int Steps = 20_000;
    private readonly double logNormalizer;

    public SphereCoordinateDensity(long dimension, double radius)
    {
        Dimension = dimension;
        Radius = radius;
        // Normalized numerically (Simpson on [0, 1], doubled) rather than through Γ(d/2)/Γ((d−1)/2).
        logNormalizer = -Math.Log(2.0 * Simpson(x => Math.Exp(Exponent * Math.Log(1 - (x * x))), 0.0, 1.0 - 1e-12, Steps));
    }

    public long Dimension { get; }

    public double Radius { get; }

    private double Exponent => (Dimension - 3) / 2.0;

    public override string Label => $"row of {NormalDensity.G(Radius)} · orthonormal, d = {Dimension}";

    public override (double Low, double High) Range => (-4 * Radius / Math.Sqrt(Dimension), 4 * Radius / Math.Sqrt(Dimension));

    public override double Pdf(double x)
    {
        double u = x / Radius;
        return Math.Abs(u) >= 1 ? 0.0 : Math.Exp(logNormalizer + (Exponent * Math.Log(1 - (u * u)))) / Radius;
    }

    public override double Cdf(double x)
    {
        double u = Math.Clamp(x / Radius, -1.0, 1.0);
        double half = Simpson(t => Math.Exp(logNormalizer + (Exponent * Math.Log(1 - (t * t)))), 0.0, Math.Min(Math.Abs(u), 1.0 - 1e-12), 2_000);
        return 0.5 + (Math.Sign(u) * half);
    }

    private static double Simpson(Func<double, double> f, double a, double b, int steps)
    {
        double h = (b - a) / steps, sum = f(a) + f(b);
        for (int i = 1; i < steps; i++)
        {
            sum += f(a + (i * h)) * (i % 2 == 1 ? 4 : 2);
        }

        return sum * h / 3.0;
    }
}
