using FluentAssertions;
using WeightInit.Experiments.Gallery;
using WeightInit.Initializers;

namespace WeightInit.Tests.Gallery;

/// <summary>
/// The docs gallery's promise, checked without looking at a figure: every initializer's 256×784 draw (200,704 values,
/// seed 42) fits the density its formula gives by Pearson's χ² at α = 0.001 (40 equal-width bins over ±4 std or the
/// support, two tails, one bin per point mass, merged to ≥ 5 expected; no parameter fitted, so df = bins − 1). At this
/// sample size the test notices a 5 % error in a standard deviation or a bound, and any wrong family (checked below).
/// </summary>
public class GalleryTests
{
    public static TheoryData<string> Specs() => [.. GalleryCatalog.All().Select(e => e.Spec)];

    /// <summary>Non-default parameters, so that gains, modes and bounds enter the formulas (one per branch of the catalog).</summary>
    public static TheoryData<string> NonDefaultSpecs() =>
    [
        "uniform(-0.3, 0.7)", "normal(0.3, 1.5)", "truncated_normal(0.5, 0.25, -1, 1.5)", "variance_scaling(2.5, fan_out, uniform)",
        "variance_scaling(0.5, fan_geo_avg, normal)", "variance_scaling(3, fan_avg)", "xavier_normal(1.7)", "xavier_uniform(0.6)",
        "he_normal(0.1, fan_out, leaky_relu)", "he_uniform(0, fan_out, tanh)", "orthogonal(1.41)", "identity(0.5)", "dirac(2)",
        "sparse(0.3, 0.05)", "constant(-2.5)",
    ];

    [Fact]
    public void Every_initializer_of_init_list_has_a_gallery_entry()
    {
        var names = GalleryCatalog.All().Select(e => e.Initializer.Name).ToHashSet();
        foreach (string name in Initializer.Names.Where(n => n is not "constant" and not "sparse"))
        {
            names.Should().Contain(Initializer.Parse(name).Name, $"'{name}' is listed by weightinit init --list");
        }

        names.Should().Contain(n => n.StartsWith("constant(", StringComparison.Ordinal)).And.Contain(n => n.StartsWith("sparse(", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Each_gallery_draw_fits_the_density_of_its_formula(string spec)
    {
        var entry = GalleryCatalog.All().Single(e => e.Spec == spec);
        var fit = GoodnessOfFit.Test(GalleryWriter.Draw(entry, 42), entry.Distribution);
        fit.SampleSize.Should().Be((int)entry.Shape.Aggregate(1L, (a, b) => a * b));
        fit.Statistic.Should().BeLessThanOrEqualTo(fit.Critical, $"{spec}'s draw should follow {entry.Formula} (χ² on {fit.DegreesOfFreedom} df at α = {GoodnessOfFit.Alpha})");
    }

    [Theory]
    [MemberData(nameof(NonDefaultSpecs))]
    public void Draws_with_non_default_parameters_fit_their_formula(string spec)
    {
        var entry = GalleryCatalog.Describe(spec, Initializer.Parse(spec));
        var fit = GoodnessOfFit.Test(GalleryWriter.Draw(entry, 7), entry.Distribution);
        fit.Statistic.Should().BeLessThanOrEqualTo(fit.Critical, $"{spec}'s draw should follow {entry.Formula}");
    }

    [Theory]
    [InlineData("he_normal", 1.05)]
    [InlineData("he_normal", 0.95)]
    [InlineData("xavier_uniform", 1.05)]
    [InlineData("orthogonal", 1.05)]
    public void The_check_rejects_a_formula_whose_scale_is_off_by_5_percent(string spec, double factor)
    {
        var entry = GalleryCatalog.All().Single(e => e.Spec == spec);
        var wrong = entry.Distribution.Continuous switch
        {
            NormalDensity n => new NormalDensity(n.Mean, n.Std * factor),
            UniformDensity u => new UniformDensity(u.A * factor, u.B * factor),
            SphereCoordinateDensity s => (ContinuousDensity)new SphereCoordinateDensity(s.Dimension, s.Radius * factor),
            var other => throw new InvalidOperationException($"unexpected {other}"),
        };
        var fit = GoodnessOfFit.Test(GalleryWriter.Draw(entry, 42), AnalyticDistribution.Of(wrong));
        fit.Passes.Should().BeFalse($"a {factor}× scale must show (χ² {fit.Statistic:F1} vs critical {fit.Critical:F1})");
    }

    [Fact]
    public void The_check_rejects_a_normal_draw_against_a_uniform_of_the_same_variance()
    {
        var entry = GalleryCatalog.All().Single(e => e.Spec == "he_normal");
        double bound = Math.Sqrt(3) * Math.Sqrt(2.0 / 784);
        GoodnessOfFit.Test(GalleryWriter.Draw(entry, 42), AnalyticDistribution.Of(new UniformDensity(-bound, bound))).Passes.Should().BeFalse();
    }

    [Fact]
    public void The_check_rejects_point_masses_at_the_wrong_value_or_share()
    {
        var identity = GalleryCatalog.All().Single(e => e.Spec == "identity");
        float[] sample = GalleryWriter.Draw(identity, 42);
        GoodnessOfFit.Test(sample, AnalyticDistribution.PointMasses(new Atom(1, 0.002), new Atom(0, 0.998))).Passes.Should().BeFalse("256 ones of 200,704 is a share of 0.001276");
        GoodnessOfFit.Test(sample, AnalyticDistribution.PointMasses(new Atom(0, 1))).Statistic.Should().Be(double.PositiveInfinity, "values off every atom have probability 0");
    }

    [Theory]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-3.0, 0.0013498980316301)]
    [InlineData(2.0, 0.9772498680518208)]
    [InlineData(-5.0, 2.866515718791939e-7)]
    public void The_normal_cdf_matches_the_table_to_a_relative_1e_6(double z, double expected)
    {
        // Standard-table values of Φ; the library's erfc behind the densities is accurate to double precision.
        new NormalDensity(0, 1).Cdf(z).Should().BeApproximately(expected, expected * 1e-6);
    }

    [Fact]
    public void Critical_values_match_the_chi_square_table_within_1_percent()
    {
        // χ²(0.999) quantiles from the standard table: df 10 → 29.588, 40 → 73.402, 100 → 149.449.
        GoodnessOfFit.Critical(10).Should().BeApproximately(29.588, 0.30);
        GoodnessOfFit.Critical(40).Should().BeApproximately(73.402, 0.73);
        GoodnessOfFit.Critical(100).Should().BeApproximately(149.449, 1.49);
    }

    [Fact]
    public void The_gallery_writes_a_page_and_one_svg_per_initializer()
    {
        string directory = Path.Combine(Path.GetTempPath(), "weightinit-gallery-" + Guid.NewGuid().ToString("N"));
        try
        {
            var items = GalleryWriter.Write(directory, 42);
            string page = File.ReadAllText(Path.Combine(directory, "index.md"));
            foreach (var item in items)
            {
                page.Should().Contain($"## {item.Entry.Spec}").And.Contain($"({item.Figure})");
                File.ReadAllText(Path.Combine(directory, item.Figure)).Should().StartWith("<?xml").And.Contain("<svg");
            }

            items.Should().OnlyContain(i => i.Fit.Passes);
            page.Should().NotContain("**NO**");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
