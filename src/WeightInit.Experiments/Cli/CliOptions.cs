using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace WeightInit.Experiments.Cli;

/// <summary>Option factories shared by several commands, each validated at parse time.</summary>
internal static class CliOptions
{
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
