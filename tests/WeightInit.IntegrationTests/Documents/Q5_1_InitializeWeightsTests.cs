using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.IntegrationTests.Documents;

/// <summary>
/// Q5.1 "Implement initialization schemes": <c>initialize_weights(shape, method)</c> with shape <c>(fan_in, fan_out)</c>
/// and method <c>zero</c>, <c>small_random</c> (<c>randn · 0.01</c>), <c>xavier</c> (σ = √(2 / (fan_in + fan_out)))
/// or <c>he</c> (σ = √(2 / fan_in)); anything else raises an error. Exercised on the shapes the documents use: their
/// printed 10×10 examples and every layer of the 784-256×5-10 network.
/// </summary>
public sealed class Q5_1_InitializeWeightsTests
{
    public Q5_1_InitializeWeightsTests() => Fixtures.TorchThreads.UseOne();

    public static TheoryData<string, long, long> MethodsAndDocumentShapes()
    {
        var data = new TheoryData<string, long, long>();
        foreach (var method in DocumentMethods.Names)
        {
            foreach (var (fanIn, fanOut) in new (long, long)[] { (10, 10), (784, 256), (256, 256), (256, 10) })
            {
                data.Add(method, fanIn, fanOut);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndDocumentShapes))]
    public void Q5_1_every_method_returns_a_float32_tensor_of_shape_fan_in_by_fan_out(string method, long fanIn, long fanOut)
    {
        using var generator = new Generator(42);
        using var w = DocumentMethods.InitializeWeights([fanIn, fanOut], method, generator);

        w.shape.Should().Equal([fanIn, fanOut], "the document's shape is (fan_in, fan_out), the transpose of nn.Linear.weight");
        w.dtype.Should().Be(ScalarType.Float32);
    }

    [Fact]
    public void Q5_1_zero_returns_exactly_zero_everywhere()
    {
        using var generator = new Generator(42);
        using var w = DocumentMethods.InitializeWeights([784, 256], "zero", generator);

        w.eq(0).all().item<bool>().Should().BeTrue("torch.zeros(shape)");
    }

    [Theory]
    [InlineData("small_random", 784, 256)]
    [InlineData("small_random", 256, 10)]
    [InlineData("xavier", 784, 256)]
    [InlineData("xavier", 256, 256)]
    [InlineData("xavier", 256, 10)]
    [InlineData("he", 784, 256)]
    [InlineData("he", 256, 256)]
    [InlineData("he", 256, 10)]
    public void Q5_1_random_methods_have_mean_0_and_the_documents_std(string method, long fanIn, long fanOut)
    {
        double sigma = method switch
        {
            "small_random" => 0.01,
            "xavier" => Math.Sqrt(2.0 / (fanIn + fanOut)),
            _ => Math.Sqrt(2.0 / fanIn),
        };
        using var generator = new Generator(42);
        using var scope = NewDisposeScope();
        var w = DocumentMethods.InitializeWeights([fanIn, fanOut], method, generator).to_type(ScalarType.Float64);
        long n = fanIn * fanOut;
        double mean = w.mean().item<double>();
        double std = w.std().item<double>();

        // Five standard errors (a false alarm once in ~1.7 million checks): the sample mean of n normal draws has
        // standard error σ/√n, the sample std σ/√(2n); n runs from 2 560 (256×10) to 200 704 (784×256).
        mean.Should().BeApproximately(0, 5 * sigma / Math.Sqrt(n), $"{method} draws are centred ({n} draws)");
        std.Should().BeApproximately(sigma, 5 * sigma / Math.Sqrt(2.0 * n), $"{method} at ({fanIn}, {fanOut}) has σ = {sigma:G4}");
    }

    [Fact]
    public void Q5_1_he_is_wider_than_xavier_by_the_square_root_of_the_fan_ratio()
    {
        // σ_he / σ_xavier = √((fan_in + fan_out) / fan_in): √(1040/784) = 1.152 for the first layer, √2 for a square one.
        using var generator = new Generator(7);
        using var scope = NewDisposeScope();
        double Std(string method, long fanIn, long fanOut) =>
            DocumentMethods.InitializeWeights([fanIn, fanOut], method, generator).to_type(ScalarType.Float64).std().item<double>();

        // Each ratio of two sample stds has relative standard error √(1/(2n) + 1/(2n)) = 1/√n; five of them.
        (Std("he", 784, 256) / Std("xavier", 784, 256)).Should().BeApproximately(Math.Sqrt(1040.0 / 784), 5 * Math.Sqrt(1040.0 / 784) / Math.Sqrt(784 * 256));
        (Std("he", 256, 256) / Std("xavier", 256, 256)).Should().BeApproximately(Math.Sqrt(2), 5 * Math.Sqrt(2) / 256);
    }

    [Fact]
    public void Q5_1_the_same_seed_gives_the_same_weights_and_the_next_draw_differs()
    {
        using var first = new Generator(42);
        using var second = new Generator(42);
        using var scope = NewDisposeScope();
        var a = DocumentMethods.InitializeWeights([784, 256], "he", first);
        var b = DocumentMethods.InitializeWeights([784, 256], "he", second);
        var c = DocumentMethods.InitializeWeights([784, 256], "he", second);

        a.eq(b).all().item<bool>().Should().BeTrue("randomness comes only from the generator");
        a.eq(c).all().item<bool>().Should().BeFalse("the generator advances with each draw");
    }

    [Theory]
    [InlineData(new long[] { 784 }, "*(fan_in, fan_out)*[784]*")]
    [InlineData(new long[] { 784, 256, 3 }, "*(fan_in, fan_out)*[784, 256, 3]*")]
    [InlineData(new long[] { 0, 256 }, "*positive*[0, 256]*")]
    [InlineData(new long[] { 784, -1 }, "*positive*[784, -1]*")]
    public void Q5_1_a_shape_that_is_not_two_positive_dimensions_raises_an_error_naming_it(long[] shape, string message)
    {
        using var generator = new Generator(42);

        FluentActions.Invoking(() => DocumentMethods.InitializeWeights(shape, "xavier", generator))
            .Should().Throw<ArgumentException>("the document raises ValueError(\"Shape must be a tuple of (fan_in, fan_out)\")")
            .WithMessage(message).Which.ParamName.Should().Be("shape");
    }

    [Theory]
    [InlineData("kaiming")]
    [InlineData("Xavier")]
    [InlineData("")]
    public void Q5_1_an_unknown_method_raises_an_error_listing_the_four_methods(string method)
    {
        using var generator = new Generator(42);

        FluentActions.Invoking(() => DocumentMethods.InitializeWeights([784, 256], method, generator))
            .Should().Throw<ArgumentException>("the document raises ValueError(\"Unknown method\")")
            .WithMessage($"*'{method}'*zero, small_random, xavier, he*");
    }
}
