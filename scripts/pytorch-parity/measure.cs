#:project ../../src/WeightInit/WeightInit.csproj
// Compares WeightInit's tensors with whole tensors PyTorch wrote, element by element:
//   /usr/bin/python3 scripts/pytorch-parity/make_fixtures.py --out /tmp/nn_init.json --dump /tmp/parity-dump
//   dotnet run scripts/pytorch-parity/measure.cs -- /tmp/parity-dump
// Prints, per initializer spec and dtype, the share of identical elements, the largest absolute difference and, where the
// unit tests allow a tolerance (orthogonal, truncated normal), the largest difference in units of that tolerance, over
// every case of the dump (whole tensors); then the same for the issue's measurement (256×784, seed 42, float32).
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

if (args.Length != 1 || !File.Exists(Path.Combine(args[0], "manifest.json")))
{
    Console.Error.WriteLine("usage: dotnet run scripts/pytorch-parity/measure.cs -- DIR  (DIR written by make_fixtures.py --dump DIR)");
    return 2;
}

using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(args[0], "manifest.json")));
var root = manifest.RootElement;
Console.WriteLine($"against torch {root.GetProperty("torch_version")} ({root.GetProperty("torch_package")}, {root.GetProperty("cpu_capability")}, LAPACK {root.GetProperty("lapack")})");
var all = new SortedDictionary<string, (long Same, long Count, double MaxDiff, int Cases, double MaxUlps)>(StringComparer.Ordinal);
var headline = new List<(string Spec, long Same, long Count, double MaxDiff)>();
foreach (var entry in root.GetProperty("cases").EnumerateArray())
{
    using var scope = NewDisposeScope();
    var dtype = entry.GetProperty("dtype").GetString() == "float64" ? ScalarType.Float64 : ScalarType.Float32;
    using var generator = new Generator(entry.GetProperty("seed").GetUInt64());
    bool isHeadline = entry.GetProperty("name").GetString()!.Contains("[256, 784] float32 seed 42", StringComparison.Ordinal);
    foreach (var expected in entry.GetProperty("tensors").EnumerateArray())
    {
        string spec = expected.GetProperty("spec").GetString()!;
        long[] shape = [.. expected.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
        Fan? fan = expected.GetProperty("fan").ValueKind == JsonValueKind.Array
            ? Fan.FromInOut(expected.GetProperty("fan")[0].GetInt64(), expected.GetProperty("fan")[1].GetInt64())
            : null;
        var ours = Initializer.Parse(spec).Create(shape, generator, dtype, fan).to_type(ScalarType.Float64);
        var theirs = Load(Path.Combine(args[0], expected.GetProperty("file").GetString()!), dtype, shape).to_type(ScalarType.Float64);
        long same = ours.eq(theirs).sum().ToInt64();
        double maxDiff = ours.numel() == 0 ? 0 : (ours - theirs).abs().max().ToDouble();
        // The unit tests' tolerances, applied here to whole tensors (the tests see the first 64 values).
        double epsilon = dtype == ScalarType.Float64 ? Math.Pow(2, -52) : Math.Pow(2, -23);
        var init = Initializer.Parse(spec);
        Tensor? tolerance = init switch
        {
            Orthogonal o => full_like(theirs, o.Gain * Math.Max(shape[0], ours.numel() / Math.Max(1, shape[0])) * epsilon),
            TruncatedNormal t => TruncatedTolerance(theirs, t.Mean, t.Std, epsilon),
            _ => null,
        };
        double maxUlps = tolerance is null || ours.numel() == 0 ? double.NaN : (ours - theirs).abs_().div_(tolerance).max().ToDouble();
        string key = $"`{spec}` | {dtype.ToString().ToLowerInvariant()}";
        var sum = all.TryGetValue(key, out var found) ? found : (0, 0, 0.0, 0, double.NaN);
        double worst = double.IsNaN(sum.MaxUlps) ? maxUlps : double.IsNaN(maxUlps) ? sum.MaxUlps : Math.Max(sum.MaxUlps, maxUlps);
        all[key] = (sum.Same + same, sum.Count + ours.numel(), Math.Max(sum.MaxDiff, maxDiff), sum.Cases + 1, worst);
        if (isHeadline)
        {
            headline.Add((spec, same, ours.numel(), maxDiff));
        }
    }
}

Console.WriteLine();
Console.WriteLine("| spec | dtype | tensors | identical elements | max abs difference | max abs difference / test tolerance |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
foreach (var (key, s) in all)
{
    string ratio = double.IsNaN(s.MaxUlps) ? "— (bit for bit)" : s.MaxUlps.ToString("0.000", CultureInfo.InvariantCulture);
    Console.WriteLine($"| {key} | {s.Cases} | {Percent(s.Same, s.Count)} | {Diff(s.MaxDiff)} | {ratio} |");
}

Console.WriteLine();
Console.WriteLine("256×784, seed 42, float32 (the issue's measurement):");
Console.WriteLine("| spec | identical elements | max abs difference |");
Console.WriteLine("| --- | --- | --- |");
foreach (var (spec, same, count, maxDiff) in headline)
{
    Console.WriteLine($"| `{spec}` | {Percent(same, count)} | {Diff(maxDiff)} |");
}

return 0;

static Tensor Load(string path, ScalarType dtype, long[] shape)
{
    byte[] bytes = File.ReadAllBytes(path);
    return dtype == ScalarType.Float64
        ? tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray(), shape)
        : tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), shape).to_type(ScalarType.Float64);
}

// As PyTorchParityTests: 8ε(|x − μ| + |μ|) + 8ε·σ·√(π/2)·exp(z²), z = (x − μ)/(σ√2).
static Tensor TruncatedTolerance(Tensor x, double mean, double std, double epsilon)
{
    var deviation = (x - mean).abs_();
    var z = deviation / (std * Math.Sqrt(2.0));
    var conditioning = z.mul_(z).exp_().mul_(std * Math.Sqrt(Math.PI / 2.0));
    return deviation.add_(Math.Abs(mean)).add_(conditioning).mul_(8 * epsilon);
}

static string Percent(long same, long count) =>
    count == 0 ? "—" : (100.0 * same / count).ToString(same == count ? "0" : "0.0", CultureInfo.InvariantCulture) + " %";

static string Diff(double d) => d == 0 ? "0" : d.ToString("0.0e0", CultureInfo.InvariantCulture);
