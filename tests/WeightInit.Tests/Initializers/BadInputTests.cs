using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

public class BadInputTests
{
    private static readonly Dictionary<string, (Action Act, Type Exception, string BadValue)> Cases = new()
    {
        ["rank 1 weight for fans"] = (() => Fan.FromWeight(5), typeof(ArgumentException), "[5]"),
        ["rank 0 weight for fans"] = (() => Fan.FromWeight(), typeof(ArgumentException), "[]"),
        ["zero fan in a shape"] = (() => Fan.FromWeight(4, 0), typeof(ArgumentException), "[4, 0]"),
        ["3-D fan_in by fan_out matrix"] = (() => Fan.FromInOutMatrix(3, 4, 5), typeof(ArgumentException), "[3, 4, 5]"),
        ["zero explicit fan"] = (() => Fan.FromInOut(0, 3), typeof(ArgumentOutOfRangeException), "0"),
        ["rank 1 tensor for xavier without fans"] = (() => Fill(new XavierNormal(), [10]), typeof(ArgumentException), "[10]"),
        ["rank 0 tensor for he without fans"] = (() => Fill(new HeNormal(), []), typeof(ArgumentException), "[]"),
        ["rank 1 bias for pytorch default bias without fans"] = (() => Fill(new PyTorchLinearDefaultBias(), [7]), typeof(ArgumentException), "[7]"),
        ["negative std"] = (() => _ = new Normal(0, -0.5), typeof(ArgumentOutOfRangeException), "-0.5"),
        ["negative truncated std"] = (() => _ = new TruncatedNormal(0, -1), typeof(ArgumentOutOfRangeException), "-1"),
        ["negative scale"] = (() => _ = new VarianceScaling(-2), typeof(ArgumentOutOfRangeException), "-2"),
        ["zero gain"] = (() => _ = new XavierUniform(0), typeof(ArgumentOutOfRangeException), "0"),
        ["NaN orthogonal gain"] = (() => _ = new Orthogonal(double.NaN), typeof(ArgumentOutOfRangeException), "NaN"),
        ["uniform with a greater than b"] = (() => _ = new Uniform(2, 1), typeof(ArgumentOutOfRangeException), "a = 2 > b = 1"),
        ["truncated normal with a greater than b"] = (() => _ = new TruncatedNormal(0, 1, 3, -3), typeof(ArgumentOutOfRangeException), "a = 3, b = -3"),
        ["truncated normal with no mass"] = (() => _ = new TruncatedNormal(0, 1, 50, 60), typeof(ArgumentException), "[50, 60]"),
        ["sparsity one"] = (() => _ = new Sparse(1.0), typeof(ArgumentOutOfRangeException), "got 1"),
        ["negative sparsity"] = (() => _ = new Sparse(-0.1), typeof(ArgumentOutOfRangeException), "-0.1"),
        ["sparse with negative std"] = (() => _ = new Sparse(0.1, -0.01), typeof(ArgumentOutOfRangeException), "-0.01"),
        ["unknown fan mode"] = (() => _ = new VarianceScaling(1, (FanMode)42), typeof(ArgumentOutOfRangeException), "42"),
        ["unknown distribution"] = (() => _ = new VarianceScaling(1, FanMode.FanIn, (ScalingDistribution)9), typeof(ArgumentOutOfRangeException), "9"),
        ["leaky relu slope missing"] = (() => Gain.For("leaky_relu"), typeof(ArgumentException), "leaky_relu"),
        ["unknown activation"] = (() => Gain.For("swish"), typeof(ArgumentException), "'swish'"),
        ["slope for an activation without one"] = (() => Gain.For("tanh", 0.2), typeof(ArgumentException), "0.2"),
        ["he slope with relu"] = (() => _ = new HeNormal(0.3, FanMode.FanIn, "relu"), typeof(ArgumentException), "a = 0.3"),
        ["unknown document method"] = (() => DocumentMethods.InitializeWeights([4, 5], "glorot", new Generator(1)), typeof(ArgumentException), "'glorot'"),
        ["3-D document shape"] = (() => DocumentMethods.InitializeWeights([3, 4, 5], "he", new Generator(1)), typeof(ArgumentException), "[3, 4, 5]"),
        ["orthogonal on a vector"] = (() => Fill(new Orthogonal(), [6]), typeof(ArgumentException), "[6]"),
        ["dirac on a matrix"] = (() => Fill(new Dirac(), [6, 6]), typeof(ArgumentException), "[6, 6]"),
        ["dirac groups not dividing outputs"] = (() => Fill(new Dirac(4), [6, 2, 3]), typeof(ArgumentException), "(6)"),
        ["dirac zero groups"] = (() => _ = new Dirac(0), typeof(ArgumentOutOfRangeException), "got 0"),
        ["identity on a 3-D tensor"] = (() => Fill(new Identity(), [2, 2, 2]), typeof(ArgumentException), "[2, 2, 2]"),
        ["integer dtype"] = (() => new Normal().Create([3], new Generator(1), ScalarType.Int32), typeof(ArgumentException), "Int32"),
        ["integer tensor"] = (() => new Zeros().Fill(zeros(3, dtype: ScalarType.Int64), new Generator(1)), typeof(ArgumentException), "Int64"),
        ["infinite constant"] = (() => _ = new Constant(double.PositiveInfinity), typeof(ArgumentOutOfRangeException), "Infinity"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Bad_input_throws_a_named_exception_that_repeats_the_bad_value(string caseName)
    {
        var (act, exceptionType, badValue) = Cases[caseName];
        var thrown = act.Should().Throw<ArgumentException>().Which;
        thrown.GetType().Should().Be(exceptionType, caseName);
        thrown.Message.Should().Contain(badValue, caseName);
    }

    [Fact]
    public void There_are_at_least_fifteen_bad_input_cases()
    {
        Cases.Should().HaveCountGreaterThanOrEqualTo(15);
    }

    private static void Fill(IInitializer init, long[] shape)
    {
        using var t = empty(shape);
        using var g = new Generator(1);
        init.Fill(t, g);
    }
}
