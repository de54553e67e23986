using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>
/// Keras 3 semantics (keras/src/initializers/random_initializers.py): configs and identifiers, truncation, fans by
/// layout. Statistical checks use <see cref="SampleStatistics.Z"/> standard errors of the sample size drawn.
/// </summary>
public class KerasInitializersTests
{
    /// <summary>Keras' truncation bound in units of the target std: ±2 of the corrected std, 2 / 0.8796… ≈ 2.2737.</summary>
    private const double KerasBound = 2.0 / VarianceScaling.TruncationCorrection;

    [Fact]
    public void A_VarianceScaling_config_reads_into_our_VarianceScaling_with_its_values()
    {
        var keras = KerasInitializers.FromConfig(
            """{"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal", "seed": null}}""");

        keras.ClassName.Should().Be("VarianceScaling");
        keras.Layout.Should().Be(KernelLayout.Keras);
        keras.Seed.Should().BeNull();
        keras.Initializer.Should().BeOfType<VarianceScaling>().Which.Should().BeEquivalentTo(
            new { Scale = 2.0, Mode = FanMode.FanIn, Distribution = ScalingDistribution.TruncatedNormal });
        keras.Name.Should().Be("""{"class_name":"VarianceScaling","config":{"scale":2,"mode":"fan_in","distribution":"truncated_normal","seed":null}}""");
    }

    [Fact]
    public void Keras_normal_distribution_is_the_truncated_normal_with_variance_scale_over_fan_in()
    {
        // A Dense kernel [in, out] = [784, 256]: fan_in 784, so std = √(2/784).
        double std = Math.Sqrt(2.0 / 784);
        using var w = Draw("""{"class_name": "VarianceScaling", "config": {"scale": 2.0, "distribution": "normal"}}""", [784, 256], 11);
        var s = SampleStatistics.Of(w);

        // An untruncated normal puts 2.3 % of its values (≈ 4 600 of 200 704) beyond 2.2737 std: the bound catches it.
        Math.Max(-s.Min, s.Max).Should().BeLessThanOrEqualTo(KerasBound * std * (1 + 1e-12), "Keras truncates at ±2 corrected std");
        // Tolerance: Z standard errors of a sample variance; kurtosis 3 (a normal's) over-estimates the truncated
        // normal's (≈ 2.4), so the band is conservative.
        s.Variance.Should().BeApproximately(std * std, SampleStatistics.VarianceTolerance(std * std, 3.0, s.Count), "the 0.8796 correction restores variance scale/n");
        s.Mean.Should().BeApproximately(0, SampleStatistics.MeanTolerance(std, s.Count));

        using var same = Draw("""{"class_name": "VarianceScaling", "config": {"scale": 2.0, "distribution": "truncated_normal"}}""", [784, 256], 11);
        SampleStatistics.Bytes(same).Should().Equal(SampleStatistics.Bytes(w), "Keras reads 'normal' as 'truncated_normal'");
    }

    [Fact]
    public void Keras_untruncated_normal_is_the_plain_normal()
    {
        double std = Math.Sqrt(1.0 / 512);
        using var w = Draw("""{"class_name": "VarianceScaling", "config": {"mode": "fan_avg", "distribution": "untruncated_normal"}}""", [512, 512], 12);
        var s = SampleStatistics.Of(w);

        // P(|z| > 2.2737) = 2·Φ(−2.2737) for a normal, 0 for the truncated one; Z binomial standard errors.
        double p = 2 * SampleStatistics.Cdf(-KerasBound);
        using var beyond = w.abs().gt(KerasBound * std).sum();
        double fraction = beyond.ToDouble() / s.Count;
        fraction.Should().BeApproximately(p, SampleStatistics.Z * Math.Sqrt(p * (1 - p) / s.Count));
        s.Variance.Should().BeApproximately(std * std, SampleStatistics.VarianceTolerance(std * std, 3.0, s.Count));
        s.Kurtosis.Should().BeApproximately(3.0, s.NormalKurtosisTolerance);
    }

