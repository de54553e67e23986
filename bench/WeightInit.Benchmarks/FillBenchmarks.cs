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
public class FillBenchmarks() : FillBenchmarkBase(Size)
{
    private const long Size = 4096;
    private static readonly double XavierStd = Math.Sqrt(2.0 / (Size + Size));

    private readonly IInitializer _xavierNormal = new XavierNormal();
    private readonly IInitializer _heNormal = new HeNormal();
    private readonly IInitializer _heUniform = new HeUniform();
    private readonly IInitializer _documentHe = DocumentMethods.Resolve("he");
    private readonly IInitializer _kerasTruncated = new VarianceScaling();
    private readonly IInitializer _truncated = new TruncatedNormal(0, 0.02, -0.04, 0.04);
    [Benchmark(Baseline = true, Description = "TorchSharp Tensor.normal_")]
    public void TorchSharpNormal()
    {
        using var noGrad = no_grad();
        Weight.normal_(0.0, XavierStd, Random);
    }

    [Benchmark(Description = "TorchSharp Tensor.uniform_")]
    public void TorchSharpUniform()
    {
        using var noGrad = no_grad();
        Weight.uniform_(-0.03, 0.03, Random);
    }

    [Benchmark(Description = "XavierNormal.Fill")]
    public void XavierNormalFill() => _xavierNormal.Fill(Weight, Random);

    [Benchmark(Description = "HeNormal.Fill")]
    public void HeNormalFill() => _heNormal.Fill(Weight, Random);

    [Benchmark(Description = "HeUniform.Fill")]
    public void HeUniformFill() => _heUniform.Fill(Weight, Random);

    [Benchmark(Description = "DocumentMethods \"he\" Fill")]
    public void DocumentHeFill() => _documentHe.Fill(Weight, Random, Fan.FromInOutMatrix(Size, Size));

    [Benchmark(Description = "VarianceScaling (Keras truncated) Fill")]
    public void KerasTruncatedFill() => _kerasTruncated.Fill(Weight, Random);

    [Benchmark(Description = "TruncatedNormal.Fill")]
    public void TruncatedNormalFill() => _truncated.Fill(Weight, Random);
}
