using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace WeightInit.Experiments.Cli;

/// <summary>Option factories shared by several commands, each validated at parse time.</summary>
internal static class CliOptions
{
    /// <summary><c>--dataset mnist|fashion-mnist</c>.</summary>
    public static Option<string> Dataset() =>
        new Option<string>("--dataset") { Description = "Data set: mnist or fashion-mnist.", DefaultValueFactory = _ => "mnist" }.AcceptOnlyFromAmong("mnist", "fashion-mnist");

    /// <summary><c>--seed</c>: the seed every generator is derived from.</summary>
    public static Option<long> Seed() =>
        new("--seed") { Description = "Seed for every random draw.", DefaultValueFactory = _ => 42 };

    /// <summary>A comma-separated list of initializer specs (see <see cref="WeightInit.Initializers.Initializer.Usage"/>).</summary>
    public static Option<string[]> Initializers(string name, string[] defaultValue) =>
        NameList(name, "Initializers, comma-separated: the documents' zero, small_random, xavier, he, or any spec such as he_uniform, orthogonal(gain=1.41), normal(0.001).", defaultValue,
            spec => WeightInit.Initializers.Initializer.TryParse(spec, out _, out string? error) ? null : error);

    /// <summary>An activation name.</summary>
    public static Option<string> Activation(string defaultValue) =>
        new Option<string>("--activation") { Description = "Hidden activation.", DefaultValueFactory = _ => defaultValue }
            .AcceptOnlyFromAmong("identity", "tanh", "relu", "leaky_relu", "sigmoid", "selu", "gelu");

    /// <summary>An integer option that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max = int.MaxValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r => InRange(r, option, min, max));
        return option;
    }

    /// <summary>An optional integer option that must lie in [<paramref name="min"/>, <paramref name="max"/>] when given.</summary>
    public static Option<int?> OptionalInt(string name, string description, int min, int max = int.MaxValue)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            int? v = r.GetValueOrDefault<int?>();
            if (v is { } value && (value < min || value > max))
            {
                r.AddError($"{name} must be between {min} and {max}; got {value}");
            }
        });
        return option;
    }

    /// <summary>A comma-separated list of integers, each at least <paramref name="min"/>.</summary>
    public static Option<int[]> IntList(string name, string description, int[] defaultValue, int min)
    {
        var option = new Option<int[]>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseInts(r, name, min),
        };
        return option;
    }

    /// <summary>A comma-separated list of names, each one of <paramref name="valid"/> when that is given.</summary>
    public static Option<string[]> NameList(string name, string description, string[] defaultValue, Func<string, string?>? check = null)
    {
        return new Option<string[]>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                var values = r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
                if (values.Length == 0)
                {
                    r.AddError($"{name} needs at least one value");
                }

                foreach (string v in values)
                {
                    if (check?.Invoke(v) is { } problem)
                    {
                        r.AddError($"{name}: {problem}");
                        break;
                    }
                }

                return values;
            },
        };
    }

    private static int[] ParseInts(ArgumentResult r, string name, int min)
    {
        var result = new List<int>();
        foreach (string part in r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min)
            {
                r.AddError($"{name} takes comma-separated integers >= {min}; got '{part}'");
                return [];
            }

            result.Add(v);
        }

        if (result.Count == 0)
        {
            r.AddError($"{name} needs at least one value");
        }

        return [.. result];
    }

    private static void InRange(OptionResult r, Option<int> option, int min, int max)
    {
        int v = r.GetValueOrDefault<int>();
        if (v < min || v > max)
        {
            r.AddError($"{option.Name} must be between {min} and {max}; got {v}");
        }
    }
}
