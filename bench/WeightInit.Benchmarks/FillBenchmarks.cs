using BenchmarkDotNet.Attributes;
using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>
/// The speed clause: filling a 4096×4096 float32 matrix costs at most 1.5× TorchSharp's own
/// <c>Tensor.normal_</c> on the same tensor. Every method overwrites the same preallocated tensor.
/// </summary>
[MemoryDiagnoser]
public class FillBenchmarks
{
    private const long Size = 4096;
    private static readonly double XavierStd = Math.Sqrt(2.0 / (Size + Size));

    private readonly IInitializer _xavierNormal = new XavierNormal();
    private readonly IInitializer _heNormal = new HeNormal();
    private readonly IInitializer _heUniform = new HeUniform();
    private readonly IInitializer _documentHe = DocumentMethods.Resolve("he");
    private readonly IInitializer _kerasTruncated = new VarianceScaling();
    private readonly IInitializer _truncated = new TruncatedNormal(0, 0.02, -0.04, 0.04);
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

    [Benchmark(Baseline = true, Description = "TorchSharp Tensor.normal_")]
    public void TorchSharpNormal()
    {
        using var noGrad = no_grad();
        _weight.normal_(0.0, XavierStd, _generator);
    }

    [Benchmark(Description = "TorchSharp Tensor.uniform_")]
    public void TorchSharpUniform()
    {
        using var noGrad = no_grad();
        _weight.uniform_(-0.03, 0.03, _generator);
    }

    [Benchmark(Description = "XavierNormal.Fill")]
    public void XavierNormalFill() => _xavierNormal.Fill(_weight, _generator);

    [Benchmark(Description = "HeNormal.Fill")]
    public void HeNormalFill() => _heNormal.Fill(_weight, _generator);

    [Benchmark(Description = "HeUniform.Fill")]
    public void HeUniformFill() => _heUniform.Fill(_weight, _generator);

    [Benchmark(Description = "DocumentMethods \"he\" Fill")]
    public void DocumentHeFill() => _documentHe.Fill(_weight, _generator, Fan.FromInOutMatrix(Size, Size));

    [Benchmark(Description = "VarianceScaling (Keras truncated) Fill")]
    public void KerasTruncatedFill() => _kerasTruncated.Fill(_weight, _generator);

    [Benchmark(Description = "TruncatedNormal.Fill")]
    public void TruncatedNormalFill() => _truncated.Fill(_weight, _generator);
}
