using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

public class StructuredInitializerTests
{
    [Theory]
    [InlineData(new long[] { 64, 256 }, 1.5, ScalarType.Float64)]
    [InlineData(new long[] { 256, 64 }, 1.0, ScalarType.Float64)]
    [InlineData(new long[] { 100, 100 }, 1.4142135623730951, ScalarType.Float64)]
    [InlineData(new long[] { 16, 4, 3, 3 }, 2.0, ScalarType.Float32)]
    [InlineData(new long[] { 40, 30 }, 1.0, ScalarType.Float32)]
    public void Orthogonal_rows_or_columns_are_orthonormal_times_the_gain(long[] shape, double gain, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(21);
        var w = new Orthogonal(gain).Create(shape, g, dtype).to_type(ScalarType.Float64).reshape(shape[0], -1);
        var gram = w.shape[0] <= w.shape[1] ? w.matmul(w.t()) : w.t().matmul(w);
        var expected = eye(gram.shape[0], dtype: ScalarType.Float64) * (gain * gain);
        double error = (gram - expected).abs().max().ToDouble();
        error.Should().BeLessThan(1e-5, $"W·Wᵀ (or Wᵀ·W) must be gain²·I for shape [{string.Join(", ", shape)}]");
    }

    [Fact]
    public void Orthogonal_applies_the_sign_correction_so_its_first_entry_is_positive_half_the_time()
    {
        // With Q·sign(diag R) the first column is a₁/|a₁| for a Gaussian a₁: positive with probability ½.
        // Without the correction Householder QR makes R₁₁ ≥ 0 or ≤ 0 systematically and the fraction sits near 0 or 1.
        // 400 draws: SE of the fraction 0.025, tolerance 5 SE.
        using var scope = NewDisposeScope();
        using var g = new Generator(22);
        var init = new Orthogonal();
        int positive = 0;
        const int draws = 400;
        using var w = empty(4, 4, ScalarType.Float64);
        for (int i = 0; i < draws; i++)
        {
            init.Fill(w, g);
            positive += w[0, 0].ToDouble() > 0 ? 1 : 0;
        }

        ((double)positive / draws).Should().BeApproximately(0.5, 5 * Math.Sqrt(0.25 / draws));
    }

    [Fact]
    public void Identity_puts_the_gain_on_the_diagonal_of_a_rectangular_weight()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(1);
        var w = Initializer.Parse("eye(gain=0.5)").Create([3, 5], g);
        w.Should().NotBeNull();
        equal(w, eye(3, 5) * 0.5).all().ToBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData(6, 6, 1)]
    [InlineData(8, 4, 2)]
    public void Dirac_makes_a_same_padded_convolution_the_identity(long outChannels, long inPerGroup, int groups)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(2);
        var weight = new Dirac(groups).Create([outChannels, inPerGroup, 3, 3], g);
        var input = randn([2, inPerGroup * groups, 7, 7], generator: g);
        var output = nn.functional.conv2d(input, weight, padding: [1, 1], groups: groups);
        equal(output, input).all().ToBoolean().Should().BeTrue();
    }

    [Fact]
    public void Dirac_with_more_outputs_than_inputs_copies_the_inputs_and_zeroes_the_rest()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(2);
        var weight = new Dirac().Create([5, 3, 3], g);
        var input = randn([1, 3, 9], generator: g);
        var output = nn.functional.conv1d(input, weight, padding: 1);
        equal(output[.., ..3], input).all().ToBoolean().Should().BeTrue();
        output[.., 3..].abs().max().ToDouble().Should().Be(0);
    }

    [Fact]
    public void Sparse_zeroes_exactly_ceil_sparsity_times_rows_per_column_at_random_rows()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(23);
        var sparse = new Sparse(0.25, 0.01);
        var w = sparse.Create([201, 3000], g);
        var zeros = w.eq(0);
        zeros.sum(dim: 0, type: ScalarType.Int64).unique().output.data<long>().ToArray().Should().Equal([sparse.ZerosPerColumn(201)], "⌈0.25·201⌉ = 51 per column");
        sparse.ZerosPerColumn(201).Should().Be(51);
        (zeros[.., 0] != zeros[.., 1]).any().ToBoolean().Should().BeTrue("each column chooses its own rows");

        // Non-zeros: N(0, 0.01²); n = 150·3000 = 450 000 draws, tolerance 5 SE.
        var nonZero = w.masked_select(zeros.logical_not());
        var stats = SampleStatistics.Of(nonZero);
        stats.Variance.Should().BeApproximately(1e-4, SampleStatistics.VarianceTolerance(1e-4, 3, stats.Count));
    }
}
