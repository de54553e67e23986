using BenchmarkDotNet.Attributes;
using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>
/// Initializers that do more than draw (QR, per-column permutations), at 1024×1024 for information: they are not
/// part of the speed clause, and at 4096×4096 a float64 QR takes seconds.
/// </summary>
public class StructuredBenchmarks
{
    private const long Size = 1024;
    private readonly IInitializer _orthogonal = new Orthogonal();
    private readonly IInitializer _sparse = new Sparse(0.9);
    private Tensor _weight = null!;
    private Generator _generator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _weight = empty(Size, Size);
        _generator = new Generator(42);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _weight.Dispose();
        _generator.Dispose();
    }

    [Benchmark(Baseline = true, Description = "TorchSharp Tensor.normal_ (1024²)")]
    public void TorchSharpNormal()
    {
        using var noGrad = no_grad();
        _weight.normal_(0.0, 0.01, _generator);
    }

    [Benchmark(Description = "Orthogonal.Fill (1024²)")]
    public void OrthogonalFill() => _orthogonal.Fill(_weight, _generator);

    [Benchmark(Description = "Sparse(0.9).Fill (1024²)")]
    public void SparseFill() => _sparse.Fill(_weight, _generator);
}
