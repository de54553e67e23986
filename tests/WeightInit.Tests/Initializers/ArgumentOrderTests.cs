using System.Reflection;
using WeightInit.Initializers;

namespace WeightInit.Tests.Initializers;

/// <summary>
/// The spec strings read a normal's std first (<c>normal(0.001)</c>, as the documents write N(0, 0.001)); the constructors
/// take PyTorch's (mean, std). So that the two cannot be confused silently, no constructor of a mean/std initializer can be
/// called with the mean alone: <c>new Normal(0.001)</c> does not compile.
/// </summary>
public sealed class ArgumentOrderTests
{
    [Theory]
    [InlineData(typeof(Normal))]
    [InlineData(typeof(TruncatedNormal))]
    public void No_constructor_takes_the_mean_without_the_std(Type type)
    {
        var callableWithOne = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Where(c => c.GetParameters() is { Length: >= 1 } p && p.Skip(1).All(x => x.IsOptional) && p[0].Name == "mean")
            .Select(c => c.ToString())
            .ToArray();

        callableWithOne.Should().BeEmpty($"new {type.Name}(x) would read x as the mean while '{type.Name.ToLowerInvariant()}(x)' reads it as the std");
    }

    [Fact]
    public void The_spec_and_the_constructor_agree_when_both_arguments_are_given()
    {
        var parsed = (Normal)Initializer.Parse("normal(0.001)");
        var built = new Normal(0, 0.001);

        (parsed.Mean, parsed.Std).Should().Be((built.Mean, built.Std));
        parsed.Name.Should().Be(built.Name);
        var truncated = (TruncatedNormal)Initializer.Parse("truncated_normal(0.02)");
        (truncated.Mean, truncated.Std, truncated.A, truncated.B).Should().Be((0.0, 0.02, -2.0, 2.0));
    }
}
