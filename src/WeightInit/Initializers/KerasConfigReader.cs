using System.Text;
using System.Text.Json;

namespace WeightInit.Initializers;

/// <summary>
/// Reads one Keras initializer's <c>config</c> object: checks its keys, gives typed values with Keras' defaults and
/// remembers them (in canonical form) to write the config back.
/// </summary>
internal sealed class KerasConfigReader
{
    private static readonly (string Token, FanMode Mode)[] Modes =
        [("fan_in", FanMode.FanIn), ("fan_out", FanMode.FanOut), ("fan_avg", FanMode.FanAvg)];

    // Keras lower-cases the distribution and reads "normal" as "truncated_normal".
    private static readonly (string Token, ScalingDistribution Distribution)[] Distributions =
        [("truncated_normal", ScalingDistribution.TruncatedNormal), ("normal", ScalingDistribution.TruncatedNormal),
         ("untruncated_normal", ScalingDistribution.Normal), ("uniform", ScalingDistribution.Uniform)];

    private readonly string json;
    private readonly string className;
    private readonly JsonElement? config;
    private readonly bool random;
    private readonly List<(string Key, object Value)> read = [];

    public KerasConfigReader(string json, string className, bool random, string[] keys, JsonElement? config)
    {
        this.json = json;
        this.className = className;
        this.config = config;
        this.random = random;
        string[] allowed = random ? [.. keys, "seed"] : keys;
        foreach (var property in config?.EnumerateObject() ?? default)
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                string expected = allowed.Length == 0 ? "no keys" : string.Join(", ", allowed);
                throw new ArgumentException($"Keras {className} config in '{json}' has an unknown key '{property.Name}'; {className} takes {expected}", nameof(json));
            }
        }
    }

    public double Number(string key, double defaultValue)
    {
        double value = defaultValue;
        if (Value(key) is { } element)
        {
            value = element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out double number)
                ? number
                : throw Bad(key, element, "a number");
        }

        read.Add((key, value));
        return value;
    }

    public FanMode Mode() => Token("mode", "fan_in", Modes);

    public ScalingDistribution Distribution() => Token("distribution", "truncated_normal", Distributions);

    public long? Seed()
    {
        if (Value("seed") is not { } element)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long seed) && seed >= 0
            ? seed
            : throw Bad("seed", element, "null or an integer ≥ 0 (a SeedGenerator config cannot be read here)");
    }

    /// <summary>The config as Keras writes it, every parameter spelled out, as compact JSON.</summary>
    public string Canonical(long? seed)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("class_name", className);
            writer.WriteStartObject("config");
            foreach (var (key, value) in read)
            {
                if (value is double number)
                {
                    writer.WriteNumber(key, number);
                }
                else
                {
                    writer.WriteString(key, (string)value);
                }
            }

            if (seed is { } s)
            {
                writer.WriteNumber("seed", s);
            }
            else if (random)
            {
                writer.WriteNull("seed");
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private T Token<T>(string key, string defaultToken, (string Token, T Value)[] candidates)
    {
        string token = defaultToken;
        if (Value(key) is { } element)
        {
            token = element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Bad(key, element, "a string");
        }

        string lookup = key == "distribution" ? token.ToLowerInvariant() : token;
        foreach (var (candidate, value) in candidates)
        {
            if (candidate == lookup)
            {
                // Canonical form: the first token of the candidates that maps to the same value.
                read.Add((key, candidates.First(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Token));
                return value;
            }
        }

        throw new ArgumentException(
            $"Keras {className} config in '{json}': unknown {key} '{token}'; expected one of {string.Join(", ", candidates.Select(c => c.Token))}", nameof(json));
    }

    private JsonElement? Value(string key) =>
        config is { } c && c.TryGetProperty(key, out var element) && element.ValueKind != JsonValueKind.Null ? element : null;

    private ArgumentException Bad(string key, JsonElement element, string expected) =>
        new($"Keras {className} config in '{json}': {key} must be {expected}; got {element.GetRawText()}", nameof(json));
}
