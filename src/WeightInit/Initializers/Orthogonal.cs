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

/// <summary>
/// The identity matrix times <see cref="Gain"/> (PyTorch's <c>eye_</c>, with an optional gain): ones on the main
/// diagonal of a 2-D <c>[out, in]</c> weight, zeros elsewhere, so a square linear layer starts as the identity map.
/// Registered as <c>identity</c> and <c>eye</c>.
/// </summary>
public sealed class Identity : IInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">The diagonal value (finite, &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gain"/> is not finite and positive.</exception>
    public Identity(double gain = 1.0)
    {
        Gain = Guard.Positive(gain, nameof(gain));
        Name = InitializerName.Of("identity", ("gain", gain));
    }

    /// <summary>The diagonal value.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    /// <remarks><paramref name="generator"/> and <paramref name="fan"/> are not used.</remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point or not 2-D.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        Guard.Rank(tensor, "identity", 2);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        tensor.copy_(eye(tensor.shape[0], tensor.shape[1], tensor.dtype).mul_(Gain));
    }
}

/// <summary>
/// The Dirac delta for convolutions (PyTorch's <c>dirac_</c>): a <c>[out, in/groups, k…]</c> weight (3-, 4- or 5-D)
/// whose <c>i</c>-th output channel of each group copies the <c>i</c>-th input channel at the kernel centre
/// <c>k / 2</c>, so the convolution (with "same" padding) starts as the identity on as many channels as it keeps.
/// </summary>
public sealed class Dirac : IInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="groups">The convolution's groups (≥ 1); the output channels must divide into them.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="groups"/> &lt; 1.</exception>
    public Dirac(int groups = 1)
    {
        if (groups < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"groups must be ≥ 1; got {groups}");
        }

        Groups = groups;
        Name = InitializerName.Of("dirac", ("groups", groups));
    }

    /// <summary>The convolution's groups.</summary>
    public int Groups { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    /// <remarks><paramref name="generator"/> and <paramref name="fan"/> are not used.</remarks>
    /// <exception cref="ArgumentException">The tensor is not floating-point, not 3/4/5-D, or its output channels are not a multiple of <see cref="Groups"/>.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        Guard.Rank(tensor, "dirac", 3, 4, 5);
        long[] shape = tensor.shape;
        if (shape[0] % Groups != 0)
        {
            throw new ArgumentException(
                $"dirac: output channels ({shape[0]}) must be a multiple of groups ({Groups}); got shape [{string.Join(", ", shape)}]", nameof(tensor));
        }

        long outPerGroup = shape[0] / Groups;
        long channels = Math.Min(outPerGroup, shape[1]);
        using var noGrad = no_grad();
        tensor.zero_();
        var index = new TensorIndex[shape.Length];
        for (int d = 2; d < shape.Length; d++)
        {
            index[d] = TensorIndex.Single(shape[d] / 2);
        }

        for (long g = 0; g < Groups; g++)
        {
            for (long c = 0; c < channels; c++)
            {
                index[0] = TensorIndex.Single((g * outPerGroup) + c);
                index[1] = TensorIndex.Single(c);
                using var element = tensor[index];
                element.fill_(1.0);
            }
        }
    }
}

/// <summary>
/// Sparse initialization (Martens 2010, "Deep learning via Hessian-free optimization"; PyTorch's <c>sparse_</c>):
/// a 2-D <c>[rows, cols]</c> weight drawn from <c>N(0, std²)</c>, then in every column exactly
/// <c>⌈sparsity · rows⌉</c> entries, at rows chosen uniformly without replacement, set to zero.
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
        if (zeros > 0)
        {
            // Sorting i.i.d. uniforms gives an independent random permutation of the rows in every column.
            var order = rand(rows, cols, ScalarType.Float64, generator: generator).argsort(dim: 0);
            var chosen = order[TensorIndex.Slice(0, zeros)];
            tensor.scatter_(0, chosen, zeros_like(chosen, tensor.dtype));
        }
    }
}

/// <summary>
/// The bias counterpart of <see cref="PyTorchLinearDefault"/>: what <c>Linear</c> (and conv) layers do to their bias
/// when left alone, <c>U(−1/√fan_in, 1/√fan_in)</c> with <c>fan_in</c> of the layer's weight.
/// </summary>
public sealed class PyTorchLinearDefaultBias : IInitializer
{
    /// <inheritdoc/>
    public string Name => "pytorch_default_bias";

    /// <inheritdoc/>
    /// <param name="tensor">The bias (any rank).</param>
    /// <param name="generator">The only source of randomness.</param>
    /// <param name="fan">The fans of the layer's weight; required for a rank-1 bias (they cannot be derived from it).</param>
    /// <exception cref="ArgumentException">The tensor is not floating-point, or <paramref name="fan"/> is null and the tensor has rank &lt; 2.</exception>
    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        Guard.Tensor(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        double bound = 1.0 / Math.Sqrt(Fan.Resolve(tensor, fan).In);
        using var noGrad = no_grad();
        tensor.uniform_(-bound, bound, generator);
    }
}
