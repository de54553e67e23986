using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.TestDoubles;

/// <summary>Normal(0, std²) — the documents' small_random when std = 0.01.</summary>
internal sealed class TestNormal(double std) : IInitializer
{
    public string Name => $"test_normal({std})";

    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        using (no_grad())
        {
            tensor.normal_(0, std, generator);
        }
    }
}

/// <summary>All zeros (the documents' zero init).</summary>
internal sealed class TestZeros : IInitializer
{
    public string Name => "test_zeros";

    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        using (no_grad())
        {
            tensor.zero_();
        }
    }
}

/// <summary>Normal with std = √(2/(fan_in+fan_out)) (Xavier-like) or √(2/fan_in) (He-like).</summary>
internal sealed class TestScaledNormal(bool he) : IInitializer
{
    public static TestScaledNormal Xavier { get; } = new(false);

    public static TestScaledNormal He { get; } = new(true);

    public string Name => he ? "test_he" : "test_xavier";

    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        var f = fan ?? Fan.FromWeight(tensor.shape);
        double std = he ? Math.Sqrt(2.0 / f.In) : Math.Sqrt(2.0 / (f.In + f.Out));
        using (no_grad())
        {
            tensor.normal_(0, std, generator);
        }
    }
}

/// <summary>Every element set to one value.</summary>
internal sealed class TestFixedValue(double value) : IInitializer
{
    public string Name => $"test_fixed({value})";

    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        using (no_grad())
        {
            tensor.fill_(value);
        }
    }
}
