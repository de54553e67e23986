using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using static TorchSharp.torch;

namespace WeightInit.Tests.Models;

public class MlpTests
{
    [Fact]
    public void Building_a_model_from_the_same_seed_gives_bit_identical_weights()
    {
        var spec = new MlpSpec(20, MlpSpec.Hidden(32, 3), 4, Activation.Tanh);
        var scheme = new InitializationScheme(TestScaledNormal.Xavier, new TestNormal(0.1));
        using var g1 = new Generator(123);
        using var g2 = new Generator(123);
        using var a = Mlp.Create(spec, scheme, g1);
        using var b = Mlp.Create(spec, scheme, g2);
        for (int l = 0; l < a.LayerCount; l++)
        {
            a.Weight(l).equal(b.Weight(l)).all().item<bool>().Should().BeTrue($"layer {l} weights come from the same generator state");
            a.Bias(l).equal(b.Bias(l)).all().item<bool>().Should().BeTrue($"layer {l} biases come from the same generator state");
        }

        using var g3 = new Generator(124);
        using var c = Mlp.Create(spec, scheme, g3);
        a.Weight(0).equal(c.Weight(0)).all().item<bool>().Should().BeFalse("another seed gives other weights");
    }

    [Fact]
    public void The_documents_two_models_have_the_documented_shapes()
    {
        MlpSpec.Deep256(Activation.Tanh).Name.Should().Be("784-256x5-10 tanh");
        MlpSpec.Tapered().Name.Should().Be("784-512-256-128-64-10 relu");
        var tapered = MlpSpec.Tapered();
        Enumerable.Range(0, tapered.LayerCount).Select(tapered.LayerShape).Should().Equal((784, 512), (512, 256), (256, 128), (128, 64), (64, 10));
    }

    [Fact]
    public void Weights_have_pytorch_layout_and_biases_default_to_zero()
    {
        var spec = new MlpSpec(20, [8], 3, Activation.ReLU);
        using var g = new Generator(1);
        using var model = Mlp.Create(spec, new InitializationScheme(new TestNormal(1)), g);
        model.Weight(0).shape.Should().Equal(8, 20);
        model.Weight(1).shape.Should().Equal(3, 8);
        model.Bias(0).abs().sum().item<float>().Should().Be(0);
        using var x = ones(5, 20);
        using var logits = model.forward(x);
        logits.shape.Should().Equal(5, 3);
    }

    [Fact]
    public void The_transposed_layout_fills_an_in_by_out_matrix_and_stores_its_transpose()
    {
        var spec = new MlpSpec(6, [], 3, Activation.Identity);
        using var g1 = new Generator(9);
        using var model = Mlp.Create(spec, new InitializationScheme(new TestNormal(1)).WithLayout(WeightLayout.InOutTransposed), g1);
        using var g2 = new Generator(9);
        using var expected = empty(6, 3).normal_(0, 1, g2);
        model.Weight(0).equal(expected.t()).all().item<bool>().Should().BeTrue("the documents draw initialize_weights((in, out)) and store .t()");
    }

    [Fact]
    public void A_layer_override_replaces_only_that_layer()
    {
        var spec = new MlpSpec(10, [10, 10], 2, Activation.Tanh);
        var scheme = new InitializationScheme(new TestFixedValue(0.5)).WithLayer(1, new TestFixedValue(-2), new TestFixedValue(3));
        using var g = new Generator(1);
        using var model = Mlp.Create(spec, scheme, g);
        model.Weight(0).eq(0.5f).all().item<bool>().Should().BeTrue();
        model.Weight(1).eq(-2f).all().item<bool>().Should().BeTrue();
        model.Bias(1).eq(3f).all().item<bool>().Should().BeTrue();
        model.Bias(2).eq(0f).all().item<bool>().Should().BeTrue();
        scheme.Describe(model).WeightInitializers.Should().Equal("test_fixed(0.5)", "test_fixed(-2)", "test_fixed(0.5)");
    }

    [Fact]
    public void A_scheme_overriding_a_missing_layer_is_rejected_with_the_layer_number()
    {
        var spec = new MlpSpec(10, [10], 2, Activation.Tanh);
        var scheme = new InitializationScheme(new TestZeros()).WithLayer(5, new TestZeros());
        using var g = new Generator(1);
        var act = () => Mlp.Create(spec, scheme, g);
        act.Should().Throw<ArgumentException>().WithMessage("*layer 5*0..1*");
    }

    [Fact]
    public void Invalid_sizes_are_rejected_with_the_bad_value()
    {
        FluentActions.Invoking(() => new MlpSpec(0, [4], 2, Activation.Tanh)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*got 0*");
        FluentActions.Invoking(() => new MlpSpec(4, [4, -3], 2, Activation.Tanh)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[4, -3]*");
        FluentActions.Invoking(() => new MlpSpec(4, [4], 1, Activation.Tanh)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*got 1*");
        FluentActions.Invoking(() => Activation.LeakyReLU(-0.1)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*-0.1*");
    }

    [Theory]
    [InlineData(ActivationKind.Identity, -1.5, -1.5)]
    [InlineData(ActivationKind.ReLU, -1.5, 0)]
    [InlineData(ActivationKind.Tanh, 0.5, 0.46211715726)]
    [InlineData(ActivationKind.Sigmoid, 0, 0.5)]
    public void Activations_compute_their_textbook_functions(ActivationKind kind, double x, double expected)
    {
        using var input = tensor(new[] { (float)x });
        using var output = new Activation(kind).Apply(input);
        output.item<float>().Should().BeApproximately((float)expected, 1e-6f);
        Activation.LeakyReLU(0.2).Apply(tensor(new[] { -2f })).item<float>().Should().BeApproximately(-0.4f, 1e-6f);
    }
}
