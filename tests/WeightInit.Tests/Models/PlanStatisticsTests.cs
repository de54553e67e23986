using FluentAssertions;
using TorchSharp;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Tests.TestDoubles;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Models;

public class PlanStatisticsTests
{
    public PlanStatisticsTests() => TorchThreads.UseOne();

    [Theory]
    [InlineData(1, 4, 6, 3, 1, 4 * 3, 6 * 3)]          // Conv1d: [6, 4, 3]
    [InlineData(2, 3, 8, 5, 1, 3 * 25, 8 * 25)]        // Conv2d: [8, 3, 5, 5]
    [InlineData(3, 2, 4, 3, 1, 2 * 27, 4 * 27)]        // Conv3d: [4, 2, 3, 3, 3]
    [InlineData(2, 4, 8, 3, 2, 2 * 9, 8 * 9)]          // grouped Conv2d: [8, 4/2, 3, 3]
    public void Convolution_fans_multiply_channels_by_the_receptive_field(int dims, int inChannels, int outChannels, int kernel, int groups, long fanIn, long fanOut)
    {
        using nn.Module conv = dims switch
        {
            1 => nn.Conv1d(inChannels, outChannels, kernel, groups: groups),
            2 => nn.Conv2d(inChannels, outChannels, kernel, groups: groups),
            _ => nn.Conv3d(inChannels, outChannels, kernel, groups: groups),
        };
        var plan = new InitializationScheme(new HeNormal()).Plan(conv);
        plan["weight"].FanIn.Should().Be(fanIn);
        plan["weight"].FanOut.Should().Be(fanOut);
        plan["bias"].FanIn.Should().Be(fanIn, "a bias takes its weight's fans");
        plan["weight"].TargetStd.Should().BeApproximately(Math.Sqrt(2.0 / fanIn), 1e-12, "He: std = √(2 / fan_in)");
        ParameterSite.Of(conv)[0].Kind.Should().Be(LayerKind.Convolution);
    }

    [Fact]
    public void Transposed_convolution_fans_read_dimension_1_as_fan_in_like_pytorch()
    {
        using var deconv = nn.ConvTranspose2d(3, 8, 5);   // weight [in 3, out 8, 5, 5]
        var site = ParameterSite.Of(deconv)[0];
        site.Kind.Should().Be(LayerKind.ConvolutionTranspose);
        site.Shape.Should().Equal(3L, 8L, 5L, 5L);
        site.Fan.Should().Be(new Fan(8 * 25, 3 * 25), "torch.nn.init._calculate_fan_in_and_fan_out uses dimension 1 as fan-in");
    }

    /// <summary>
    /// Measured std of each parameter vs the formula. The sample std of n normal draws has standard error σ/√(2n);
    /// the tolerance is 5 standard errors (n ≥ 4 608 here, so at most 5.2 % of σ); uniform draws have a smaller error.
    /// </summary>
    [Fact]
    public void Each_parameters_measured_std_matches_its_formula_within_5_standard_errors()
    {
        using var model = nn.Sequential(("conv", nn.Conv2d(16, 32, 3)), ("act", nn.Tanh()), ("flat", nn.Flatten()), ("fc", nn.Linear(256, 128)), ("out", nn.Linear(128, 10)));
        var scheme = new InitializationScheme(new HeNormal(), name: "mixed")
            .With(InitRule.ForKind(LayerKind.Linear, ParameterRole.Weight, new XavierUniform()).WithGain("tanh"))
            .WithLayer(-1, new LeCunNormal(), new Normal(0, 0.1));
        using var g = new Generator(11);
        var plan = scheme.Apply(model, g);

        Check(plan["conv.weight"], Math.Sqrt(2.0 / (16 * 9)));
        Check(plan["fc.weight"], 5.0 / 3.0 * Math.Sqrt(2.0 / (256 + 128)));
        Check(plan["out.weight"], Math.Sqrt(1.0 / 128));
        plan["out.bias"].TargetStd.Should().Be(0.1);
        plan["conv.bias"].TargetStd.Should().Be(0.0);
        plan["conv.bias"].MeasuredStd.Should().Be(0.0);
        plan["fc.weight"].Rule.Should().Be("linear weight ×gain(tanh)");
        plan.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2 + plan.Parameters.Count, "a title, a header and one line per parameter");

        static void Check(ParameterPlan row, double expected)
        {
            long n = row.Shape.Aggregate(1L, (a, b) => a * b);
            row.TargetStd.Should().BeApproximately(expected, 1e-12, $"{row.Name}: the plan states the formula's std");
            double tolerance = 5 * expected / Math.Sqrt(2.0 * n);
            row.MeasuredStd.Should().BeApproximately(expected, tolerance, $"{row.Name}: {n} draws, 5 standard errors");
        }
    }

    [Fact]
    public void The_same_generator_state_gives_the_same_tensors_bit_for_bit_on_any_module()
    {
        using var a = RuleTrees.Encoder();
        using var b = RuleTrees.Encoder();
        var scheme = new InitializationScheme(new XavierNormal()).ForName("head.w*", new Orthogonal());
        using (var g = new Generator(21))
        {
            scheme.Apply(a, g);
        }

        using (var g = new Generator(21))
        {
            scheme.Apply(b, g);
        }

        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
        {
            pa.equal(pb).all().item<bool>().Should().BeTrue($"{name} comes from the same generator state");
        }
    }
}
