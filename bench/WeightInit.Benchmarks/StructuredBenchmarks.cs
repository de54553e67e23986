using BenchmarkDotNet.Attributes;
using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>
/// Initializers that do more than draw (QR, per-column permutations), at 1024×1024 for information: they are not
/// part of the speed clause, and at 4096×4096 a float64 QR takes seconds.
/// </summary>
public class StructuredBenchmarks() : FillBenchmarkBase(Size)
{
    private const long Size = 1024;
    private readonly IInitializer _orthogonal = new Orthogonal();
    private readonly IInitializer _sparse = new Sparse(0.9);
    [Benchmark(Baseline = true, Description = "TorchSharp Tensor.normal_ (1024²)")]
    public void TorchSharpNormal()
    {
        using var noGrad = no_grad();
        Weight.normal_(0.0, 0.01, Random);
    }

    [Benchmark(Description = "Orthogonal.Fill (1024²)")]
    public void OrthogonalFill() => _orthogonal.Fill(Weight, Random);

    [Benchmark(Description = "Sparse(0.9).Fill (1024²)")]
    public void SparseFill() => _sparse.Fill(Weight, Random);
}
