using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>Serialized with the tests that use TorchSharp's global RNG, so that the global state can be compared.</summary>
[Collection(GlobalRngCollection.Name)]
public class DeterminismTests
{
    /// <summary>Every registered initializer, with arguments where required, and a shape it accepts.</summary>
    public static TheoryData<string, long[]> EveryInitializer()
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
            long[] shape = name == "dirac" ? [8, 4, 3, 3] : name == "identity" || name == "eye" || name == "sparse" ? [40, 60] : [40, 6, 5];
            data.Add(spec, shape);
        }

        // The truncated normal's second method (inverse CDF, for intervals of small mass).
        data.Add("truncated_normal(a=2.5, b=4.5)", [40, 6, 5]);

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryInitializer))]
    public void The_same_seed_gives_identical_bytes(string spec, long[] shape)
    {
        var init = Initializer.Parse(spec);
        byte[] first = Draw(init, shape, 99);
        byte[] second = Draw(init, shape, 99);
        second.Should().Equal(first);
    }

    [Theory]
    [InlineData("xavier_normal")]
    [InlineData("he_uniform")]
    [InlineData("variance_scaling")]
    [InlineData("truncated_normal(std=0.1)")]
    [InlineData("orthogonal")]
    [InlineData("sparse(0.5)")]
    [InlineData("pytorch_default")]
    public void A_different_seed_gives_different_values(string spec)
    {
        var init = Initializer.Parse(spec);
        Draw(init, [40, 60], 1).Should().NotEqual(Draw(init, [40, 60], 2));
    }

    [Fact]
    public void Two_initializers_with_their_own_generators_do_not_interfere()
    {
        var xavier = new XavierNormal();
        var orthogonal = new Orthogonal();
        byte[] xavierAlone1, xavierAlone2, orthogonalAlone1, orthogonalAlone2;
        using (var ga = new Generator(5))
        using (var gb = new Generator(6))
        {
            (xavierAlone1, xavierAlone2) = (DrawWith(xavier, ga), DrawWith(xavier, ga));
            (orthogonalAlone1, orthogonalAlone2) = (DrawWith(orthogonal, gb), DrawWith(orthogonal, gb));
        }

        using var a = new Generator(5);
        using var b = new Generator(6);
        DrawWith(xavier, a).Should().Equal(xavierAlone1);
        DrawWith(orthogonal, b).Should().Equal(orthogonalAlone1);
        DrawWith(xavier, a).Should().Equal(xavierAlone2);
        DrawWith(orthogonal, b).Should().Equal(orthogonalAlone2);
    }

    [Fact]
    public async Task Generators_on_different_threads_give_the_sequential_results()
    {
        string[] specs = ["he_normal", "truncated_normal(std=0.1)", "orthogonal", "sparse(0.5)"];
        byte[][] Sequence(ulong seed)
        {
            using var g = new Generator(seed);
            return [.. Enumerable.Range(0, 10).SelectMany(_ => specs.Select(s => DrawWith(Initializer.Parse(s), g)))];
        }

        var expected = new[] { Sequence(100), Sequence(200) };
        var results = await Task.WhenAll(Task.Run(() => Sequence(100)), Task.Run(() => Sequence(200)));
        for (int t = 0; t < results.Length; t++)
        {
            results[t].Should().HaveSameCount(expected[t]);
            for (int i = 0; i < expected[t].Length; i++)
            {
                results[t][i].Should().Equal(expected[t][i]);
            }
        }
    }

    [Fact]
    public void The_global_RNG_is_neither_read_nor_advanced()
    {
        using var before = random.get_rng_state();
        using var drawBefore = randn(8);
        random.set_rng_state(before);

        foreach (var row in EveryInitializer())
        {
            Draw(Initializer.Parse((string)row[0]), (long[])row[1], 7);
        }

        using var after = random.get_rng_state();
        after.data<byte>().ToArray().Should().Equal(before.data<byte>().ToArray());
        using var drawAfter = randn(8);
        SampleStatistics.Bytes(drawAfter).Should().Equal(SampleStatistics.Bytes(drawBefore));
    }

    private static byte[] Draw(IInitializer init, long[] shape, ulong seed)
    {
        using var g = new Generator(seed);
        using var w = init.Create(shape, g);
        return SampleStatistics.Bytes(w);
    }

    private static byte[] DrawWith(IInitializer init, Generator g)
    {
        using var w = init.Create([30, 20], g);
        return SampleStatistics.Bytes(w);
    }
}

/// <summary>
/// Tests that read or use process-wide TorchSharp state run one at a time and alone: the global RNG (any other test
/// constructing a TorchSharp module draws from it: nn.Linear's constructor does) or the live-tensor count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "TorchSharp global RNG";
}
