using WeightInit.Data;
using static TorchSharp.torch;

namespace WeightInit.Tests.TestDoubles;

/// <summary>Small learnable classification data made from a seeded generator: x ~ U[0,1]^D, y = argmax(x·R − mean) for a fixed random R.</summary>
internal static class SyntheticData
{
    public static LabeledDataset Create(int count = 2000, int features = 20, int classes = 4, long seed = 7, string name = "synthetic")
    {
        using var scope = NewDisposeScope();
        using var g = new Generator((ulong)seed);
        var x = empty(count, features).uniform_(0, 1, g);
        var r = empty(features, classes).normal_(0, 1, g);
        var scores = x.matmul(r);
        var y = scores.sub(scores.mean([0L], keepdim: true)).argmax(1);
        return new LabeledDataset(name, x.DetachFromDisposeScope(), y.DetachFromDisposeScope(), classes, PixelScaling.UnitInterval, 1, features);
    }
}
