using TorchSharp;
using WeightInit.Initializers;

namespace WeightInit.Tests.Initializers;

public class RegistryTests
{
    /// <summary>A spec with non-default arguments for every registered name (an alias takes its target's).</summary>
    private static readonly Dictionary<string, string> NonDefaultSpecs = new()
    {
        ["zeros"] = "zeros",
        ["ones"] = "ones",
        ["constant"] = "constant(2.5)",
        ["uniform"] = "uniform(-0.3, 0.7)",
        ["normal"] = "normal(0.3, 1.5)",
        ["truncated_normal"] = "truncated_normal(0.5, 0.25, -1, 1.5)",
        ["variance_scaling"] = "variance_scaling(2.5, fan_out, uniform)",
        ["xavier_normal"] = "xavier_normal(1.7)",
        ["xavier_uniform"] = "xavier_uniform(0.6)",
        ["he_normal"] = "he_normal(0.1, fan_out, leaky_relu)",
        ["he_uniform"] = "he_uniform(0, fan_out, tanh)",
        ["lecun_normal"] = "lecun_normal",
        ["lecun_uniform"] = "lecun_uniform",
        ["orthogonal"] = "orthogonal(1.41)",
        ["identity"] = "identity(0.5)",
        ["dirac"] = "dirac(2)",
        ["sparse"] = "sparse(0.3, 0.05)",
        ["pytorch_default"] = "pytorch_default",
        ["pytorch_default_bias"] = "pytorch_default_bias",
        ["glorot_normal"] = "glorot_normal(1.7)",
        ["glorot_uniform"] = "glorot_uniform(0.6)",
        ["kaiming_normal"] = "kaiming_normal(0.2, fan_in, leaky_relu)",
        ["kaiming_uniform"] = "kaiming_uniform(0, fan_out, relu)",
        ["eye"] = "eye(3)",
    };

    public static TheoryData<string> CanonicalNames() => [.. Initializer.Names.Where(n => !DocumentMethods.Names.Contains(n))];

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void Every_initializer_name_parses_back_to_an_initializer_with_the_same_parameters(string name)
    {
        NonDefaultSpecs.Should().ContainKey(name, "every registered name needs a spec with non-default arguments here");
        string spec = NonDefaultSpecs[name];
        var init = Initializer.Parse(spec);

        // parse -> format (Name) -> parse keeps every parameter value, not just the name.
        var again = Initializer.Parse(init.Name);
        InitializerParameters.Of(again).Should().Be(InitializerParameters.Of(init), $"'{init.Name}' is the name of '{spec}'");
        again.Name.Should().Be(init.Name);

        // The spec's arguments really differ from the defaults (where every parameter has one), so a name that
        // dropped or defaulted an argument would fail above.
        if (spec.Contains('(') && Initializer.TryParse(name, out var defaults, out _))
        {
            InitializerParameters.Of(init).Should().NotBe(InitializerParameters.Of(defaults), $"'{spec}' has non-default arguments");
        }
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