    [Theory]
    [InlineData("GlorotUniform", 1.0, FanMode.FanAvg, ScalingDistribution.Uniform)]
    [InlineData("GlorotNormal", 1.0, FanMode.FanAvg, ScalingDistribution.TruncatedNormal)]
    [InlineData("HeNormal", 2.0, FanMode.FanIn, ScalingDistribution.TruncatedNormal)]
    [InlineData("HeUniform", 2.0, FanMode.FanIn, ScalingDistribution.Uniform)]
    [InlineData("LecunNormal", 1.0, FanMode.FanIn, ScalingDistribution.TruncatedNormal)]
    [InlineData("LecunUniform", 1.0, FanMode.FanIn, ScalingDistribution.Uniform)]
    public void Keras_presets_are_VarianceScaling_with_Keras_scale_mode_and_distribution(string className, double scale, FanMode mode, ScalingDistribution distribution)
    {
        var keras = KerasInitializers.FromConfig("{\"class_name\": \"" + className + "\", \"config\": {\"seed\": null}}");
        keras.Initializer.Should().BeOfType<VarianceScaling>().Which.Should().BeEquivalentTo(new { Scale = scale, Mode = mode, Distribution = distribution });
    }

    [Fact]
    public void The_layout_decides_which_dimension_is_fan_in()
    {
        // The same [256, 784] tensor: Keras reads it as [in, out] (fan_in 256), PyTorch as [out, in] (fan_in 784).
        const string he = "\"he_normal\"";
        foreach (var (layout, fanIn) in new[] { (KernelLayout.Keras, 256.0), (KernelLayout.PyTorch, 784.0) })
        {
            using var w = Draw(he, [256, 784], 13, layout);
            var s = SampleStatistics.Of(w);
            double variance = 2.0 / fanIn;
            s.Variance.Should().BeApproximately(variance, SampleStatistics.VarianceTolerance(variance, 3.0, s.Count), $"{layout} layout has fan_in {fanIn}");
        }
    }

    [Fact]
    public void A_Keras_conv_kernel_takes_its_fans_from_the_last_two_axes_times_the_receptive_field()
    {
        // [3, 3, 16, 32]: fan_in 3·3·16 = 144, fan_out 3·3·32 = 288; GlorotUniform limit √(6 / 432).
        KerasInitializers.ComputeFans(3, 3, 16, 32).Should().Be(new Fan(144, 288));
        double limit = Math.Sqrt(6.0 / 432);
        using var w = Draw("""{"class_name": "GlorotUniform", "config": {}}""", [3, 3, 16, 32], 14);
        var s = SampleStatistics.Of(w);
        s.Min.Should().BeGreaterThanOrEqualTo(-limit);
        s.Max.Should().BeLessThanOrEqualTo(limit);
        double variance = limit * limit / 3;
        s.Variance.Should().BeApproximately(variance, SampleStatistics.VarianceTolerance(variance, 1.8, s.Count), "uniform on ±limit has variance limit²/3");
    }

    [Theory]
    [InlineData(new long[] { }, 1, 1)]
    [InlineData(new long[] { 5 }, 5, 5)]
    [InlineData(new long[] { 784, 256 }, 784, 256)]
    [InlineData(new long[] { 0, 3 }, 1, 3)]
    [InlineData(new long[] { 5, 4, 2 }, 20, 10)]
    public void Keras_compute_fans_by_rank(long[] shape, long fanIn, long fanOut)
    {
        KerasInitializers.ComputeFans(shape).Should().Be(new Fan(fanIn, fanOut));
    }

    [Fact]
    public void Keras_TruncatedNormal_truncates_at_two_stddev_around_the_mean_without_correction()
    {
        using var w = Draw("""{"class_name": "TruncatedNormal", "config": {"mean": 1.0, "stddev": 0.5, "seed": null}}""", [400, 500], 15);
        var s = SampleStatistics.Of(w);
        s.Min.Should().BeGreaterThanOrEqualTo(0.0);
        s.Max.Should().BeLessThanOrEqualTo(2.0);
        double std = 0.5 * VarianceScaling.TruncationCorrection;
        s.Mean.Should().BeApproximately(1.0, SampleStatistics.MeanTolerance(std, s.Count));
        s.Variance.Should().BeApproximately(std * std, SampleStatistics.VarianceTolerance(std * std, 3.0, s.Count), "a ±2σ truncation keeps std 0.8796·σ");
    }

