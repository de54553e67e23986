using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>Every initializer refuses a tensor with a dimension of size 0 with a named exception that repeats the shape.</summary>
public class EmptyDimensionTests
{
    public static TheoryData<string, long[]> EveryInitializerWithAnEmptyDimension()
    {
        var data = new TheoryData<string, long[]>();
        foreach (string name in Initializer.Names)
        {
            string spec = name switch
            {
                "constant" => "constant(0.5)",
                "sparse" => "sparse(0.3)",
                _ => name,
            };
            long[] shape = name == "dirac" ? [8, 4, 3, 3] : name is "identity" or "eye" or "sparse" or "orthogonal" ? [6, 5] : [4, 6, 5];
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
