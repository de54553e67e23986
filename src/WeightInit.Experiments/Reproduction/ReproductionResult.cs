using System.Text.Json.Serialization;
using WeightInit.Data;
using WeightInit.Experimenting;

namespace WeightInit.Experiments.Reproduction;

/// <summary>Q5.1: the statistics of one <c>initialize_weights((784, 256), method)</c> sample beside the formula's.</summary>
/// <param name="Method">The document's method name.</param>
/// <param name="Mean">Sample mean.</param>
/// <param name="Std">Sample standard deviation.</param>
/// <param name="ExpectedStd">The formula's standard deviation.</param>
public sealed record InitializationSample(string Method, double Mean, double Std, double ExpectedStd);

/// <summary>Mean-field prediction (Poole et al. 2016) of one initialization's activation std per hidden layer.</summary>
/// <param name="Initialization">Scheme name.</param>
/// <param name="Seed">The seed whose initial weights gave the per-layer weight variances.</param>
/// <param name="ActivationStd">Predicted std of each hidden layer's activation.</param>
public sealed record MeanFieldPrediction(string Initialization, long Seed, IReadOnlyList<double> ActivationStd);

/// <summary>One reproduced experiment: its plan, the engine's result and, for Q5 models, the mean-field predictions.</summary>
/// <param name="Id">The plan's id.</param>
/// <param name="Title">The plan's title.</param>
/// <param name="Section">Document section.</param>
/// <param name="Scaling">Input scaling.</param>
/// <param name="Result">Everything the engine measured.</param>
/// <param name="MeanField">Predicted activation std per layer, one entry per scheme.</param>
public sealed record ReproducedExperiment(
    string Id,
    string Title,
    string Section,
    PixelScaling Scaling,
    ExperimentResult Result,
    IReadOnlyList<MeanFieldPrediction> MeanField);

/// <summary>Where, with what and how long: the facts a report needs to be repeatable.</summary>
/// <param name="Dataset">Data set name.</param>
/// <param name="DataSource">Which source supplied the files.</param>
/// <param name="TrainCount">Training images used.</param>
/// <param name="TestCount">Test images used.</param>
/// <param name="TestMajorityShare">Share of the most frequent class in the test images used (0.1135 for MNIST's full test set).</param>
/// <param name="Quick">Whether this was a quick run.</param>
/// <param name="Seeds">The seeds.</param>
/// <param name="Threads">libtorch threads per run.</param>
/// <param name="Parallel">Runs at once.</param>
/// <param name="WeightInitVersion">Library version.</param>
/// <param name="TorchSharpVersion">TorchSharp version.</param>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="Machine">OS and processor count.</param>
/// <param name="StartedUtc">Start time.</param>
/// <param name="WallSeconds">Total wall time.</param>
/// <param name="Mkl">Which oneMKL code path the matrix products took, and why (absent in results.json files written before it was recorded).</param>
public sealed record ReproductionEnvironment(
    string Dataset,
    string DataSource,
    long TrainCount,
    long TestCount,
    double TestMajorityShare,
    bool Quick,
    IReadOnlyList<long> Seeds,
    int Threads,
    int Parallel,
    string WeightInitVersion,
    string TorchSharpVersion,
    string Runtime,
    string Machine,
    DateTimeOffset StartedUtc,
    double WallSeconds,
    MklCodePath? Mkl);

/// <summary>
/// Which oneMKL code path this run's matrix products took: different kernels round differently, so two machines (or
/// one machine with and without the override) agree only to the last digits. See <see cref="WeightInit.Native.TorchSharpNative.MklVendorOverride"/>.
/// </summary>
/// <param name="VendorOverride">Whether the AMD vendor override was applied, and otherwise why not.</param>
/// <param name="Reason">The bootstrap's one-sentence explanation.</param>
/// <param name="CpuVendor">CPUID vendor string.</param>
/// <param name="CpuModel">CPUID brand string.</param>
/// <param name="DispatchCode">MKL's own code-path number (<c>mkl_serv_cpu_detect()</c>; 0 is its generic path), or <see langword="null"/> when it could not be read.</param>
public sealed record MklCodePath(WeightInit.Native.MklVendorOverrideState VendorOverride, string Reason, string CpuVendor, string CpuModel, int? DispatchCode)
{
    /// <summary>What the bootstrap did in this process, with MKL's code-path number read now (after libtorch is loaded).</summary>
    public static MklCodePath Current()
    {
        WeightInit.Native.TorchSharpNative.TryEnsureLoaded();
        var status = WeightInit.Native.TorchSharpNative.MklVendorOverride!;
        return new(status.State, status.Message, status.CpuVendor, status.CpuModel, WeightInit.Native.TorchSharpNative.MklDispatchCode());
    }

    /// <summary>One line for a report: <c>MKL vendor override on (Applied) on AMD EPYC … (AuthenticAMD); MKL code path (mkl_serv_cpu_detect) 7</c>.</summary>
    public string Describe() =>
        $"MKL vendor override {(VendorOverride == WeightInit.Native.MklVendorOverrideState.Applied ? "on" : "off")} ({VendorOverride}) " +
        $"on {(CpuModel.Length > 0 ? CpuModel : "an unnamed CPU")} ({(CpuVendor.Length > 0 ? CpuVendor : "no CPUID")}); " +
        $"MKL code path (mkl_serv_cpu_detect) {(DispatchCode is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown")}";
}

/// <summary>Everything <c>reproduce</c> measured: serialized to results.json, rendered to report.md and figures.</summary>
/// <param name="SchemaVersion">results.json format version (<see cref="CurrentSchemaVersion"/>).</param>
/// <param name="Environment">Run facts.</param>
/// <param name="InitializationSamples">Q5.1.</param>
/// <param name="InputSecondMoment">Mean of x² over the Q5.2 statistics batch (the mean-field q₀).</param>
/// <param name="Experiments">Q5.2–Q5.4 and the notebook, in plan order.</param>
/// <param name="IsPartial">True when the run was cancelled or a part failed: what is here is real but incomplete.</param>
public sealed record ReproductionResult(
    int SchemaVersion,
    ReproductionEnvironment Environment,
    IReadOnlyList<InitializationSample> InitializationSamples,
    double InputSecondMoment,
    IReadOnlyList<ReproducedExperiment> Experiments,
    bool IsPartial)
{
    /// <summary>The results.json schema version written by this build.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The 4×8 sample images of the statistics batch (figure only; not serialized).</summary>
    [JsonIgnore]
    public IReadOnlyList<(int Label, float[] Pixels)> SampleImages { get; init; } = [];

    /// <summary>Q5.3 against the documents' printed numbers when the run was <c>--exact</c> (and not quick); otherwise null.</summary>
    public ExactComparison? Exact { get; init; }

    /// <summary>The experiment with <paramref name="id"/>, if it ran.</summary>
    public ReproducedExperiment? Find(string id) => Experiments.FirstOrDefault(e => e.Id == id);
}
