using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeightInit.Sweeps;

/// <summary>
/// A grid of experiment cells: depth × width × activation × initializer × seed, enumerated in one fixed
/// order so that any process computes the same cell list and the same <see cref="Fingerprint"/>.
/// </summary>
/// <param name="Depths">Numbers of hidden layers (e.g. 5 to 30, after He et al. 2015's deep plain nets).</param>
/// <param name="Widths">Hidden widths.</param>
/// <param name="Activations">Activation names (e.g. <c>relu</c>, <c>tanh</c>).</param>
/// <param name="Initializers">Initializer names as the CLI accepts them (e.g. <c>he</c>, <c>xavier</c>).</param>
/// <param name="Seeds">Seeds; every other combination is run once per seed.</param>
/// <param name="Settings">Everything else that changes results (epochs, batch size, data subset, …) as name/value text; part of the fingerprint.</param>
public sealed record SweepGrid(
    IReadOnlyList<int> Depths,
    IReadOnlyList<int> Widths,
    IReadOnlyList<string> Activations,
    IReadOnlyList<string> Initializers,
    IReadOnlyList<int> Seeds,
    IReadOnlyDictionary<string, string> Settings)
{
    private static readonly JsonSerializerOptions CanonicalJson = new() { WriteIndented = false };

    /// <summary>Checks that every axis is non-empty and every value sensible.</summary>
    /// <exception cref="ArgumentException">An axis is empty, a depth or width is not positive, or a name is blank or repeated.</exception>
    public SweepGrid Validate()
    {
        var problems = new List<string>();
        Check(problems, nameof(Depths), Depths, d => d > 0, "a positive number of hidden layers");
        Check(problems, nameof(Widths), Widths, w => w > 0, "a positive width");
        Check(problems, nameof(Activations), Activations, a => !string.IsNullOrWhiteSpace(a), "a non-blank name");
        Check(problems, nameof(Initializers), Initializers, i => !string.IsNullOrWhiteSpace(i), "a non-blank name");
        Check(problems, nameof(Seeds), Seeds, _ => true, "a seed");
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid sweep grid: " + string.Join("; ", problems));
        }

        return this;
    }

    /// <summary>The cells in canonical order: depth, then width, activation, initializer, seed (the last varies fastest).</summary>
    [JsonIgnore]
    public IReadOnlyList<SweepCell> Cells =>
        (from d in Depths
         from w in Widths
         from a in Activations
         from i in Initializers
         from s in Seeds
         select (d, w, a, i, s))
        .Select((c, index) => new SweepCell(index, c.d, c.w, c.a, c.i, c.s))
        .ToList();

    /// <summary>
    /// SHA-256 (first 16 hex digits) of the grid's canonical JSON: two processes agree on it exactly when they
    /// describe the same grid, so result files from a different grid are recognised and refused.
    /// </summary>
    [JsonIgnore]
    public string Fingerprint
    {
        get
        {
            var canonical = new
            {
                Depths,
                Widths,
                Activations,
                Initializers,
                Seeds,
                Settings = Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new[] { kv.Key, kv.Value }).ToList(),
            };
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(canonical, CanonicalJson)));
            return Convert.ToHexStringLower(hash)[..16];
        }
    }

    /// <summary>The cells shard <paramref name="shard"/> runs: those whose index ≡ shard index (mod count), which spreads depths evenly.</summary>
    public IReadOnlyList<SweepCell> CellsOf(ShardSpec shard) =>
        Cells.Where(c => c.Index % shard.Count == shard.Index).ToList();

    private static void Check<T>(List<string> problems, string axis, IReadOnlyList<T>? values, Func<T, bool> ok, string expected)
    {
        if (values is null || values.Count == 0)
        {
            problems.Add($"{axis} is empty (expected at least one value)");
            return;
        }

        var bad = values.Where(v => !ok(v)).ToList();
        if (bad.Count > 0)
        {
            problems.Add($"{axis} has {string.Join(", ", bad)} (expected {expected} each)");
        }

        var repeated = values.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            problems.Add($"{axis} repeats {string.Join(", ", repeated)}");
        }
    }
}

/// <summary>One cell of a <see cref="SweepGrid"/>.</summary>
/// <param name="Index">Position in the grid's canonical order.</param>
/// <param name="Depth">Hidden layers.</param>
/// <param name="Width">Hidden width.</param>
/// <param name="Activation">Activation name.</param>
/// <param name="Initializer">Initializer name.</param>
/// <param name="Seed">Seed.</param>
public sealed record SweepCell(int Index, int Depth, int Width, string Activation, string Initializer, int Seed)
{
    /// <summary>A stable, readable key, e.g. <c>d10-w256-relu-he-s42</c>.</summary>
    public string Key => $"d{Depth}-w{Width}-{Activation}-{Initializer}-s{Seed}";
}
