using System.Text;
using System.Text.Json;

namespace WeightInit.Initializers;

/// <summary>
/// Keras 3 initializers by config or identifier (what <c>keras.initializers.get</c> and <c>deserialize</c> accept), with
/// Keras' semantics; see <see cref="KerasInitializer"/> for what those are and how they differ from PyTorch's.
/// </summary>
/// <remarks>
/// Accepted: a config object <c>{"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in",
/// "distribution": "truncated_normal", "seed": null}}</c> (<c>module</c> and <c>registered_name</c> keys are allowed and
/// ignored; a missing <c>config</c> means Keras' defaults), or a JSON string identifier such as <c>"he_normal"</c>.
/// Names are case-sensitive as in Keras: the class names of <see cref="ClassNames"/>, their snake_case forms, and Keras'
/// aliases <c>uniform</c>, <c>normal</c>, <c>one</c>, <c>zero</c>, <c>OrthogonalInitializer</c>. Config keys and defaults are
/// Keras': <c>VarianceScaling(scale=1, mode=fan_in, distribution=truncated_normal)</c> with modes fan_in, fan_out, fan_avg
/// and distributions truncated_normal, normal (= truncated_normal), untruncated_normal, uniform;
/// <c>RandomNormal(mean=0, stddev=0.05)</c>, <c>RandomUniform(minval=−0.05, maxval=0.05)</c>,
/// <c>TruncatedNormal(mean=0, stddev=0.05)</c>, <c>Constant(value=0)</c>, <c>Identity(gain=1)</c>, <c>Orthogonal(gain=1)</c>;
/// the random ones also take <c>seed</c> (null or an integer ≥ 0).
/// </remarks>
public static class KerasInitializers
{
    private static readonly KerasClass[] Classes =
    [
        new("VarianceScaling", true, ["scale", "mode", "distribution"], c => new VarianceScaling(c.Number("scale", 1.0), c.Mode(), c.Distribution())),
        Preset("GlorotUniform", 1.0, FanMode.FanAvg, ScalingDistribution.Uniform),
        Preset("GlorotNormal", 1.0, FanMode.FanAvg, ScalingDistribution.TruncatedNormal),
        Preset("HeNormal", 2.0, FanMode.FanIn, ScalingDistribution.TruncatedNormal),
        Preset("HeUniform", 2.0, FanMode.FanIn, ScalingDistribution.Uniform),
        Preset("LecunNormal", 1.0, FanMode.FanIn, ScalingDistribution.TruncatedNormal),
        Preset("LecunUniform", 1.0, FanMode.FanIn, ScalingDistribution.Uniform),
        new("Orthogonal", true, ["gain"], c => new Orthogonal(c.Number("gain", 1.0))),
        new("RandomNormal", true, ["mean", "stddev"], c => new Normal(c.Number("mean", 0.0), c.Number("stddev", 0.05))),
        new("RandomUniform", true, ["minval", "maxval"], c => new Uniform(c.Number("minval", -0.05), c.Number("maxval", 0.05))),
        new("TruncatedNormal", true, ["mean", "stddev"], c => KerasTruncatedNormal(c.Number("mean", 0.0), c.Number("stddev", 0.05))),
        new("Zeros", false, [], _ => new Zeros()),
        new("Ones", false, [], _ => new Ones()),
        new("Constant", false, ["value"], c => new Constant(c.Number("value", 0.0))),
        new("Identity", false, ["gain"], c => new Identity(c.Number("gain", 1.0))),
    ];

    private static readonly Dictionary<string, KerasClass> ByName = BuildNames();

    /// <summary>The Keras class names this reads, e.g. <c>VarianceScaling</c>, <c>GlorotUniform</c>, <c>HeNormal</c>.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = [.. Classes.Select(c => c.Name)];

    /// <summary>Every identifier accepted as a class name: the class names, their snake_case forms and Keras' aliases.</summary>
    public static IReadOnlyList<string> Identifiers { get; } = [.. ByName.Keys];

