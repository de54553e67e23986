namespace WeightInit.Statistics;

/// <summary>Student's t distribution: CDF via the regularized incomplete beta function, quantiles by bisection.</summary>
public static class StudentT
{
    /// <summary>
    /// <c>P(T ≤ t)</c> for <paramref name="degreesOfFreedom"/> ν: <c>1 − ½·I_{ν/(ν+t²)}(ν/2, ½)</c> for t ≥ 0, symmetric otherwise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">ν ≤ 0.</exception>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, $"degrees of freedom must be positive; got {degreesOfFreedom}");
        }

        double tail = 0.5 * RegularizedIncompleteBeta(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + (t * t)));
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The <paramref name="p"/>-quantile, e.g. <c>Quantile(0.975, 4) = 2.776</c> for a 95 % two-sided interval from 5 samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p outside (0, 1) or ν ≤ 0.</exception>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"a probability in (0, 1) is needed; got {p}");
        }

        if (p < 0.5)
        {
            return -Quantile(1 - p, degreesOfFreedom);
        }

        double low = 0, high = 1;
        while (Cdf(high, degreesOfFreedom) < p)
        {
            high *= 2;
        }

        for (int i = 0; i < 200 && high - low > 1e-12 * Math.Max(1, high); i++)
        {
            double mid = 0.5 * (low + high);
            if (Cdf(mid, degreesOfFreedom) < p)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary><c>I_x(a, b)</c> by its continued fraction (modified Lentz), using the symmetry <c>I_x(a,b) = 1 − I_{1−x}(b,a)</c> for fast convergence.</summary>
    internal static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        double logFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x));
        if (x < (a + 1) / (a + b + 2))
        {
            return Math.Exp(logFront) * ContinuedFraction(a, b, x) / a;
        }

        return 1 - (Math.Exp(logFront) * ContinuedFraction(b, a, 1 - x) / b);
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300;
        double c = 1, d = 1 - ((a + b) * x / (a + 1));
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double result = d;
        for (int m = 1; m <= 500; m++)
        {
            // Even step d_{2m}, then odd step d_{2m+1} of the continued fraction for I_x(a, b).
            double even = m * (b - m) * x / ((a + (2 * m) - 1) * (a + (2 * m)));
            double odd = -(a + m) * (a + b + m) * x / ((a + (2 * m)) * (a + (2 * m) + 1));
            foreach (double coefficient in (ReadOnlySpan<double>)[even, odd])
            {
                d = 1 + (coefficient * d);
                d = Math.Abs(d) < tiny ? tiny : d;
                c = 1 + (coefficient / c);
                c = Math.Abs(c) < tiny ? tiny : c;
                d = 1 / d;
                result *= c * d;
            }

            if (Math.Abs((c * d) - 1) < 1e-15)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>ln Γ(x) for x &gt; 0 by the Lanczos approximation (g = 7, 9 terms; relative error ~1e-15).</summary>
    internal static double LogGamma(double x)
    {
        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        double sum = coefficients[0];
        for (int i = 1; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (x + i);
        }

        double t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
