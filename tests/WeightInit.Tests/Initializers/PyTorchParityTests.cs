using System.Globalization;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>
/// Same seed, same tensor: our initializers against <c>torch.nn.init</c> run by PyTorch itself (the fixtures of
/// <see cref="PyTorchFixtures"/>). Every case seeds one generator as <c>torch.manual_seed(seed)</c> does and fills its
/// tensors in PyTorch's order. Bit for bit (SHA-256 of the whole tensor and its first 64 values) except for the two
/// initializers whose last step is a numerical routine that changed between the libtorch builds: the tolerance of each
/// is stated, with its reason, on its test.
/// </summary>
public class PyTorchParityTests
{
    private const double Float32Epsilon = 1.1920928955078125e-7; // 2⁻²³
    private const double Float64Epsilon = 2.220446049250313e-16; // 2⁻⁵²

    public static TheoryData<string> BitIdenticalCases() => Names(spec => !IsOrthogonal(spec) && !IsTruncatedNormal(spec));

    public static TheoryData<string> OrthogonalCases() => Names(IsOrthogonal);

    public static TheoryData<string> TruncatedNormalCases() => Names(IsTruncatedNormal);

    [Theory]
    [MemberData(nameof(BitIdenticalCases))]
    public void The_same_seed_gives_PyTorchs_tensor_bit_for_bit(string name)
    {
        var fixture = PyTorchFixtures.ByName[name];
        var ours = PyTorchFixtures.Create(fixture);
        try
        {
            for (int i = 0; i < ours.Count; i++)
            {
                var expected = fixture.Tensors[i];
                double[] first = First(ours[i], expected.First.Length);
                int differs = Enumerable.Range(0, first.Length).FirstOrDefault(k => first[k] != expected.First[k], -1);
                differs.Should().Be(-1, $"{expected.Describe()} must equal torch.nn.init's {fixture.Torch}; {Mismatch(first, expected.First, differs)}");
                PyTorchFixtures.Sha256(ours[i]).Should().Be(expected.Sha256, $"every element of {expected.Describe()} must equal {fixture.Torch}'s");
            }
        }
        finally
        {
            ours.ForEach(t => t.Dispose());
        }
    }

    /// <summary>
    /// The Gaussian draws are PyTorch's (same shape, dtype and order); the QR factorization is LAPACK's, MKL's in
    /// TorchSharp's libtorch and OpenBLAS's in the fixtures' PyTorch. Householder QR computes Q within a small multiple of
    /// m·n·u of an exactly orthogonal factor (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §19.3), so
    /// two LAPACK builds agree per entry to O(m·u) times the gain, m the long side: the tolerance is gain · m · ε of the
    /// dtype (float32 256×784: 9.3e-5). Measured over the whole fixture tensors (scripts/pytorch-parity/measure.cs) the
    /// largest difference is 0.16 of it. Other draws, a missing sign correction or another orientation change entries
    /// by O(1/√m), a hundred times more than the tolerance.
    /// </summary>
    [Theory]
    [MemberData(nameof(OrthogonalCases))]
    public void Orthogonal_draws_PyTorchs_gaussian_and_agrees_with_its_Q_up_to_LAPACK_rounding(string name)
    {
        var fixture = PyTorchFixtures.ByName[name];
        var expected = fixture.Tensors.Single();
        var init = (Orthogonal)Initializer.Parse(expected.Spec);
        long rows = expected.Shape[0];
        long cols = expected.Shape.Skip(1).Aggregate(1L, (p, d) => p * d);
        double tolerance = init.Gain * Math.Max(rows, cols) * Epsilon(fixture.Dtype);
        var ours = PyTorchFixtures.Create(fixture);
        double[] first = First(ours.Single(), expected.First.Length);
        ours.Single().Dispose();

        double worst = first.Zip(expected.First, (a, b) => Math.Abs(a - b)).Max();
        worst.Should().BeLessThanOrEqualTo(tolerance, $"{expected.Describe()} must match {fixture.Torch} to gain · m · ε");
    }

