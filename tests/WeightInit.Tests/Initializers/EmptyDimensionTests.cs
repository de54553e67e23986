using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>Every initializer refuses a tensor with a dimension of size 0 with a named exception that repeats the shape.</summary>
public class EmptyDimensionTests
{
    public static TheoryData<string, long[]> EveryInitializerWithAnEmptyDimension()
    {
        // The same initializers and accepted shapes as the determinism tests, each dimension set to 0 in turn.
        var data = new TheoryData<string, long[]>();
        foreach (var row in DeterminismTests.EveryInitializer())
        {
            var (spec, shape) = ((string)row[0], (long[])row[1]);
            for (int d = 0; d < shape.Length; d++)
            {
                long[] empty = [.. shape];
                empty[d] = 0;
                data.Add(spec, empty);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryInitializerWithAnEmptyDimension))]
    public void A_dimension_of_size_0_gives_an_ArgumentException_naming_the_shape(string spec, long[] shape)
    {
        var initializer = Initializer.Parse(spec);
        using var generator = new Generator(1);

        var act = () => initializer.Create(shape, generator).Dispose();

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain($"got shape [{string.Join(", ", shape)}], which has a dimension of size 0");
    }
}
