using System.Text.Json;
using System.Text.Json.Serialization;
using WeightInit.Internal;

namespace WeightInit.Experimenting;

/// <summary>The result file was written by an unknown schema version, or is not an experiment result.</summary>
public sealed class ResultSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResultSchemaException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>
/// JSON form of <see cref="ExperimentResult"/>: camelCase, indented, enums as strings, NaN/∞ as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> (diverged losses), doubles in shortest round-trip form — so
/// <c>Serialize(Deserialize(json)) == json</c>.
/// </summary>
public static class ResultJson
{
    /// <summary>The serializer options used.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serializes a result.</summary>
    public static string Serialize(ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, Options);
    }

    /// <summary>Reads a result.</summary>
    /// <exception cref="ResultSchemaException">The text is not a result, or its <c>schemaVersion</c> is not <see cref="ExperimentResult.CurrentSchemaVersion"/>.</exception>
    public static ExperimentResult Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        int version;
        try
        {
            using var document = JsonDocument.Parse(json);
            version = document.RootElement.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out int parsed) ? parsed : -1;
        }
        catch (JsonException e)
        {
            throw new ResultSchemaException($"not a JSON experiment result: {e.Message}", e);
        }

        if (version != ExperimentResult.CurrentSchemaVersion)
        {
            throw new ResultSchemaException($"experiment result schema version {(version < 0 ? "missing" : version.ToString(System.Globalization.CultureInfo.InvariantCulture))}; this library reads version {ExperimentResult.CurrentSchemaVersion}");
        }

        try
        {
            return JsonSerializer.Deserialize<ExperimentResult>(json, Options)
                ?? throw new ResultSchemaException("the JSON text is null, not an experiment result");
        }
        catch (JsonException e)
        {
            throw new ResultSchemaException($"malformed experiment result: {e.Message}", e);
        }
    }

    /// <summary>Writes a result to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Save(ExperimentResult result, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllText(path, Serialize(result));
    }

    /// <summary>Reads a result file.</summary>
    /// <exception cref="ResultSchemaException">See <see cref="Deserialize"/>.</exception>
    public static ExperimentResult Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Deserialize(File.ReadAllText(path));
    }
}