    [Fact]
    public void Keras_defaults_and_identifiers_map_to_our_initializers()
    {
        KerasInitializers.FromConfig("\"random_uniform\"").Initializer.Should().BeOfType<Uniform>().Which.Should().BeEquivalentTo(new { A = -0.05, B = 0.05 });
        KerasInitializers.FromConfig("\"normal\"").Initializer.Should().BeOfType<Normal>().Which.Should().BeEquivalentTo(new { Mean = 0.0, Std = 0.05 });
        KerasInitializers.FromConfig("\"uniform\"").ClassName.Should().Be("RandomUniform");
        KerasInitializers.FromConfig("\"zero\"").Initializer.Should().BeOfType<Zeros>();
        KerasInitializers.FromConfig("\"one\"").Initializer.Should().BeOfType<Ones>();
        KerasInitializers.FromConfig("""{"class_name": "Constant", "config": {"value": 0.3}}""").Initializer.Should().BeOfType<Constant>().Which.Value.Should().Be(0.3);
        KerasInitializers.FromConfig("\"OrthogonalInitializer\"").Initializer.Should().BeOfType<Orthogonal>().Which.Gain.Should().Be(1.0);
        KerasInitializers.FromConfig("""{"module": "keras.initializers", "class_name": "Identity", "config": {"gain": 2.0}, "registered_name": null}""")
            .Initializer.Should().BeOfType<Identity>().Which.Gain.Should().Be(2.0);
        KerasInitializers.ClassNames.Should().BeEquivalentTo(
            ["VarianceScaling", "GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform", "Orthogonal",
             "RandomNormal", "RandomUniform", "TruncatedNormal", "Zeros", "Ones", "Constant", "Identity"]);
    }

    [Fact]
    public void Keras_Orthogonal_flattens_a_conv_kernel_to_last_axis_columns()
    {
        // [3, 3, 16, 32] → [144, 32]: 32 orthonormal columns times gain, so WᵀW = gain²·I.
        using var w = Draw("""{"class_name": "Orthogonal", "config": {"gain": 2.0}}""", [3, 3, 16, 32], 16);
        using var matrix = w.reshape(144, 32);
        using var gram = matrix.t().mm(matrix);
        using var expected = eye(32, dtype: ScalarType.Float64).mul_(4.0);
        (gram - expected).abs().max().ToDouble().Should().BeLessThan(1e-10);
    }

    [Fact]
    public void A_config_seed_gives_the_same_values_whatever_generator_is_passed()
    {
        var keras = KerasInitializers.FromConfig("""{"class_name": "HeUniform", "config": {"seed": 42}}""");
        keras.Seed.Should().Be(42);
        using var a = zeros(64, 32, ScalarType.Float64);
        using var b = zeros(64, 32, ScalarType.Float64);
        using var g1 = new Generator(1);
        using var g2 = new Generator(2);
        keras.Fill(a, g1);
        keras.Fill(b, g2);
        SampleStatistics.Bytes(a).Should().Equal(SampleStatistics.Bytes(b));
        using var unseeded = Draw("\"he_uniform\"", [64, 32], 1);
        SampleStatistics.Bytes(unseeded).Should().NotEqual(SampleStatistics.Bytes(a), "without a seed the passed generator is used");
    }

