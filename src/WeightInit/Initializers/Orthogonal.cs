using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// A (semi-)orthogonal matrix times <see cref="Gain"/> (Saxe, McClelland &amp; Ganguli 2014, "Exact solutions to the
/// nonlinear dynamics of learning in deep linear neural networks"; PyTorch's <c>orthogonal_</c>). The tensor is
/// viewed as <c>[rows, cols] = [shape[0], numel / shape[0]]</c>; a Gaussian matrix of the taller orientation is
/// QR-factorized and <c>Q</c>'s columns multiplied by <c>sign(diag R)</c>, which makes <c>Q</c> Haar-distributed.
/// Then <c>W·Wᵀ = gain²·I</c> when rows ≤ cols and <c>Wᵀ·W = gain²·I</c> otherwise. Computed in float64.
/// </summary>
public sealed class Orthogonal : IInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Multiplies the orthogonal matrix (finite, &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gain"/> is not finite and positive.</exception>
    public Orthogonal(double gain = 1.0)
    {
        Gain = Guard.Positive(gain, nameof(gain));
        Name = InitializerName.Of("orthogonal", ("gain", gain));
    }

    /// <summary>The factor multiplying the orthogonal matrix.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>
    /// <c>Gain / √max(rows, cols)</c> with <c>rows = shape[0]</c>, <c>cols</c> the product of the rest: a (semi-)orthogonal
    /// matrix's rows (or columns) have unit norm, so its mean square is <c>min(rows, cols) / (rows · cols)</c>.
    /// </summary>
    public double? TargetStd(IReadOnlyList<long> shape, Fan? fan)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count < 2)
        {
            return null;
        }

        long rows = shape[0];
        long cols = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        return Gain / Math.Sqrt(Math.Max(rows, cols));
    }

    /// <inheritdoc/>
    /// <remarks><paramref name="fan"/> is not used: the layout is always <c>[shape[0], rest]</c>.</remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point or has rank &lt; 2.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        if (tensor.dim() < 2)
        {
            throw new ArgumentException(
                $"orthogonal needs a tensor of rank ≥ 2; got shape [{string.Join(", ", tensor.shape)}]", nameof(tensor));
        }

        long rows = tensor.shape[0];
        long cols = tensor.numel() / rows;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var gaussian = empty(Math.Max(rows, cols), Math.Min(rows, cols), ScalarType.Float64).normal_(0.0, 1.0, generator);
        var (q, r) = linalg.qr(gaussian);
        q.mul_(r.diagonal().sign().unsqueeze(0)).mul_(Gain);
        var w = rows < cols ? q.t() : q;
        tensor.copy_(w.reshape(tensor.shape));
    }
}
