using WeightInit.Experiments.Cli;

namespace WeightInit.Tests.Cli;

/// <summary>One reader for every comma-separated list of specs: commas inside parentheses belong to the spec.</summary>
public sealed class SpecListTests
{
    [Theory]
    [InlineData("he", new[] { "he" })]
    [InlineData("xavier, he", new[] { "xavier", "he" })]
    [InlineData("he_normal(a=0,mode=fan_out)", new[] { "he_normal(a=0,mode=fan_out)" })]
    [InlineData("he,orthogonal(gain=1.41),he_normal(a=0, mode=fan_out),,", new[] { "he", "orthogonal(gain=1.41)", "he_normal(a=0, mode=fan_out)" })]
    public void Commas_split_only_outside_parentheses(string text, string[] expected)
    {
        SpecList.TrySplit(text, out var items, out string? error).Should().BeTrue(error);

        items.Should().Equal(expected);
    }

    [Theory]
    [InlineData("he_normal(a=0,mode=fan_out")]
    [InlineData("he),xavier(")]
    public void Unbalanced_parentheses_are_refused_with_the_text(string text)
    {
        SpecList.TrySplit(text, out _, out string? error).Should().BeFalse();

        error.Should().Contain($"unbalanced parentheses in '{text}'");
    }

    [Theory]
    [InlineData("train", "--init")]
    [InlineData("sweep", "--inits")]
    [InlineData("stats", "--inits")]
    public void Every_initializer_list_option_accepts_what_init_method_accepts(string command, string option)
    {
        const string Spec = "he_normal(a=0,mode=fan_out)";
        var init = WeightInitCli.Build().Parse(["init", "--method", Spec]);
        init.Errors.Should().BeEmpty();

        var parse = WeightInitCli.Build().Parse([command, option, $"xavier,{Spec}"]);

        parse.Errors.Select(e => e.Message).Should().BeEmpty();
        parse.GetValue<string[]>(option).Should().Equal("xavier", Spec);
    }
}
