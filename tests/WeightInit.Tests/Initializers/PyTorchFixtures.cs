using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Tests.Initializers;

/// <summary>
/// The golden tensors of <c>tests/fixtures/pytorch-nn-init/nn_init.json</c>, written by PyTorch itself
/// (<c>scripts/pytorch-parity/make_fixtures.py</c>) and embedded in this assembly, so no PyTorch is needed here.
/// </summary>
internal static class PyTorchFixtures
{
    private static readonly Lazy<Document> Loaded = new(Load);

    public static Document File => Loaded.Value;

    public static IReadOnlyDictionary<string, Case> ByName => Loaded.Value.ByName;

    /// <summary>The SHA-256 (lower-case hex) of a tensor's elements as little-endian bytes in row-major order.</summary>
    public static string Sha256(Tensor tensor)
    {
        using var contiguous = tensor.contiguous();
        byte[] bytes = tensor.dtype switch
        {
            ScalarType.Float32 => MemoryMarshal.AsBytes(contiguous.data<float>().ToArray().AsSpan()).ToArray(),
            ScalarType.Float64 => MemoryMarshal.AsBytes(contiguous.data<double>().ToArray().AsSpan()).ToArray(),
            _ => throw new ArgumentException($"fixtures hold float32 or float64 tensors; got {tensor.dtype}", nameof(tensor)),
        };
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the fixture hashes are over little-endian bytes");
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Our tensors for a case: one generator seeded like <c>torch.manual_seed(seed)</c>, each tensor in the case's order.</summary>
    public static List<Tensor> Create(Case fixture)
    {
        using var generator = new Generator((ulong)fixture.Seed);
        var tensors = new List<Tensor>();
        foreach (var expected in fixture.Tensors)
        {
            Fan? fan = expected.Fan is { Length: 2 } f ? Fan.FromInOut(f[0], f[1]) : null;
            tensors.Add(Initializer.Parse(expected.Spec).Create(expected.Shape, generator, fixture.Dtype, fan));
        }

        return tensors;
    }

    private static Document Load()
    {
        const string resource = "WeightInit.Tests.Fixtures.nn_init.json";
        using var stream = typeof(PyTorchFixtures).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing; see WeightInit.Tests.csproj");
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().Select(ReadCase).ToList();
        return new Document(
            root.GetProperty("torch_version").GetString()!,
            root.GetProperty("torch_package").GetString()!,
            [.. root.GetProperty("norm_cdf").EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble()))],
            cases,
            cases.ToDictionary(c => c.Name, StringComparer.Ordinal));
    }

    private static Case ReadCase(JsonElement c) => new(
        c.GetProperty("name").GetString()!,
        c.GetProperty("torch").GetString()!,
        c.GetProperty("seed").GetInt64(),
        c.GetProperty("dtype").GetString() switch
        {
            "float32" => ScalarType.Float32,
            "float64" => ScalarType.Float64,
            var other => throw new InvalidDataException($"fixture dtype must be float32 or float64; got '{other}'"),
        },
        [.. c.GetProperty("tensors").EnumerateArray().Select(ReadTensor)]);

    private static Expected ReadTensor(JsonElement t) => new(
        t.GetProperty("spec").GetString()!,
        [.. t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())],
        t.GetProperty("fan").ValueKind == JsonValueKind.Array ? [.. t.GetProperty("fan").EnumerateArray().Select(d => d.GetInt64())] : null,
        t.GetProperty("sha256").GetString()!,
        [.. t.GetProperty("first").EnumerateArray().Select(v => v.GetDouble())],
        t.TryGetProperty("erfinv_input", out var input) ? [.. input.GetProperty("first").EnumerateArray().Select(v => v.GetDouble())] : null);

    /// <summary>The fixture file: where it came from, trunc_normal_'s norm_cdf at some points (x, Φ(x)), and the cases.</summary>
    public sealed record Document(
        string TorchVersion, string TorchPackage, IReadOnlyList<(double X, double Cdf)> NormCdf, IReadOnlyList<Case> Cases, IReadOnlyDictionary<string, Case> ByName);

    /// <summary>One <c>torch.manual_seed(seed)</c> followed by the initialization of one or more tensors.</summary>
    public sealed record Case(string Name, string Torch, long Seed, ScalarType Dtype, IReadOnlyList<Expected> Tensors)
    {
        public override string ToString() => Name;
    }

    /// <summary>
    /// One tensor PyTorch filled: our spec for the same initializer, its shape and fans, its hash and first values; for
    /// <c>trunc_normal_</c> also the first values of the tensor it handed to <c>erfinv_</c> (its uniform draws).
    /// </summary>
    public sealed record Expected(string Spec, long[] Shape, long[]? Fan, string Sha256, double[] First, double[]? ErfinvInput)
    {
        public string Describe() =>
            $"{Spec} [{string.Join(", ", Shape)}]{(Fan is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" fan ({Fan[0]}, {Fan[1]})"))}";
    }
}