    [Theory]
    [InlineData("""{"class_name": "VarianceScaling", "config": {"scale": 0.5, "mode": "fan_out", "distribution": "untruncated_normal", "seed": 7}}""")]
    [InlineData("""{"class_name": "VarianceScaling", "config": {"scale": 3.0, "mode": "fan_avg", "distribution": "uniform"}}""")]
    [InlineData("""{"class_name": "RandomNormal", "config": {"mean": 0.5, "stddev": 0.2}}""")]
    [InlineData("""{"class_name": "RandomUniform", "config": {"minval": -1, "maxval": 2, "seed": 3}}""")]
    [InlineData("""{"class_name": "TruncatedNormal", "config": {"mean": -0.5, "stddev": 0.7}}""")]
    [InlineData("""{"class_name": "Constant", "config": {"value": 1.25}}""")]
    [InlineData("""{"class_name": "Identity", "config": {"gain": 0.5}}""")]
    [InlineData("""{"class_name": "Orthogonal", "config": {"gain": 1.5, "seed": 9}}""")]
    [InlineData("""{"class_name": "HeNormal", "config": {"seed": 5}}""")]
    [InlineData("\"zeros\"")]
    public void A_Keras_config_reads_back_from_its_name_with_the_same_parameters(string json)
    {
        var keras = KerasInitializers.FromConfig(json, KernelLayout.PyTorch);
        var again = KerasInitializers.FromConfig(keras.Name, KernelLayout.PyTorch);
        InitializerParameters.Of(again).Should().Be(InitializerParameters.Of(keras));
        again.Name.Should().Be(keras.Name);
    }

    [Theory]
    [InlineData("""{"class_name": "HeNormall"}""", "'HeNormall'")]
    [InlineData("\"he-normal\"", "'he-normal'")]
    [InlineData("""{"config": {}}""", "missing class_name")]
    [InlineData("""{"class_name": "VarianceScaling", "config": {"mode": "fan_middle"}}""", "'fan_middle'", "fan_in, fan_out, fan_avg")]
    [InlineData("""{"class_name": "VarianceScaling", "config": {"mode": "FAN_IN"}}""", "'FAN_IN'", "fan_in, fan_out, fan_avg")]
    [InlineData("""{"class_name": "VarianceScaling", "config": {"distribution": "cauchy"}}""", "'cauchy'", "untruncated_normal")]
    [InlineData("""{"class_name": "VarianceScaling", "config": {"scale": -1}}""", "-1", "> 0")]
    [InlineData("""{"class_name": "HeNormal", "config": {"scale": 2}}""", "'scale'", "seed")]
    [InlineData("""{"class_name": "RandomNormal", "config": {"stddev": "abc"}}""", "\"abc\"", "a number")]
    [InlineData("""{"class_name": "RandomUniform", "config": {"minval": 1, "maxval": 0}}""", "a = 1 > b = 0")]
    [InlineData("""{"class_name": "TruncatedNormal", "config": {"stddev": 0}}""", "stddev", "> 0")]
    [InlineData("""{"class_name": "HeUniform", "config": {"seed": -3}}""", "-3", "integer ≥ 0")]
    [InlineData("""{"class_name": "Zeros", "config": {"seed": 1}}""", "'seed'", "no keys")]
    [InlineData("""{"class_name": "Ones", "klass": 1}""", "'klass'", "class_name, config")]
    [InlineData("""{"class_name": "Ones", "config": [1]}""", "[1]", "must be an object")]
    [InlineData("{class_name:", "not valid JSON")]
    [InlineData("42", "Number", "class_name")]
    public void A_bad_Keras_config_is_rejected_repeating_the_bad_value_and_saying_what_was_expected(string json, string echoed, string? expected = null)
    {
        var thrown = FluentActions.Invoking(() => KerasInitializers.FromConfig(json)).Should().Throw<ArgumentException>().Which;
        thrown.ParamName.Should().Be("json");
        thrown.Message.Should().Contain(echoed).And.Contain(json);
        if (expected is not null)
        {
            thrown.Message.Should().Contain(expected);
        }
    }

    [Fact]
    public void An_unknown_Keras_class_lists_every_accepted_identifier()
    {
        var thrown = FluentActions.Invoking(() => KerasInitializers.FromConfig("\"xavier\"")).Should().Throw<ArgumentException>().Which;
        foreach (string name in KerasInitializers.Identifiers)
        {
            thrown.Message.Should().Contain(name);
        }

        KerasInitializers.Identifiers.Should().Contain(["GlorotUniform", "glorot_uniform", "he_normal", "variance_scaling", "random_normal", "truncated_normal"]);
    }

    private static Tensor Draw(string json, long[] shape, ulong seed, KernelLayout layout = KernelLayout.Keras)
    {
        var w = empty(shape, ScalarType.Float64);
        using var generator = new Generator(seed);
        KerasInitializers.FromConfig(json, layout).Fill(w, generator);
        return w;
    }
}
