using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>A square float32 tensor and a seeded generator, made once per benchmark class and freed after it.</summary>
/// <param name="size">Rows and columns of the tensor.</param>
public abstract class FillBenchmarkBase(long size)
{
    /// <summary>The tensor every benchmark overwrites.</summary>
    protected Tensor Weight { get; private set; } = null!;

    /// <summary>The only source of randomness, seeded with 42.</summary>
    protected Generator Random { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        Weight = empty(size, size);
        Random = new Generator(42);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Weight.Dispose();
        Random.Dispose();
    }
}
