using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// A (semi-)orthogonal matrix times <see cref="Gain"/> (Saxe, McClelland &amp; Ganguli 2014, "Exact solutions to the
/// nonlinear dynamics of learning in deep linear neural networks"; PyTorch's <c>orthogonal_</c>). The tensor is
/// viewed as <c>[rows, cols] = [shape[0], numel / shape[0]]</c>; a Gaussian matrix of the taller orientation is
/// QR-factorized and <c>Q</c>'s columns multiplied by <c>sign(diag R)</c>, which makes <c>Q</c> Haar-distributed.
/// Then <c>W·Wᵀ = gain²·I</c> when rows ≤ cols and <c>Wᵀ·W = gain²·I</c> otherwise.
/// </summary>
/// <remarks>
/// The steps are PyTorch's, in its order and in the tensor's dtype: <c>normal_(0, 1)</c> into a <c>[rows, cols]</c>
/// matrix, transposed when rows &lt; cols, <c>linalg.qr</c>, <c>Q · sign(diag R)</c>, transposed back, copied, times the
/// gain. The Gaussian draws are therefore PyTorch's bit for bit under the same seed; the QR factorization is
/// LAPACK's (<c>geqrf</c>/<c>orgqr</c>), and LAPACK builds block and order their floating-point sums differently
/// (TorchSharp's libtorch 2.10 uses MKL, Debian's PyTorch OpenBLAS's LAPACK; PyTorch's own x86 builds link MKL too,
/// so with the same release they may agree bit for bit, which is not checked here),
/// so <c>Q</c> agrees with PyTorch's only to rounding: on this library's PyTorch fixtures (Debian's PyTorch 1.13.1 with
/// OpenBLAS) by at most 4.3e-7 in float32 and 1.0e-15 in float64 on MKL's fast code path, and 5.4e-7 and 1.2e-15 on
/// its generic one (measured on an AMD EPYC with <c>scripts/pytorch-parity/measure.cs</c>; the MKL code path is chosen by
/// the native bootstrap, see <c>WEIGHTINIT_MKL_FIX</c> in the README).
/// </remarks>
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
        long cols = rows == 0 ? 0 : tensor.numel() / rows;
        if (rows == 0 || cols == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flattened = empty([rows, cols], tensor.dtype).normal_(0.0, 1.0, generator);
        bool wide = rows < cols;
        var (q, r) = linalg.qr(wide ? flattened.t() : flattened);
        q.mul_(r.diagonal().sign());
        tensor.copy_((wide ? q.t() : q).reshape(tensor.shape));
        tensor.mul_(Gain);
    }
}
