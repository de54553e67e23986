using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// Sparse initialization (Martens 2010, "Deep learning via Hessian-free optimization"; PyTorch's <c>sparse_</c>):
/// a 2-D <c>[rows, cols]</c> weight drawn from <c>N(0, std²)</c>, then in every column exactly
/// <c>⌈sparsity · rows⌉</c> entries, at rows chosen uniformly without replacement, set to zero.
/// The draws follow PyTorch's <c>sparse_</c> call for call — <c>normal_(0, std)</c>, then one <c>randperm(rows)</c> per
/// column, left to right, whose first <c>⌈sparsity · rows⌉</c> entries are the zeroed rows — so under the same seed the
/// tensor is PyTorch's bit for bit, and the generator ends in the same state (a column's permutation is drawn even
/// when no entry is zeroed). PyTorch (1.13 and 2.x up to at least 2.10) draws those permutations from its global
/// generator even when <c>sparse_</c> is given a <c>generator</c>; here every draw comes from the one generator passed
/// in, which is the same stream as PyTorch's when that is its global one (<c>torch.manual_seed(s)</c>).
/// Unlike PyTorch, a sparsity of 1 or more (every entry zero) is rejected.
/// </summary>
public sealed class Sparse : IInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="sparsity">Fraction of each column set to zero, in [0, 1).</param>
    /// <param name="std">Standard deviation of the non-zero entries (finite, ≥ 0; PyTorch's default 0.01).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sparsity"/> outside [0, 1), or <paramref name="std"/> negative or not finite.</exception>
    public Sparse(double sparsity, double std = 0.01)
    {
        if (!(sparsity >= 0.0 && sparsity < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, $"sparsity must lie in [0, 1); got {Guard.Format(sparsity)}");
        }

        Sparsity = sparsity;
        Std = Guard.NonNegative(std, nameof(std));
        Name = InitializerName.Of("sparse", ("sparsity", sparsity), ("std", std));
    }

    /// <summary>Fraction of each column set to zero.</summary>
    public double Sparsity { get; }

    /// <summary>Standard deviation of the non-zero entries.</summary>
    public double Std { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The number of zeros in each column of a weight with <paramref name="rows"/> rows: <c>⌈sparsity · rows⌉</c>.</summary>
    public long ZerosPerColumn(long rows) => (long)Math.Ceiling(Sparsity * rows);

    /// <inheritdoc/>
    /// <remarks><paramref name="fan"/> is not used.</remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point or not 2-D.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        Guard.Rank(tensor, "sparse", 2);
        ArgumentNullException.ThrowIfNull(generator);
        long rows = tensor.shape[0];
        long cols = tensor.shape[1];
        long zeros = ZerosPerColumn(rows);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        tensor.normal_(0.0, Std, generator);
        var chosen = new Tensor[cols];
        for (long col = 0; col < cols; col++)
        {
            chosen[col] = randperm(rows, ScalarType.Int64, generator: generator)[TensorIndex.Slice(0, zeros)];
        }

        if (zeros > 0 && cols > 0)
        {
            // Zeroing is idempotent and order-free, so one scatter after all draws equals PyTorch's per-column assignments.
            var rowsToZero = stack(chosen, dim: 1);
            tensor.scatter_(0, rowsToZero, zeros_like(rowsToZero, tensor.dtype));
        }
    }
}