    /// <summary>Reads a Keras initializer config or identifier (see the remarks of <see cref="KerasInitializers"/>).</summary>
    /// <param name="json">A config object, e.g. <c>{"class_name": "HeNormal", "config": {"seed": null}}</c>, or a JSON string such as <c>"glorot_uniform"</c>.</param>
    /// <param name="layout">How the tensors to fill store their dimensions: Keras' <c>[in, out]</c> or PyTorch's <c>[out, in]</c>.</param>
    /// <returns>The initializer.</returns>
    /// <exception cref="ArgumentException">
    /// Invalid JSON; an unknown class name (the message lists <see cref="Identifiers"/>); an unknown config key (the message
    /// lists the class's keys); a value of the wrong type or out of range (e.g. <c>scale</c> ≤ 0, an unknown <c>mode</c> or
    /// <c>distribution</c>, <c>minval</c> &gt; <c>maxval</c>). The message repeats the bad value and says what was expected.
    /// </exception>
    public static KerasInitializer FromConfig(string json, KernelLayout layout = KernelLayout.Keras)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!Enum.IsDefined(layout))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, $"unknown layout {(int)layout}; expected one of {string.Join(", ", Enum.GetNames<KernelLayout>())}");
        }

        using var document = Parse(json);
        var (kerasClass, config) = ClassAndConfig(json, document.RootElement);
        var reader = new KerasConfigReader(json, kerasClass.Name, kerasClass.Random, kerasClass.Keys, config);
        try
        {
            var initializer = kerasClass.Create(reader);
            long? seed = kerasClass.Random ? reader.Seed() : null;
            return new KerasInitializer(kerasClass.Name, initializer, layout, seed, reader.Canonical(seed));
        }
        catch (ArgumentException ex) when (ex.ParamName != nameof(json))
        {
            throw new ArgumentException($"Keras {kerasClass.Name} config in '{json}': {ex.Message}", nameof(json), ex);
        }
    }

    /// <summary>
    /// Keras 3's <c>compute_fans</c>: rank 0 → (1, 1); rank 1 → (n, n); <c>[in, out]</c> → (in, out); a convolution kernel
    /// <c>[k₁, …, in, out]</c> → (in·k₁·…, out·k₁·…). A fan of 0 (an empty dimension) counts as 1, as Keras divides by
    /// <c>max(1, n)</c>.
    /// </summary>
    /// <param name="shape">The kernel's shape in Keras' layout.</param>
    /// <returns>The fans.</returns>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public static Fan ComputeFans(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0))
        {
            throw new ArgumentException($"dimensions must be ≥ 0; got [{string.Join(", ", shape)}]", nameof(shape));
        }

        (long fanIn, long fanOut) = shape.Length switch
        {
            0 => (1L, 1L),
            1 => (shape[0], shape[0]),
            _ => (shape[^2] * Receptive(shape), shape[^1] * Receptive(shape)),
        };
        return new Fan(Math.Max(1, fanIn), Math.Max(1, fanOut));
    }

    private static long Receptive(long[] shape) => shape[..^2].Aggregate(1L, (product, d) => product * d);

    private static KerasClass Preset(string name, double scale, FanMode mode, ScalingDistribution distribution) =>
        new(name, true, [], _ => new VarianceScaling(scale, mode, distribution));

    private static TruncatedNormal KerasTruncatedNormal(double mean, double stddev)
    {
        Guard.Positive(stddev, nameof(stddev));
        return new TruncatedNormal(mean, stddev, mean - (2.0 * stddev), mean + (2.0 * stddev));
    }

    private static Dictionary<string, KerasClass> BuildNames()
    {
        var names = new Dictionary<string, KerasClass>(StringComparer.Ordinal);
        foreach (var kerasClass in Classes)
        {
            names[kerasClass.Name] = kerasClass;
            names[SnakeCase(kerasClass.Name)] = kerasClass;
        }

        var byName = Classes.ToDictionary(c => c.Name);
        names["uniform"] = byName["RandomUniform"];
        names["normal"] = byName["RandomNormal"];
        names["one"] = byName["Ones"];
        names["zero"] = byName["Zeros"];
        names["OrthogonalInitializer"] = byName["Orthogonal"];
        return names;
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        foreach (char c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException(
                $"not a Keras initializer config: '{json}' is not valid JSON ({ex.Message}); expected e.g. {{\"class_name\": \"HeNormal\", \"config\": {{\"seed\": null}}}} or \"he_normal\"",
                nameof(json),
                ex);
        }
    }

    private static (KerasClass Class, JsonElement? Config) ClassAndConfig(string json, JsonElement root)
    {
        string? className;
        JsonElement? config = null;
        if (root.ValueKind == JsonValueKind.String)
        {
            className = root.GetString();
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("class_name" or "config" or "module" or "registered_name"))
                {
                    throw new ArgumentException(
                        $"Keras initializer config '{json}' has an unknown key '{property.Name}'; expected class_name, config, module, registered_name", nameof(json));
                }
            }

            className = root.TryGetProperty("class_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            if (root.TryGetProperty("config", out var value) && value.ValueKind != JsonValueKind.Null)
            {
                config = value.ValueKind == JsonValueKind.Object
                    ? value
                    : throw new ArgumentException($"Keras initializer config '{json}': \"config\" must be an object; got {value.GetRawText()}", nameof(json));
            }
        }
        else
        {
            throw new ArgumentException(
                $"Keras initializer config '{json}' must be a JSON object with class_name and config, or a string identifier; got a {root.ValueKind}", nameof(json));
        }

        if (className is null || !ByName.TryGetValue(className, out var kerasClass))
        {
            throw new ArgumentException(
                $"unknown Keras initializer class '{className ?? "(missing class_name)"}' in '{json}'; expected one of {string.Join(", ", Identifiers)} (case-sensitive, as in Keras)",
                nameof(json));
        }

        return (kerasClass, config);
    }

    private sealed record KerasClass(string Name, bool Random, string[] Keys, Func<KerasConfigReader, IInitializer> Create);
}