    /// <summary>
    /// Same calls as PyTorch's <c>trunc_normal_</c> on the same uniform draws, and the uniform, the scaling, the shift and the
    /// clamp are bit-identical (the test below); only <c>erfinv_</c> is not: libtorch 1.13 (the fixtures' PyTorch) and
    /// 2.10 (TorchSharp's) compute it differently. An erfinv accurate to a few ulps of its result where it is well
    /// conditioned, and of its argument v near ±1 (where one ulp of v moves the result by erfinv′(v) = √π/2·exp(z²)),
    /// differs from another by at most a few of each: allowing 8 of each, with the shift μ's rounding, the tolerance per
    /// element is 8ε(|x − μ| + |μ| + σ·√(π/2)·exp(z²)), z = (x − μ)/(σ√2), ε of the dtype. Measured over the whole
    /// fixture tensors (scripts/pytorch-parity/measure.cs) the largest difference is 0.08 of it. A different uniform draw
    /// moves an element by O(σ), ten thousand times more at |z| ≤ 2.
    /// </summary>
    [Theory]
    [MemberData(nameof(TruncatedNormalCases))]
    public void Truncated_normal_follows_trunc_normal_up_to_libtorchs_erfinv(string name)
    {
        var fixture = PyTorchFixtures.ByName[name];
        var expected = fixture.Tensors.Single();
        var init = (TruncatedNormal)Initializer.Parse(expected.Spec);
        double epsilon = Epsilon(fixture.Dtype);
        var ours = PyTorchFixtures.Create(fixture);
        double[] first = First(ours.Single(), expected.First.Length);
        ours.Single().Dispose();

        for (int k = 0; k < first.Length; k++)
        {
            double x = expected.First[k];
            double z = (x - init.Mean) / (init.Std * Math.Sqrt(2.0));
            double tolerance = 8 * epsilon * (Math.Abs(x - init.Mean) + Math.Abs(init.Mean) + (init.Std * Math.Sqrt(Math.PI / 2.0) * Math.Exp(z * z)));
            first[k].Should().BeApproximately(x, tolerance, $"element {k} of {expected.Describe()} must match {fixture.Torch} to 8ε(|x − μ| + |μ| + σ√(π/2)exp(z²))");
        }
    }

    /// <summary>
    /// The strict half of the truncated normal's parity: PyTorch's own uniform draws (recorded where <c>trunc_normal_</c>
    /// hands them to <c>erfinv_</c>), put through this libtorch's <c>erfinv_</c> and PyTorch's remaining steps, give our
    /// values bit for bit. So the draws, their bounds 2Φ(α) − 1 and 2Φ(β) − 1, and every step but <c>erfinv_</c> itself
    /// are PyTorch's exactly.
    /// </summary>
    [Theory]
    [MemberData(nameof(TruncatedNormalCases))]
    public void Truncated_normal_draws_PyTorchs_uniforms_and_differs_only_in_erfinv(string name)
    {
        var fixture = PyTorchFixtures.ByName[name];
        var expected = fixture.Tensors.Single();
        var init = (TruncatedNormal)Initializer.Parse(expected.Spec);
        expected.ErfinvInput.Should().NotBeNull("the fixture records trunc_normal_'s erfinv_ input");
        var ours = PyTorchFixtures.Create(fixture);
        double[] first = First(ours.Single(), expected.First.Length);
        ours.Single().Dispose();

        using var scope = NewDisposeScope();
        var uniforms = tensor(expected.ErfinvInput!, ScalarType.Float64).to_type(fixture.Dtype);
        var replayed = uniforms.erfinv_().mul_(init.Std * Math.Sqrt(2.0)).add_(init.Mean).clamp_(init.A, init.B);
        double[] theirsReplayed = First(replayed, first.Length);
        int differs = Enumerable.Range(0, first.Length).FirstOrDefault(k => first[k] != theirsReplayed[k], -1);
        differs.Should().Be(-1, $"{expected.Describe()} must be PyTorch's uniforms through trunc_normal_'s steps; {Mismatch(first, theirsReplayed, differs)}");
    }

