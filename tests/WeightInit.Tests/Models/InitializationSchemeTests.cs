using FluentAssertions;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Models;

public class InitializationSchemeTests
{
    public InitializationSchemeTests() => TorchThreads.UseOne();

    private static Tensor P(nn.Module module, string name) => module.named_parameters().Single(p => p.name == name).parameter;

    private static bool AllEqual(nn.Module module, string name, float value) => P(module, name).eq(value).all().item<bool>();

    [Fact]
    public void Rules_match_dotted_names_in_a_nested_sequential_with_name_over_position_over_default()
    {
        using var model = RuleTrees.Encoder();
        var scheme = new InitializationScheme(new Constant(0.5), new Constant(0.25), "rules")
            .ForName("encoder.*.weight", new Constant(-1))
            .WithLayer(-1, new Constant(2))
            .ForName("head.weight", new Constant(7))
            .WithLayer(-1, new Constant(3));   // added after the name rule, but a name rule is more specific
        using var g = new Generator(1);
        var plan = scheme.Apply(model, g);

        AllEqual(model, "encoder.0.weight", -1).Should().BeTrue("the glob encoder.*.weight matches encoder.0.weight");
        AllEqual(model, "encoder.2.weight", -1).Should().BeTrue("and encoder.2.weight");
        AllEqual(model, "encoder.0.bias", 0.25f).Should().BeTrue("biases follow the scheme-wide bias rule");
        AllEqual(model, "head.weight", 7).Should().BeTrue("a name rule beats a position rule whatever the order");
        AllEqual(model, "head.bias", 0.25f).Should().BeTrue("the position rules name only the weight");
        plan.Parameters.Select(p => p.Name).Should().Equal(
            "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "norm.weight", "norm.bias", "bn.weight", "bn.bias", "head.weight", "head.bias");
        plan["encoder.2.weight"].Rule.Should().Be("name encoder.*.weight");
        plan["head.weight"].Rule.Should().Be("name head.weight");
        plan["encoder.0.bias"].Rule.Should().Be("every bias");
    }

    [Fact]
    public void Normalization_layers_get_scale_1_and_bias_0_unless_a_rule_says_otherwise()
    {
        using var model = RuleTrees.Encoder();
        using var g = new Generator(2);
        var plan = new InitializationScheme(new Constant(0.5), new Constant(0.25)).Apply(model, g);
        foreach (var norm in new[] { "norm", "bn" })
        {
            AllEqual(model, $"{norm}.weight", 1).Should().BeTrue($"{norm}'s scale starts at 1, not at the weight initializer's 0.5");
            AllEqual(model, $"{norm}.bias", 0).Should().BeTrue($"{norm}'s shift starts at 0, not at the bias initializer's 0.25");
            plan[$"{norm}.weight"].Rule.Should().Be("normalization scale");
        }

        using var other = RuleTrees.Encoder();
        new InitializationScheme(new Constant(0.5)).ForKind(LayerKind.Normalization, new Constant(3), new Constant(-3)).Apply(other, g);
        AllEqual(other, "norm.weight", 3).Should().BeTrue("a user rule on the normalization kind replaces the built-in one");
        AllEqual(other, "bn.bias", -3).Should().BeTrue();
    }

    [Fact]
    public void Positions_count_only_layers_with_weights_and_negative_positions_count_from_the_end()
    {
        using var model = RuleTrees.Encoder();
        var sites = ParameterSite.Of(model);
        sites.Where(s => s.Role == ParameterRole.Weight).Select(s => (s.Name, s.Layer)).Should().Equal(
            ("encoder.0.weight", 0), ("encoder.2.weight", 1), ("head.weight", 2));
        sites.Single(s => s.Name == "norm.weight").Should().Match<ParameterSite>(s => s.Layer == -1 && s.Kind == LayerKind.Normalization && s.Role == ParameterRole.Scale);

        using var g = new Generator(3);
        new InitializationScheme(new Constant(0.5)).WithLayer(-2, new Constant(9)).Apply(model, g);
        AllEqual(model, "encoder.2.weight", 9).Should().BeTrue("layer −2 is the one before the head");
        var act = () => new InitializationScheme(new Constant(0.5)).WithLayer(3, new Constant(9)).Apply(model, g);
        act.Should().Throw<ArgumentException>().WithMessage("*layer 3*0..2*");
    }

    [Fact]
    public void Lstm_input_to_hidden_and_hidden_to_hidden_weights_take_separate_rules()
    {
        using var model = new RuleTrees.Recurrent();
        using var g = new Generator(4);
        var plan = new InitializationScheme(new Constant(0.5)).ForRecurrent(new Constant(1), new Orthogonal()).Apply(model, g);

        var sites = ParameterSite.Of(model).Where(s => s.Kind == LayerKind.Recurrent).ToArray();
        sites.Select(s => (s.LocalName, s.Role)).Should().Contain([
            ("weight_ih_l0", ParameterRole.InputToHidden), ("weight_hh_l0", ParameterRole.HiddenToHidden),
            ("bias_ih_l0", ParameterRole.Bias), ("weight_ih_l1", ParameterRole.InputToHidden), ("bias_hh_l1", ParameterRole.Bias)]);
        foreach (int layer in new[] { 0, 1 })
        {
            AllEqual(model, $"lstm.weight_ih_l{layer}", 1).Should().BeTrue("input-to-hidden weights follow their own rule");
            var hh = P(model, $"lstm.weight_hh_l{layer}");
            hh.shape.Should().Equal(24, 6);
            using var gram = hh.t().matmul(hh);
            gram.allclose(eye(6), atol: 1e-5).Should().BeTrue("hidden-to-hidden weights are orthogonal: WᵀW = I");
            AllEqual(model, $"lstm.bias_ih_l{layer}", 0).Should().BeTrue("recurrent biases follow the scheme-wide zero bias");
            plan[$"lstm.bias_hh_l{layer}"].FanIn.Should().Be(6, "a recurrent bias takes the fans of the weight it is added to");
        }

        AllEqual(model, "readout.weight", 0.5f).Should().BeTrue();
    }

    [Fact]
    public void Unmatched_parameters_fail_listing_them_or_keep_their_module_initialization()
    {
        using var model = new RuleTrees.Scaled();
        var onlyLinear = InitializationScheme.FromRules("linear only", InitRule.ForKind(LayerKind.Linear, null, new Constant(2)));
        using var g = new Generator(5);
        var act = () => onlyLinear.Apply(model, g);
        act.Should().Throw<UnmatchedParametersException>().WithMessage("*no rule for 1 parameter(s): scale*KeepModuleInitialization*")
            .Which.Parameters.Should().Equal("scale");
        AllEqual(model, "linear.weight", 2).Should().BeFalse("a failing scheme changes nothing");

        var plan = onlyLinear.WithUnmatched(UnmatchedPolicy.KeepModuleInitialization).Apply(model, g);
        AllEqual(model, "scale", 0.75f).Should().BeTrue("the module's own initialization is kept");
        AllEqual(model, "linear.weight", 2).Should().BeTrue();
        plan["scale"].Initializer.Should().Be("kept");
        plan["scale"].Rule.Should().Be("(none)");
    }

    [Fact]
    public void A_dry_run_shows_the_plan_and_changes_nothing()
    {
        using var model = RuleTrees.Encoder();
        using var before = P(model, "encoder.0.weight").clone();
        var plan = new InitializationScheme(new XavierNormal(), name: "xavier").Plan(model);
        plan.Applied.Should().BeFalse();
        P(model, "encoder.0.weight").equal(before).all().item<bool>().Should().BeTrue("a dry run draws nothing");
        plan.Parameters.Should().OnlyContain(p => p.MeasuredStd == null);
        plan["encoder.0.weight"].TargetStd.Should().BeApproximately(Math.Sqrt(2.0 / (8 + 16)), 1e-12);
        plan.ToString().Should().StartWith("xavier (dry run: nothing changed)\nparameter").And.Contain("encoder.0.weight  [16, 8]");
    }

    [Fact]
    public void A_rule_that_cannot_fill_a_parameter_names_the_parameter_the_rule_and_the_fix()
    {
        using var model = RuleTrees.Encoder();
        using var g = new Generator(6);
        var act = () => new InitializationScheme(new XavierNormal()).ForName("head.*", new Orthogonal()).Apply(model, g);
        act.Should().Throw<ArgumentException>().WithMessage("*rule 'name head.*'*head.bias [4]*orthogonal*rank ≥ 2*Narrow the rule*");
    }

    [Fact]
    public void A_name_rule_that_matches_no_parameter_fails_listing_the_closest_names()
    {
        using var model = RuleTrees.Encoder();
        using var before = P(model, "head.weight").clone();
        var typo = new InitializationScheme(new XavierNormal(), name: "typo").ForName("haed.weight", new Constant(7));
        using var g = new Generator(7);

        var apply = () => typo.Apply(model, g);
        var e = apply.Should().Throw<UnmatchedRuleException>().Which;
        e.Rules.Should().Equal("name haed.weight");
        e.ClosestNames[0][0].Should().Be("head.weight", "two letters swapped is the nearest name");
        e.Message.Should().Contain("scheme 'typo'").And.Contain("'name haed.weight' (closest parameters: head.weight,");
        P(model, "head.weight").equal(before).all().item<bool>().Should().BeTrue("a failing scheme changes nothing");
        typo.Invoking(s => s.Plan(model)).Should().Throw<UnmatchedRuleException>("the dry run checks the same");
        InitializationScheme.FromRules("regex", InitRule.ForNameRegex(new System.Text.RegularExpressions.Regex("^decoder\\."), new Zeros()))
            .Invoking(s => s.Plan(model)).Should().Throw<UnmatchedRuleException>().WithMessage("*regex ^decoder\\.*");
    }

    [Fact]
    public void A_pytorch_default_scheme_fills_biases_as_nn_Linear_does_not_with_zeros()
    {
        // nn.Linear's reset_parameters: weight kaiming_uniform_(a = √5), then bias U(±1/√fan_in), from one generator.
        using var model = nn.Sequential(("fc", nn.Linear(12, 7)));
        var scheme = new InitializationScheme(new PyTorchLinearDefault());
        scheme.Name.Should().Be("pytorch_default");
        scheme.Plan(model)["fc.bias"].Initializer.Should().Be("pytorch_default_bias");
        using (var g = new Generator(11))
        {
            scheme.Apply(model, g);
        }

        using var g2 = new Generator(11);
        using var weight = empty(7, 12);
        using var bias = empty(7);
        new PyTorchLinearDefault().Fill(weight, g2);
        new PyTorchLinearDefaultBias().Fill(bias, g2, Fan.FromWeight([7, 12]));
        P(model, "fc.weight").equal(weight).all().item<bool>().Should().BeTrue();
        P(model, "fc.bias").equal(bias).all().item<bool>().Should().BeTrue("the bias is drawn right after the weight, as nn.Linear draws it");
        new InitializationScheme(new PyTorchLinearDefault(), new Zeros()).Plan(model)["fc.bias"].Initializer.Should().Be("zeros", "biases given explicitly win");
    }

    [Fact]
    public void An_LSUV_report_prints_its_layers_not_the_list_type()
    {
        var report = new LsuvReport([new LsuvLayerReport(0, 3, 0.01, 0.98, true, "fc1"), new LsuvLayerReport(1, 10, 4, 1.2, false, "fc2")]);
        string text = report.ToString();
        text.Should().NotContain("System.Collections").And.StartWith("LsuvReport { Converged = False, Layers = [LsuvLayerReport { Layer = 0, Iterations = 3,")
            .And.Contain("Module = fc2 }").And.EndWith("] }");
    }
}
