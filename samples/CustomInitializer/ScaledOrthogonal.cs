using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

/// <summary>
/// Orthogonal directions with He's scale: a random (semi-)orthogonal matrix (Saxe et al. 2014) rescaled so that
/// its entries have root-mean-square <c>√(2 / fan_in)</c>, the standard deviation He et al. (2015) give for ReLU.
/// </summary>
public sealed class ScaledOrthogonal : IInitializer
{
    public string Name => "scaled_orthogonal(he)";

    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        if (tensor.dim() < 2)
        {
            throw new ArgumentException($"needs a weight of rank ≥ 2; got shape [{string.Join(", ", tensor.shape)}]", nameof(tensor));
        }

        Fan fans = fan ?? Fan.FromWeight(tensor.shape);
        long rows = tensor.shape[0];
        long cols = tensor.numel() / rows;

        using var scope = NewDisposeScope();   // frees every temporary tensor below
        using var noGrad = no_grad();          // filling a parameter must not be recorded by autograd

        // QR of a Gaussian matrix in its tall orientation; fixing the signs of Q's columns by diag(R)
        // makes Q uniformly (Haar) distributed over orthogonal matrices.
        var gaussian = empty(Math.Max(rows, cols), Math.Min(rows, cols), ScalarType.Float64).normal_(0.0, 1.0, generator);
        var (q, r) = linalg.qr(gaussian);
        q.mul_(r.diagonal().sign().unsqueeze(0));

        // A semi-orthogonal matrix has min(rows, cols) unit-norm rows or columns, so its entries have
        // mean square 1 / max(rows, cols); rescale that to He's variance 2 / fan_in.
        double scale = Math.Sqrt(2.0 / fans.In) * Math.Sqrt(Math.Max(rows, cols));
        var w = (rows < cols ? q.t() : q).mul(scale);
        tensor.copy_(w.reshape(tensor.shape));
    }
}
