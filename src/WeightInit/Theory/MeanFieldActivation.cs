namespace WeightInit.Theory;

/// <summary>
/// An activation function <c>φ</c> as mean-field theory needs it: the mean and variance of
/// <c>φ(√q·z)</c> for <c>z ~ N(0, 1)</c>, i.e. of the activation of a pre-activation distributed <c>N(0, q)</c>.
/// </summary>
/// <remarks>
/// Piecewise functions with a kink at 0 (identity, ReLU, leaky ReLU, SELU) use exact closed forms, because
/// Gauss–Hermite quadrature converges slowly across a kink. Smooth functions (tanh, sigmoid, GELU and
/// <see cref="Smooth"/>) use <see cref="GaussHermiteQuadrature"/> on <c>φ(x) − φ(0)</c> in two passes (mean,
/// then centered second moment), so the variance keeps its relative precision when <c>q</c> is tiny.
/// Above q = 1, where <c>φ(√q·z)</c> switches faster than the Hermite nodes are spaced near 0, they switch to
/// composite Gauss–Legendre on panels graded towards 0 (relative error ~1e-13 measured up to q = 10⁴).
/// </remarks>
public sealed class MeanFieldActivation
{
    private const double SeluScale = 1.0507009873554804934193349852946;
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private static readonly double InverseSqrt2Pi = 1 / Math.Sqrt(2 * Math.PI);

    private readonly Func<double, double> _function;
    private readonly Func<double, double>? _centered;
    private readonly Func<double, (double Mean, double Variance)>? _exactMoments;

    private MeanFieldActivation(
        string name,
        Func<double, double> function,
        Func<double, double>? centered,
        Func<double, (double Mean, double Variance)>? exactMoments)
    {
        Name = name;
        _function = function;
        _centered = centered;
        _exactMoments = exactMoments;
    }

    /// <summary>The activation's name (<c>tanh</c>, <c>relu</c>, <c>leaky_relu(0.01)</c>, …).</summary>
    public string Name { get; }

    /// <summary>True when <see cref="Moments"/> uses a closed form rather than quadrature.</summary>
    public bool HasClosedForm => _exactMoments is not null;

    /// <summary><c>φ(x) = x</c>. Moments: mean 0, variance q.</summary>
    public static MeanFieldActivation Identity { get; } = new("identity", x => x, null, q => (0, q));

    /// <summary><c>φ(x) = tanh x</c> (quadrature).</summary>
    public static MeanFieldActivation Tanh { get; } = new("tanh", Math.Tanh, Math.Tanh, null);

    /// <summary><c>φ(x) = 1/(1 + e^(−x))</c> (quadrature on <c>φ(x) − ½ = ½·tanh(x/2)</c>).</summary>
    public static MeanFieldActivation Sigmoid { get; } =
        new("sigmoid", x => 1 / (1 + Math.Exp(-x)), x => 0.5 * Math.Tanh(0.5 * x), null);

    /// <summary><c>φ(x) = x·Φ(x)</c>, the exact (erf) GELU of Hendrycks &amp; Gimpel (2016) (quadrature).</summary>
    public static MeanFieldActivation Gelu { get; } = new("gelu", GeluFunction, GeluFunction, null);

    /// <summary>
    /// <c>φ(x) = max(x, 0)</c>. Closed form: mean <c>√q/√(2π)</c>, second moment <c>q/2</c>, so variance
    /// <c>q·(½ − 1/(2π))</c> — He et al. (2015)'s reason for <c>σ_w² = 2</c>.
    /// </summary>
    public static MeanFieldActivation Relu { get; } = LeakyReluCore("relu", 0);

    /// <summary>
    /// <c>φ(x) = λx</c> for x &gt; 0, <c>λα(eˣ − 1)</c> otherwise (Klambauer et al. 2017, λ ≈ 1.0507, α ≈ 1.6733).
    /// Closed form with <c>E[e^(sz); z &lt; 0] = ½·erfcx(s/√2)·</c>… (see <see cref="Moments"/>).
    /// </summary>
    public static MeanFieldActivation Selu { get; } = new("selu", SeluFunction, null, SeluMoments);

    /// <summary>The names <see cref="FromName"/> accepts.</summary>
    public static IReadOnlyList<string> KnownNames { get; } =
        ["identity", "tanh", "relu", "leaky_relu", "sigmoid", "selu", "gelu"];

    /// <summary>
    /// <c>φ(x) = x</c> for x ≥ 0, <c>a·x</c> otherwise. Closed form: mean <c>(1 − a)·√q/√(2π)</c>,
    /// second moment <c>q·(1 + a²)/2</c>.
    /// </summary>
    /// <param name="negativeSlope">The slope <c>a</c> for negative inputs (PyTorch's default is 0.01); finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is NaN or infinite.</exception>
    public static MeanFieldActivation LeakyRelu(double negativeSlope = 0.01)
    {
        if (!double.IsFinite(negativeSlope))
        {
            throw new ArgumentOutOfRangeException(
                nameof(negativeSlope), negativeSlope, $"the negative slope must be a finite number (e.g. 0.01); got {negativeSlope}.");
        }

        return LeakyReluCore(FormattableString.Invariant($"leaky_relu({negativeSlope})"), negativeSlope);
    }

