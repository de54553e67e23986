namespace WeightInit.Theory;

/// <summary>
/// Gauss–Hermite quadrature for expectations under the standard normal distribution:
/// <c>E[f(z)] = ∫ f(z) e^(−z²/2)/√(2π) dz ≈ Σᵢ wᵢ f(zᵢ)</c>, with weights that sum to 1.
/// An <c>n</c>-point rule is exact for every polynomial of degree ≤ <c>2n − 1</c>.
/// </summary>
/// <remarks>
/// <para>
/// Nodes and weights follow Golub &amp; Welsch (1969), "Calculation of Gauss quadrature rules",
/// Math. Comp. 23: the nodes are the eigenvalues of the Jacobi matrix of the orthonormal
/// (probabilists') Hermite polynomials — zero diagonal, off-diagonal <c>√k</c>, <c>k = 1 … n−1</c>,
/// from the recurrence <c>z·pₖ = √(k+1)·pₖ₊₁ + √k·pₖ₋₁</c>. They are found by Sturm-sequence bisection and
/// polished with Newton steps on <c>pₙ</c>; the weights are the Christoffel numbers
/// <c>wᵢ = 1 / Σₖ₌₀ⁿ⁻¹ pₖ(zᵢ)²</c>, which equal the squared first components of the normalized
/// eigenvectors in Golub–Welsch.
/// </para>
/// <para>
/// The rule is exactly symmetric (<c>zᵢ = −zₙ₋₁₋ᵢ</c>, equal weights), so odd functions integrate to zero
/// up to rounding. Functions with a kink (ReLU at 0) converge slowly; <see cref="MeanFieldActivation"/>
/// uses closed forms for those.
/// </para>
/// </remarks>
public sealed class GaussHermiteQuadrature
{
    /// <summary>The largest number of points supported; beyond it the outer weights underflow.</summary>
    public const int MaxPoints = 300;

    private readonly double[] _nodes;
    private readonly double[] _weights;

    private GaussHermiteQuadrature(double[] nodes, double[] weights)
    {
        _nodes = nodes;
        _weights = weights;
    }

    /// <summary>Number of points <c>n</c>.</summary>
    public int Points => _nodes.Length;

    /// <summary>Nodes <c>zᵢ</c>, ascending.</summary>
    public IReadOnlyList<double> Nodes => _nodes;

    /// <summary>Weights <c>wᵢ</c> (positive, sum 1), in the order of <see cref="Nodes"/>.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Builds the <paramref name="points"/>-point rule.</summary>
    /// <param name="points">Number of nodes, 1 to <see cref="MaxPoints"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> is outside 1 … <see cref="MaxPoints"/>.</exception>
    public static GaussHermiteQuadrature Create(int points)
    {
        if (points < 1 || points > MaxPoints)
        {
            throw new ArgumentOutOfRangeException(
                nameof(points), points, $"Gauss–Hermite needs between 1 and {MaxPoints} points; got {points}.");
        }

        var nodes = new double[points];
        var weights = new double[points];
        for (int k = 0; k < points; k++)
        {
            nodes[k] = Polish(JacobiEigenvalue(points, k), points);
        }

        Symmetrize(nodes);
        double sum = 0;
        for (int k = 0; k < points; k++)
        {
            weights[k] = ChristoffelNumber(nodes[k], points);
            sum += weights[k];
        }

        for (int k = 0; k < points; k++)
        {
            // The Christoffel numbers already sum to 1 analytically; removing the rounding drift keeps
            // E[1] = 1 exactly, which the variance of a constant activation relies on.
            weights[k] /= sum;
        }

        return new GaussHermiteQuadrature(nodes, weights);
    }

    /// <summary>Approximates <c>E[f(z)]</c> for <c>z ~ N(0, 1)</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public double Expectation(Func<double, double> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        double sum = 0;
        for (int i = 0; i < _nodes.Length; i++)
        {
            sum += _weights[i] * function(_nodes[i]);
        }

        return sum;
    }

    /// <summary>
    /// The <paramref name="index"/>-th smallest eigenvalue of the n×n Jacobi matrix, by bisection on the
    /// Sturm count (the number of negative pivots of <c>J − xI = LDLᵀ</c> equals the number of eigenvalues below x).
    /// </summary>
    private static double JacobiEigenvalue(int n, int index)
    {
        // Gershgorin: every row has |off-diagonals| ≤ √(n−2) + √(n−1) < 2√n.
        double lo = -2 * Math.Sqrt(n) - 1, hi = -lo;
        for (int iteration = 0; iteration < 200 && hi - lo > 1e-15 * Math.Max(1, Math.Abs(lo + hi)); iteration++)
        {
            double mid = 0.5 * (lo + hi);
            if (EigenvaluesBelow(n, mid) > index)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    private static int EigenvaluesBelow(int n, double x)
    {
        int count = 0;
        double pivot = 0;
        for (int k = 0; k < n; k++)
        {
            double offDiagonalSquared = k == 0 ? 0 : k;
            pivot = k == 0 ? -x : -x - offDiagonalSquared / pivot;
            if (pivot == 0)
            {
                pivot = -1e-300; // a pivot of exactly 0 counts as negative: x sits on an eigenvalue of a leading block
            }

            if (pivot < 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Newton steps on pₙ (pₙ′ = √n·pₙ₋₁) to bring bisection's node to full relative precision near 0.</summary>
    private static double Polish(double x, int n)
    {
        for (int step = 0; step < 3; step++)
        {
            var (pn, pnMinus1) = Orthonormal(x, n);
            double derivative = Math.Sqrt(n) * pnMinus1;
            if (derivative == 0 || !double.IsFinite(pn / derivative))
            {
                break;
            }

            double next = x - pn / derivative;
            if (Math.Abs(next - x) > 1e-6 * Math.Max(1, Math.Abs(x)))
            {
                break; // bisection was already close; a big jump means Newton is heading for a neighbour
            }

            x = next;
        }

        return x;
    }

    /// <summary>Returns (pₙ(x), pₙ₋₁(x)) of the orthonormal probabilists' Hermite polynomials.</summary>
    private static (double Pn, double PnMinus1) Orthonormal(double x, int n)
    {
        double previous = 0, current = 1; // p₋₁, p₀
        for (int k = 0; k < n; k++)
        {
            double next = (x * current - Math.Sqrt(k) * previous) / Math.Sqrt(k + 1);
            previous = current;
            current = next;
        }

        return (current, previous);
    }

    private static double ChristoffelNumber(double x, int n)
    {
        double previous = 0, current = 1, sumOfSquares = 0;
        for (int k = 0; k < n; k++)
        {
            sumOfSquares += current * current;
            double next = (x * current - Math.Sqrt(k) * previous) / Math.Sqrt(k + 1);
            previous = current;
            current = next;
        }

        return 1 / sumOfSquares;
    }

    private static void Symmetrize(double[] nodes)
    {
        int n = nodes.Length;
        for (int i = 0; i < n / 2; i++)
        {
            double magnitude = 0.5 * (nodes[n - 1 - i] - nodes[i]);
            nodes[i] = -magnitude;
            nodes[n - 1 - i] = magnitude;
        }

        if (n % 2 == 1)
        {
            nodes[n / 2] = 0;
        }
    }
}
