namespace WeightInit.Theory;

/// <summary>
/// The error function family to double precision (.NET has no <c>Math.Erf</c>): the positive-term series
/// <c>erf(x) = (2/√π)·e^(−x²)·Σₖ 2ᵏ x^(2k+1) / (1·3·…·(2k+1))</c> below 3 (no cancellation), and the
/// Laplace continued fraction <c>erfc(x) = (e^(−x²)/√π) · 1/(x + ½/(x + 1/(x + (3/2)/(x + …))))</c>
/// from 3 up, evaluated with the modified Lentz algorithm (Abramowitz &amp; Stegun 7.1.6 and 7.1.14).
/// </summary>
public static class NormalDistribution
{
    private const double SeriesLimit = 3.0;
    private static readonly double TwoOverSqrtPi = 2 / Math.Sqrt(Math.PI);
    private static readonly double OneOverSqrtPi = 1 / Math.Sqrt(Math.PI);

    /// <summary>The standard normal density <c>e^(−x²/2)/√(2π)</c>.</summary>
    public static double Density(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    /// <summary>The standard normal distribution function <c>Φ(x) = ½·erfc(−x/√2)</c>.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>The error function.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double a = Math.Abs(x);
        double value = double.IsPositiveInfinity(a) ? 1 : a < SeriesLimit ? ErfSeries(a) : 1 - Math.Exp(-a * a) * ScaledTail(a);
        return x < 0 ? -value : value;
    }

    /// <summary>The complementary error function <c>1 − erf(x)</c>, with full relative precision for large x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < SeriesLimit)
        {
            return x < 0 ? 1 + Erf(-x) : 1 - ErfSeries(x);
        }

        return double.IsPositiveInfinity(x) ? 0 : Math.Exp(-x * x) * ScaledTail(x);
    }

    /// <summary>The scaled complementary error function <c>e^(x²)·erfc(x)</c> for x ≥ 0; finite where e^(x²) overflows.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is negative.</exception>
    public static double Erfcx(double x)
    {
        if (x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, $"erfcx is only needed (and stable) for x ≥ 0; got {x}.");
        }

        return x < SeriesLimit ? Math.Exp(x * x) * (1 - ErfSeries(x)) : ScaledTail(x);
    }

    private static double ErfSeries(double x)
    {
        double term = x, sum = x, twoXSquared = 2 * x * x;
        for (int k = 1; k < 200; k++)
        {
            term *= twoXSquared / (2 * k + 1);
            sum += term;
            if (term < 1e-17 * sum)
            {
                break;
            }
        }

        return TwoOverSqrtPi * Math.Exp(-x * x) * sum;
    }

    /// <summary><c>e^(x²)·erfc(x)</c> for x ≥ 3 from the continued fraction <c>1/√π · 1/(x + (1/2)/(x + (2/2)/(x + …)))</c>.</summary>
    private static double ScaledTail(double x)
    {
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int k = 1; k < 500; k++)
        {
            double a = 0.5 * k;
            d = x + a * d;
            d = d == 0 ? tiny : 1 / d;
            c = x + a / c;
            if (c == 0)
            {
                c = tiny;
            }

            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return OneOverSqrtPi / f;
    }
}