    [Fact]
    public void Truncated_normal_bounds_are_trunc_normals_norm_cdf_to_the_last_bit()
    {
        // PyTorch computes Φ(α), Φ(β) in Python with math.erf, the C library's erf; a bound one ulp off moves every draw.
        var points = PyTorchFixtures.File.NormCdf;
        points.Should().HaveCountGreaterThan(40);
        foreach (var (x, cdf) in points)
        {
            TruncatedNormalSampler.NormalCdf(x).Should().Be(cdf, $"norm_cdf({x.ToString("R", CultureInfo.InvariantCulture)}) as PyTorch computes it");
        }
    }

    [Fact]
    public void The_fixtures_cover_every_torch_nn_init_function_in_both_dtypes_and_every_shape_kind()
    {
        var cases = PyTorchFixtures.File.Cases;
        string[] functions =
        [
            "uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_", "eye_", "dirac_", "xavier_uniform_",
            "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "orthogonal_", "sparse_", "nn.Linear", "nn.Conv2d",
        ];
        foreach (string function in functions)
        {
            var calls = cases.Where(c => c.Torch.StartsWith(function, StringComparison.Ordinal)).ToList();
            calls.Select(c => c.Dtype).Distinct().Should().HaveCount(2, $"{function} must be checked in float32 and float64");
        }

        var shapes = cases.SelectMany(c => c.Tensors).Select(t => t.Shape).ToList();
        shapes.Should().Contain(s => s.Length == 4, "a convolution weight");
        shapes.Should().Contain(s => s.Length == 2 && s[0] < s[1], "a wide matrix");
        shapes.Should().Contain(s => s.Length == 2 && s[0] > s[1], "a tall matrix");
        cases.Select(c => c.Seed).Distinct().Should().HaveCountGreaterThan(2, "several seeds");
        cases.Where(c => c.Torch.Contains("gain=", StringComparison.Ordinal) || c.Torch.Contains("mode=", StringComparison.Ordinal))
            .Should().NotBeEmpty("non-default arguments");
        PyTorchFixtures.File.TorchVersion.Should().NotBeNullOrWhiteSpace("the fixtures record the PyTorch that made them");
    }

    [Fact]
    public void A_wrong_draw_order_fails_the_bit_for_bit_check()
    {
        // The check itself must be able to fail: the same spec drawn from a generator one draw ahead is another tensor.
        var fixture = PyTorchFixtures.File.Cases.First(c => c.Torch == "normal_(w)" && c.Dtype == ScalarType.Float32);
        var expected = fixture.Tensors.Single();
        using var generator = new Generator((ulong)fixture.Seed);
        using var skipped = empty(1).normal_(0.0, 1.0, generator);
        using var ours = Initializer.Parse(expected.Spec).Create(expected.Shape, generator, fixture.Dtype);
        PyTorchFixtures.Sha256(ours).Should().NotBe(expected.Sha256);
    }

    private static TheoryData<string> Names(Func<string, bool> spec)
    {
        var data = new TheoryData<string>();
        foreach (var fixture in PyTorchFixtures.File.Cases.Where(c => spec(c.Tensors[0].Spec)))
        {
            data.Add(fixture.Name);
        }

        return data;
    }

    private static bool IsOrthogonal(string spec) => spec.StartsWith("orthogonal", StringComparison.Ordinal);

    private static bool IsTruncatedNormal(string spec) => spec.StartsWith("truncated_normal", StringComparison.Ordinal);

    private static double Epsilon(ScalarType dtype) => dtype == ScalarType.Float32 ? Float32Epsilon : Float64Epsilon;

    private static double[] First(Tensor tensor, int count)
    {
        using var scope = NewDisposeScope();
        return tensor.contiguous().view(-1).to_type(ScalarType.Float64).data<double>().Take(count).ToArray();
    }

    private static string Mismatch(double[] ours, double[] theirs, int k) =>
        k < 0
            ? "the first values agree"
            : string.Create(CultureInfo.InvariantCulture, $"element {k}: ours {ours[k]:R}, PyTorch's {theirs[k]:R}");
}
