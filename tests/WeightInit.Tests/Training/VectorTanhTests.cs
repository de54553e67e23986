using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Training;

public sealed class VectorTanhTests
{
    private static double UlpsFromExact(float value, double exact)
    {
        double ulp = Math.Max(MathF.BitIncrement(MathF.Abs((float)exact)) - MathF.Abs((float)exact), float.Epsilon);
        return Math.Abs(value - exact) / ulp;
    }

    [Theory]
    [InlineData(1e-8)]
    [InlineData(1e-4)]
    [InlineData(0.05)]
    [InlineData(0.5)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(30)]
    public void Every_value_is_within_2_ulp_of_the_exact_tanh(double scale)
    {
        // 2^16 seeded values per scale, both signs, plus the branch boundary 0.625 and its float neighbours: the
        // method's error bound is ~1.2 ulp (polynomial 0.77 ulp, exponential branch ~1.2 ulp); a wrong coefficient
        // or an off-by-one exponent gives thousands of ulps.
        var random = new Random(2026);
        var values = Enumerable.Range(0, 1 << 16).Select(_ => (float)(scale * ((random.NextDouble() * 2) - 1)))
            .Concat([0.625f, MathF.BitDecrement(0.625f), MathF.BitIncrement(0.625f), -0.625f, 9.5f, 9.49f, 9.51f]).ToArray();
        var inputs = values.ToArray();
        VectorTanh.Apply(values);
        VectorTanh.IsAccelerated.Should().BeTrue("this test is meant to exercise the vector path; the CI machine has AVX2 and FMA");
        double worst = inputs.Zip(values, (x, t) => UlpsFromExact(t, Math.Tanh(x))).Max();
        worst.Should().BeLessThanOrEqualTo(2.0);
    }

    [Fact]
    public void Special_values_keep_their_meaning()
    {
        float[] values = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, float.Epsilon, -float.Epsilon, 100f, -100f];
        // pad to two full vectors so every value goes through the vector path
        var padded = values.Concat(Enumerable.Repeat(0.5f, 16 - values.Length)).ToArray();
        VectorTanh.Apply(padded);
        float.IsNaN(padded[0]).Should().BeTrue("NaN must survive so the trainer can see divergence");
        padded[1].Should().Be(1f);
        padded[2].Should().Be(-1f);
        float.IsNegative(padded[3]).Should().BeTrue("tanh(−0) = −0");
        padded[3].Should().Be(0f);
        padded[4].Should().Be(0f);
        padded[5].Should().Be(float.Epsilon, "tanh x = x for subnormal x");
        padded[6].Should().Be(-float.Epsilon);
        padded[7].Should().Be(1f);
        padded[8].Should().Be(-1f);
    }

    [Fact]
    public void The_tensor_entry_point_changes_the_tensor_in_place_and_agrees_with_libtorch()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var x = empty(128, 257).normal_(0, 1.5, generator);
        var expected = x.tanh();
        var same = VectorTanh.ApplyInPlace(x);
        same.Handle.Should().Be(x.Handle);
        double worstDifference = x.sub(expected).abs().div(expected.abs().clamp_min(1e-30)).max().item<float>();
        worstDifference.Should().BeLessThan(3 * 5.97e-8, "both are within ~1 ulp of the exact value, so within ~2.5 ulp (≤ 2^-24 each) of each other");
        x.eq(expected).to_type(ScalarType.Float32).mean().item<float>().Should().BeGreaterThan(0.8f, "most values round to the same float");
    }

    [Fact]
    public void A_non_contiguous_or_non_float32_tensor_is_refused_with_what_was_expected()
    {
        using var scope = NewDisposeScope();
        FluentActions.Invoking(() => VectorTanh.ApplyInPlace(zeros(4, 6).t())).Should().Throw<ArgumentException>()
            .WithMessage("expected a contiguous float32 CPU tensor; got Float32 on CPU, contiguous: False*");
        FluentActions.Invoking(() => VectorTanh.ApplyInPlace(zeros(4, ScalarType.Float64))).Should().Throw<ArgumentException>()
            .WithMessage("expected a contiguous float32 CPU tensor; got Float64 on CPU, contiguous: True*");
    }
}
