using FluentAssertions;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Theory;
using Xunit;

namespace WeightInit.Tests.Models;

public class ActivationParseTests
{
    public static TheoryData<Activation> Every() =>
        [Activation.Identity, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU(), Activation.LeakyReLU(0.2), Activation.Sigmoid, Activation.Selu, Activation.Gelu];

    [Theory]
    [MemberData(nameof(Every))]
    public void Every_activation_parses_back_from_its_name(Activation activation) =>
        Activation.Parse(activation.Name).Should().Be(activation);

    [Theory]
    [InlineData("TANH", ActivationKind.Tanh, 0)]
    [InlineData(" relu ", ActivationKind.ReLU, 0)]
    [InlineData("leaky_relu", ActivationKind.LeakyReLU, 0.01)]
    [InlineData("leaky_relu(0.2)", ActivationKind.LeakyReLU, 0.2)]
    [InlineData("linear", ActivationKind.Identity, 0)]
    public void Names_are_read_case_insensitively_with_pytorchs_default_slope(string text, ActivationKind kind, double slope) =>
        Activation.Parse(text).Should().Be(new Activation(kind, slope));

    [Theory]
    [InlineData("swish")]
    [InlineData("")]
    [InlineData("leaky_relu(1.5)")]
    [InlineData("leaky_relu(x)")]
    public void Unknown_names_are_refused_with_the_text_and_the_names(string text)
    {
        var act = () => Activation.Parse(text);
        act.Should().Throw<ArgumentException>().WithMessage($"*'{text}'*identity, tanh, relu, leaky_relu, sigmoid, selu, gelu*");
    }

    [Theory]
    [InlineData("identity", 1.0)]
    [InlineData("sigmoid", 1.0)]
    [InlineData("tanh", 5.0 / 3.0)]
    [InlineData("relu", 1.4142135623730951)]
    [InlineData("selu", 0.75)]
    public void The_gain_is_pytorchs_calculate_gain(string name, double gain) =>
        Activation.Parse(name).Gain.Should().Be(gain);

    [Fact]
    public void A_leaky_relus_gain_and_mean_field_use_its_own_slope()
    {
        var leaky = Activation.LeakyReLU(0.2);
        leaky.Gain.Should().BeApproximately(Math.Sqrt(2.0 / 1.04), 1e-15);
        leaky.MeanField.Name.Should().Be(MeanFieldActivation.LeakyRelu(0.2).Name);
        Activation.Tanh.MeanField.Should().BeSameAs(MeanFieldActivation.Tanh);
    }

    [Fact]
    public void The_documents_methods_keep_their_layout_and_other_specs_fill_weight_as_pytorch_does()
    {
        DocumentMethods.Scheme("he").Layout.Should().Be(WeightLayout.InOutTransposed);
        DocumentMethods.Scheme("he_normal").Layout.Should().NotBe(WeightLayout.InOutTransposed);
        var act = () => DocumentMethods.Scheme("hee");
        act.Should().Throw<ArgumentException>().WithMessage("*hee*");
    }
}
