using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace WeightInit.Initializers;

/// <summary>
/// Initializers by name, for command lines and configuration files.
/// </summary>
/// <remarks>
/// <para>Grammar (whitespace is ignored; names, keys and words ignore case; in the name, <c>-</c> reads as <c>_</c>):</para>
/// <code>
/// spec     := name [ "(" [ argument { "," argument } ] ")" ]
/// argument := value | key "=" value
/// value    := number | word        number: invariant culture (0.01, 1e-3, -2, inf, -inf); word: fan_in, relu, …
/// </code>
/// <para>
/// Positional arguments bind in the order of <see cref="Usage"/>'s parameter list, keyword arguments by name; each
/// parameter at most once; parameters not given take their default. Examples: <c>he</c>, <c>xavier_uniform</c>,
/// <c>he_normal(mode=fan_out)</c>, <c>he_uniform(0.1, fan_in, leaky_relu)</c>, <c>normal(0.001)</c> (std 0.001,
/// mean 0), <c>truncated_normal(std=0.02)</c>, <c>orthogonal(gain=1.41)</c>, <c>sparse(0.9)</c>.
/// The document's four methods (<c>zero</c>, <c>small_random</c>, <c>xavier</c>, <c>he</c>) keep their names;
/// every other initializer's <see cref="IInitializer.Name"/> is itself a spec that parses back to an equal initializer.
/// </para>
/// </remarks>
public static class Initializer
{
    private static readonly Entry[] Entries =
    [
        Doc("zero", "zeros (the document's method)"),
        Doc("small_random", "N(0, 0.01²), randn·0.01 (the document's method)"),
        Doc("xavier", "normal, variance 2/(fan_in+fan_out) (the document's method)"),
        Doc("he", "normal, variance 2/fan_in (the document's method)"),
        new("zeros", "all 0", [], _ => new Zeros()),
        new("ones", "all 1", [], _ => new Ones()),
        new("constant", "all equal to value", [P("value")], a => new Constant(a.Number("value"))),
        new("uniform", "U(a, b)", [P("a", "0"), P("b", "1")], a => new Uniform(a.Number("a"), a.Number("b"))),
        new("normal", "N(mean, std²)", [P("std", "1"), P("mean", "0")], a => new Normal(a.Number("mean"), a.Number("std"))),
        new(
            "truncated_normal",
            "N(mean, std²) truncated to [a, b]",
            [P("std", "1"), P("mean", "0"), P("a", "-2"), P("b", "2")],
            a => new TruncatedNormal(a.Number("mean"), a.Number("std"), a.Number("a"), a.Number("b"))),
        new(
            "variance_scaling",
            "variance scale/n (mode: fan_in|fan_out|fan_avg|fan_geo_avg; distribution: normal|truncated_normal|uniform)",
            [P("scale", "1"), P("mode", "fan_in"), P("distribution", "truncated_normal")],
            a => new VarianceScaling(a.Number("scale"), a.Mode(), a.Distribution())),
        new("xavier_normal", "normal, std gain·√(2/(fan_in+fan_out))", [P("gain", "1")], a => new XavierNormal(a.Number("gain"))),
        new("xavier_uniform", "U(±gain·√(6/(fan_in+fan_out)))", [P("gain", "1")], a => new XavierUniform(a.Number("gain"))),
        new("he_normal", "normal, std gain(nonlinearity, a)/√fan (PyTorch kaiming_normal_)", HeParameters, a => new HeNormal(a.Number("a"), a.Mode(), a.Word("nonlinearity"))),
        new("he_uniform", "U(±gain(nonlinearity, a)·√(3/fan)) (PyTorch kaiming_uniform_)", HeParameters, a => new HeUniform(a.Number("a"), a.Mode(), a.Word("nonlinearity"))),
        new("lecun_normal", "normal, std √(1/fan_in)", [], _ => new LeCunNormal()),
        new("lecun_uniform", "U(±√(3/fan_in))", [], _ => new LeCunUniform()),
        new("orthogonal", "gain · (semi-)orthogonal matrix", [P("gain", "1")], a => new Orthogonal(a.Number("gain"))),
        new("identity", "gain · identity matrix (2-D)", [P("gain", "1")], a => new Identity(a.Number("gain"))),
        new("dirac", "Dirac delta for conv weights (3-5-D)", [P("groups", "1")], a => new Dirac(a.Integer("groups"))),
        new("sparse", "N(0, std²) with ⌈sparsity·rows⌉ zeros per column (2-D)", [P("sparsity"), P("std", "0.01")], a => new Sparse(a.Number("sparsity"), a.Number("std"))),
        new("pytorch_default", "Linear's own weight init, U(±1/√fan_in)", [], _ => new PyTorchLinearDefault()),
        new("pytorch_default_bias", "Linear's own bias init, U(±1/√fan_in) of the weight's fan", [], _ => new PyTorchLinearDefaultBias()),
    ];

    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["glorot_normal"] = "xavier_normal",
        ["glorot_uniform"] = "xavier_uniform",
        ["kaiming_normal"] = "he_normal",
        ["kaiming_uniform"] = "he_uniform",
        ["eye"] = "identity",
    };

    private static readonly Dictionary<string, Entry> ByCanonicalName = Entries.ToDictionary(e => e.Name);

    private static Parameter[] HeParameters => [P("a", "0"), P("mode", "fan_in"), P("nonlinearity", "leaky_relu")];

    /// <summary>Every name <see cref="Parse(string)"/> accepts: the canonical names in <see cref="Usage"/>'s order, then the aliases.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Entries.Select(e => e.Name), .. Aliases.Keys];

    /// <summary>
    /// One line per initializer, <c>name(parameter=default, …)  summary</c>, then the aliases; suitable for <c>--help</c>.
    /// A parameter without a default must be given.
    /// </summary>
    public static string Usage { get; } = BuildUsage();

    /// <summary>Reads an initializer spec (grammar in the remarks of <see cref="Initializer"/>).</summary>
    /// <param name="spec">E.g. <c>he</c>, <c>xavier_uniform(gain=1.41)</c>, <c>normal(0.001)</c>.</param>
    /// <returns>A new initializer.</returns>
    /// <exception cref="ArgumentException">
    /// Unknown name (the message lists the valid names), malformed spec, unknown or repeated parameter, missing required
    /// parameter, unparsable or out-of-range value; the message repeats the spec and the bad part.
    /// </exception>
    public static IInitializer Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        (string name, List<string> arguments) = Split(spec);
        string canonical = Aliases.TryGetValue(name, out string? target) ? target : name;
        if (!ByCanonicalName.TryGetValue(canonical, out Entry? entry))
        {
            throw new ArgumentException(
                $"unknown initializer '{name}' in '{spec}'; expected one of {string.Join(", ", Names)}", nameof(spec));
        }

        var bound = Bind(spec, entry, arguments);
        try
        {
            return entry.Create(new Arguments(spec, bound));
        }
        catch (ArgumentException ex) when (ex.ParamName != nameof(spec))
        {
            throw new ArgumentException($"'{spec}': {ex.Message}", nameof(spec), ex);
        }
    }

    /// <summary>Like <see cref="Parse(string)"/>, but reports a bad spec as <see langword="false"/> with the reason instead of throwing.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="initializer">The initializer, when the spec is valid.</param>
    /// <param name="error">Why the spec is invalid, when it is.</param>
    /// <returns>Whether the spec is valid.</returns>
    public static bool TryParse(string spec, [NotNullWhen(true)] out IInitializer? initializer, [NotNullWhen(false)] out string? error)
    {
        try
        {
            initializer = Parse(spec);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            initializer = null;
            error = ex.Message;
            return false;
        }
    }

    private static (string Name, List<string> Arguments) Split(string spec)
    {
        string text = string.Concat(spec.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
        int open = text.IndexOf('(');
        string name = (open < 0 ? text : text[..open]).Replace('-', '_');
        var arguments = new List<string>();
        if (open >= 0)
        {
            if (!text.EndsWith(')') || text.IndexOf(')') != text.Length - 1 || text.IndexOf('(', open + 1) >= 0)
            {
                throw new ArgumentException(
                    $"malformed initializer spec '{spec}'; expected name or name(argument, key=value, …), e.g. he_normal(mode=fan_out)", nameof(spec));
            }

            string inner = text[(open + 1)..^1];
            if (inner.Length > 0)
            {
                arguments.AddRange(inner.Split(','));
            }
        }

        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || arguments.Any(a => a.Length == 0))
        {
            throw new ArgumentException(
                $"malformed initializer spec '{spec}'; expected name or name(argument, key=value, …) with names from {string.Join(", ", Names)}", nameof(spec));
        }

        return (name, arguments);
    }

    private static Dictionary<string, string> Bind(string spec, Entry entry, List<string> arguments)
    {
        var bound = new Dictionary<string, string>();
        bool keywordSeen = false;
        string expected = entry.Parameters.Length == 0 ? "no parameters" : $"parameters {entry.Signature}";
        for (int i = 0; i < arguments.Count; i++)
        {
            string argument = arguments[i];
            int equals = argument.IndexOf('=');
            string key;
            string value;
            if (equals < 0)
            {
                if (keywordSeen || i >= entry.Parameters.Length)
                {
                    throw new ArgumentException(
                        $"'{spec}': unexpected positional argument '{argument}' (too many, or after a key=value); {entry.Name} takes {expected}", nameof(spec));
                }

                (key, value) = (entry.Parameters[i].Name, argument);
            }
            else
            {
                keywordSeen = true;
                (key, value) = (argument[..equals], argument[(equals + 1)..]);
                if (!entry.Parameters.Any(p => p.Name == key))
                {
                    throw new ArgumentException($"'{spec}': unknown parameter '{key}'; {entry.Name} takes {expected}", nameof(spec));
                }
            }

            if (value.Length == 0 || !bound.TryAdd(key, value))
            {
                throw new ArgumentException($"'{spec}': parameter '{key}' is empty or given twice; {entry.Name} takes {expected}", nameof(spec));
            }
        }

        foreach (var parameter in entry.Parameters)
        {
            if (!bound.ContainsKey(parameter.Name))
            {
                bound[parameter.Name] = parameter.Default
                    ?? throw new ArgumentException($"'{spec}': missing required parameter '{parameter.Name}'; {entry.Name} takes {expected}", nameof(spec));
            }
        }

        return bound;
    }

    private static string BuildUsage()
    {
        var text = new StringBuilder();
        int width = Entries.Max(e => e.Signature.Length) + 2;
        foreach (var entry in Entries)
        {
            text.Append(entry.Signature.PadRight(width)).AppendLine(entry.Summary);
        }

        text.Append("aliases: ").AppendJoin(", ", Aliases.Select(a => $"{a.Key} = {a.Value}")).AppendLine();
        return text.ToString();
    }

    private static Entry Doc(string method, string summary) => new(method, summary, [], _ => DocumentMethods.Resolve(method));

    private static Parameter P(string name, string? defaultValue = null) => new(name, defaultValue);

    private sealed record Parameter(string Name, string? Default);

    private sealed record Entry(string Name, string Summary, Parameter[] Parameters, Func<Arguments, IInitializer> Create)
    {
        public string Signature => Parameters.Length == 0
            ? Name
            : $"{Name}({string.Join(", ", Parameters.Select(p => p.Default is null ? p.Name : $"{p.Name}={p.Default}"))})";
    }

    private sealed class Arguments(string spec, Dictionary<string, string> values)
    {
        public double Number(string key)
        {
            string text = values[key];
            return text switch
            {
                "inf" or "+inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsNaN(value) => value,
                _ => throw new ArgumentException($"'{spec}': {key} must be a number; got '{text}'", nameof(spec)),
            };
        }

        public int Integer(string key) =>
            int.TryParse(values[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
                ? value
                : throw new ArgumentException($"'{spec}': {key} must be an integer; got '{values[key]}'", nameof(spec));

        public string Word(string key) => values[key];

        public FanMode Mode() => Token("mode", Enum.GetValues<FanMode>(), InitializerName.Token);

        public ScalingDistribution Distribution() => Token("distribution", Enum.GetValues<ScalingDistribution>(), InitializerName.Token);

        private T Token<T>(string key, T[] candidates, Func<T, string> token)
        {
            foreach (var candidate in candidates)
            {
                if (token(candidate) == values[key])
                {
                    return candidate;
                }
            }

            throw new ArgumentException(
                $"'{spec}': unknown {key} '{values[key]}'; expected one of {string.Join(", ", candidates.Select(token))}", nameof(spec));
        }
    }
}