    /// <summary>
    /// Any smooth activation, integrated by quadrature. Give <paramref name="function"/> no kinks: a kink at 0
    /// converges slowly (use a closed-form preset instead).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public static MeanFieldActivation Smooth(string name, Func<double, double> function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        double atZero = function(0);
        return new MeanFieldActivation(name, function, x => function(x) - atZero, null);
    }

    /// <summary>Looks up a preset by name (case-insensitive; <c>leaky_relu</c> uses slope 0.01).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of <see cref="KnownNames"/>.</exception>
    public static MeanFieldActivation FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "identity" or "linear" => Identity,
            "tanh" => Tanh,
            "relu" => Relu,
            "leaky_relu" or "leakyrelu" => LeakyRelu(),
            "sigmoid" => Sigmoid,
            "selu" => Selu,
            "gelu" => Gelu,
            _ => throw new ArgumentException(
                $"unknown activation '{name}'; expected one of {string.Join(", ", KnownNames)}.", nameof(name)),
        };
    }

    /// <summary>Evaluates <c>φ(x)</c>.</summary>
    public double Evaluate(double x) => _function(x);

    /// <summary>
    /// Mean <c>E[φ(√q·z)]</c> and variance <c>Var[φ(√q·z)]</c> for <c>z ~ N(0, 1)</c>.
    /// SELU, with <c>s = √q</c>: mean <c>λ[s/√(2π) + α(½·erfcx(s/√2) − ½)]</c>, second moment
    /// <c>λ²[q/2 + α²(½·erfcx(√2·s) − erfcx(s/√2) + ½)]</c>, using <c>E[e^(tz); z &lt; 0] = e^(t²/2)·Φ(−t)</c>.
    /// </summary>
    /// <param name="variance">The pre-activation variance <c>q ≥ 0</c>.</param>
    /// <param name="quadrature">The rule used when there is no closed form.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="variance"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="quadrature"/> is null.</exception>
    public (double Mean, double Variance) Moments(double variance, GaussHermiteQuadrature quadrature)
    {
        ArgumentNullException.ThrowIfNull(quadrature);
        if (!(variance >= 0) || double.IsPositiveInfinity(variance))
        {
            throw new ArgumentOutOfRangeException(
                nameof(variance), variance, $"the pre-activation variance q must be finite and ≥ 0; got {variance}.");
        }

        if (_exactMoments is not null)
        {
            return _exactMoments(variance);
        }

        Func<double, double> centered = _centered!;
        double centeredMean = GaussianExpectation.Of(centered, variance, quadrature);
        double spread = GaussianExpectation.Of(
            x =>
            {
                double d = centered(x) - centeredMean;
                return d * d;
            },
            variance,
            quadrature);
        return (_function(0) + centeredMean, spread);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static MeanFieldActivation LeakyReluCore(string name, double a) => new(
        name,
        x => x >= 0 ? x : a * x,
        null,
        q =>
        {
            double mean = (1 - a) * Math.Sqrt(q) * InverseSqrt2Pi;
            double variance = q * ((1 + a * a) / 2 - (1 - a) * (1 - a) * InverseSqrt2Pi * InverseSqrt2Pi);
            return (mean, variance);
        });

    private static double GeluFunction(double x) => x * NormalDistribution.Cdf(x);

    private static double SeluFunction(double x) => x > 0 ? SeluScale * x : SeluScale * SeluAlpha * double.ExpM1(x);

    private static (double Mean, double Variance) SeluMoments(double q)
    {
        double s = Math.Sqrt(q);
        const double lambda = SeluScale, alpha = SeluAlpha;
        if (q < 1e-8)
        {
            // Below 1e-8 the exact second moment is a difference of O(1) terms that cancel to O(q); expand
            // λα(eˣ − 1) ≈ λα(x + x²/2 + x³/6) instead (relative error O(q) ≤ 1e-8, versus 1e-16/q for the closed form).
            double c = InverseSqrt2Pi;
            double smallMean = lambda * (s * c + alpha * (-s * c + q / 4 - s * q * c / 3));
            double smallSecond = lambda * lambda * (q / 2 + alpha * alpha * (q / 2 - 2 * c * s * q));
            return (smallMean, smallSecond - smallMean * smallMean);
        }

        double negativeExp = 0.5 * NormalDistribution.Erfcx(s / Math.Sqrt(2));         // E[e^(sz); z<0]
        double negativeExp2 = 0.5 * NormalDistribution.Erfcx(Math.Sqrt(2) * s);       // E[e^(2sz); z<0]
        double mean = lambda * (s * InverseSqrt2Pi + alpha * (negativeExp - 0.5));
        double second = lambda * lambda * (q / 2 + alpha * alpha * (negativeExp2 - 2 * negativeExp + 0.5));
        return (mean, Math.Max(0, second - mean * mean));
    }
}
