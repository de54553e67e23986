using TorchSharp;
using WeightInit.Initializers;

namespace WeightInit.Tests.Initializers;

public class RegistryTests
{
    public static TheoryData<string> CanonicalNames() => [.. Initializer.Names.Where(n => !DocumentMethods.Names.Contains(n))];

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void Every_initializer_name_parses_back_to_an_initializer_of_the_same_name(string name)
    {
        string spec = name switch
        {
            "constant" => "constant(2.5)",
            "sparse" => "sparse(0.9, std=0.05)",
            _ => name,
        };
        var init = Initializer.Parse(spec);
        Initializer.Parse(init.Name).Name.Should().Be(init.Name);
        init.Name.Should().StartWith(spec.Split('(')[0] switch
        {
            "glorot_normal" => "xavier_normal",
            "glorot_uniform" => "xavier_uniform",
            "kaiming_normal" => "he_normal",
            "kaiming_uniform" => "he_uniform",
            "eye" => "identity",
            var same => same,
        });
    }

    [Theory]
    [InlineData("zero")]
    [InlineData("small_random")]
    [InlineData("xavier")]
    [InlineData("he")]
    public void The_document_methods_keep_their_names(string method)
    {
        Initializer.Parse(method).Name.Should().Be(method);
    }

    [Fact]
    public void Specs_bind_positional_and_keyword_arguments_ignoring_case_and_spaces()
    {
        Initializer.Parse("normal(0.001)").Should().BeOfType<Normal>().Which.Should().BeEquivalentTo(new { Std = 0.001, Mean = 0.0 });
        Initializer.Parse("normal(std=2, mean=-1)").Should().BeOfType<Normal>().Which.Should().BeEquivalentTo(new { Std = 2.0, Mean = -1.0 });
        Initializer.Parse(" He-Normal( a = 0.1 , mode=FAN_OUT ) ").Should().BeOfType<HeNormal>()
            .Which.Should().BeEquivalentTo(new { Mode = FanMode.FanOut, Scale = 2.0 / 1.01 }, o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-15)).WhenTypeIs<double>());
        Initializer.Parse("kaiming_uniform(0, fan_in, relu)").Name.Should().Be("he_uniform(a=0, mode=fan_in, nonlinearity=relu)");
        Initializer.Parse("variance_scaling(2, fan_avg, uniform)").Should().BeOfType<VarianceScaling>()
            .Which.Should().BeEquivalentTo(new { Scale = 2.0, Mode = FanMode.FanAvg, Distribution = ScalingDistribution.Uniform });
        Initializer.Parse("truncated_normal(std=0.02, a=-inf)").Should().BeOfType<TruncatedNormal>()
            .Which.Should().BeEquivalentTo(new { Std = 0.02, A = double.NegativeInfinity, B = 2.0 });
        Initializer.Parse("xavier_uniform()").Name.Should().Be("xavier_uniform(gain=1)");
        Initializer.Parse("eye").Should().BeOfType<Identity>();
        Initializer.Parse("pytorch_default").Should().BeOfType<PyTorchLinearDefault>();
    }

    [Theory]
    [InlineData("he_normall", "'he_normall'")]
    [InlineData("glorot", "'glorot'")]
    [InlineData("", "''")]
    public void An_unknown_name_is_rejected_with_the_list_of_valid_names(string spec, string echoed)
    {
        var thrown = FluentActions.Invoking(() => Initializer.Parse(spec)).Should().Throw<ArgumentException>().Which;
        if (spec.Length > 0)
        {
            thrown.Message.Should().Contain(echoed);
        }

        foreach (string name in Initializer.Names)
        {
            thrown.Message.Should().Contain(name);
        }
    }

    [Theory]
    [InlineData("normal(std=abc)", "'abc'")]
    [InlineData("normal(foo=1)", "'foo'")]
    [InlineData("normal(1, 2, 3)", "'3'")]
    [InlineData("normal(mean=1, 0.1)", "'0.1'")]
    [InlineData("normal(std=1, std=2)", "'std'")]
    [InlineData("normal(", "'normal('")]
    [InlineData("normal(1))", "'normal(1))'")]
    [InlineData("normal(1,)", "'normal(1,)'")]
    [InlineData("he_normal(mode=fan_middle)", "'fan_middle'")]
    [InlineData("he_normal(nonlinearity=swish)", "'swish'")]
    [InlineData("variance_scaling(distribution=cauchy)", "'cauchy'")]
    [InlineData("sparse", "'sparsity'")]
    [InlineData("sparse(1.5)", "1.5")]
    [InlineData("dirac(1.5)", "'1.5'")]
    [InlineData("normal(std=-1)", "-1")]
    [InlineData("lecun_normal(2)", "'2'")]
    public void A_malformed_spec_is_rejected_naming_the_bad_part(string spec, string echoed)
    {
        FluentActions.Invoking(() => Initializer.Parse(spec)).Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain(echoed).And.Contain(spec);
        Initializer.TryParse(spec, out var init, out string? error).Should().BeFalse();
        init.Should().BeNull();
        error.Should().Contain(echoed);
    }

    [Fact]
    public void Usage_lists_every_initializer_with_its_parameters_and_defaults()
    {
        foreach (string name in Initializer.Names)
        {
            Initializer.Usage.Should().Contain(name);
        }

        Initializer.Usage.Should().Contain("he_normal(a=0, mode=fan_in, nonlinearity=leaky_relu)");
        Initializer.Usage.Should().Contain("sparse(sparsity, std=0.01)");
    }
}
