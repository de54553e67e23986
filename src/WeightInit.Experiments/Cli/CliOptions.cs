using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace WeightInit.Experiments.Cli;

/// <summary>
/// Option factories shared by several commands. Every value is converted and range-checked by the option's own parser,
/// so a bad value is a parse error (exit 2, one line naming the option) and never reaches a validator or an action.
/// </summary>
internal static class CliOptions
{
    /// <summary><c>--dataset mnist|fashion-mnist</c>.</summary>
    public static Option<string> Dataset() =>
        new Option<string>("--dataset") { Description = "Data set: mnist or fashion-mnist.", DefaultValueFactory = _ => "mnist" }.AcceptOnlyFromAmong("mnist", "fashion-mnist");

    /// <summary><c>--offline</c>: use only local data files (also <c>WEIGHTINIT_OFFLINE=1</c>).</summary>
    public static Option<bool> Offline() =>
        new("--offline") { Description = "Use only local data files (cache, --data-dir, OS packages, npm's own cache), never the network; also WEIGHTINIT_OFFLINE=1." };

    /// <summary><c>--data-dir</c>: a folder holding the four IDX files, read before any other source; every command that loads data has it.</summary>
    public static Option<string?> DataDir() =>
        ExistingFolder("--data-dir", "Read the four IDX files (plain or .gz, or torchvision's MNIST/raw layout) from this folder first, before the cache, OS packages, mirrors and npm.");

    /// <summary>
    /// The data options a command's <c>--dataset</c>, <c>--offline</c> (also when <c>WEIGHTINIT_OFFLINE=1</c>) and
    /// <c>--data-dir</c> ask for.
    /// </summary>
    public static WeightInit.Data.DatasetOptions DataOptions(this ParseResult parse, Option<string> dataset, Option<bool> offline, Option<string?>? dataDir = null)
    {
        var options = new WeightInit.Data.DatasetOptions { Dataset = WeightInit.Data.DatasetDescriptor.FromName(parse.GetValue(dataset)!) };
        if (dataDir is not null && parse.GetValue(dataDir) is { } folder)
        {
            options = options with { Directory = folder };
        }

        return parse.GetValue(offline) ? options with { Offline = true } : options;
    }

    /// <summary><c>--seed</c>: the seed every generator is derived from (a non-negative 64-bit integer).</summary>
    public static Option<long> Seed() =>
        new("--seed")
        {
            Description = "Seed for every random draw.",
            DefaultValueFactory = _ => 42,
            CustomParser = r => ParseWhole(r, "--seed", 0, long.MaxValue) ?? 42,
        };

    /// <summary>A comma-separated list of initializer specs (see <see cref="WeightInit.Initializers.Initializer.Usage"/>); commas inside parentheses stay in their spec.</summary>
    public static Option<string[]> Initializers(string name, string[] defaultValue) =>
        NameList(name, "Initializers, comma-separated: the documents' zero, small_random, xavier, he, or any spec such as he_uniform, orthogonal(gain=1.41), normal(0.001).", defaultValue,
            spec => WeightInit.Initializers.Initializer.TryParse(spec, out _, out string? error) ? null : error);

    /// <summary>An activation name.</summary>
    public static Option<string> Activation(string defaultValue) =>
        new Option<string>("--activation") { Description = "Hidden activation.", DefaultValueFactory = _ => defaultValue }
            .AcceptOnlyFromAmong("identity", "tanh", "relu", "leaky_relu", "sigmoid", "selu", "gelu");

    /// <summary>An integer option that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max = int.MaxValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => (int?)ParseWhole(r, name, min, max) ?? defaultValue,
        };

    /// <summary>An optional integer option that must lie in [<paramref name="min"/>, <paramref name="max"/>] when given.</summary>
    public static Option<int?> OptionalInt(string name, string description, int min, int max = int.MaxValue) =>
        new(name)
        {
            Description = description,
            CustomParser = r => (int?)ParseWhole(r, name, min, max),
        };

    /// <summary>A finite real-valued option accepted when <paramref name="valid"/> holds; <paramref name="expected"/> says what that is.</summary>
    public static Option<double> Real(string name, string description, double defaultValue, Func<double, bool> valid, string expected) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                string text = Text(r);
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || !valid(v))
                {
                    r.AddError($"{name} expects {expected}; got '{text}'");
                    return defaultValue;
                }

                return v;
            },
        };

    /// <summary>A comma-separated list of integers, each at least <paramref name="min"/>.</summary>
    public static Option<int[]> IntList(string name, string description, int[] defaultValue, int min) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseInts(r, name, min),
        };

    /// <summary>
    /// A comma-separated list of names or specs (split by <see cref="SpecList.Split"/>, so <c>he_normal(a=0,mode=fan_out)</c>
    /// is one item), each passing <paramref name="check"/> when that is given.
    /// </summary>
    /// <remarks>
    /// <c>--init</c> and <c>--inits</c> are one option under two spellings on every command that takes initializers, so
    /// a user need not remember which command takes which.
    /// </remarks>
    public static Option<string[]> NameList(string name, string description, string[] defaultValue, Func<string, string?>? check = null) =>
        new(name, name switch { "--init" => ["--inits"], "--inits" => ["--init"], _ => [] })
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                var values = new List<string>();
                foreach (var token in r.Tokens)
                {
                    if (!SpecList.TrySplit(token.Value, out var items, out string? problem))
                    {
                        r.AddError($"{name}: {problem}");
                        return [];
                    }

                    values.AddRange(items);
                }

                if (values.Count == 0)
                {
                    r.AddError($"{name} needs at least one value; got '{Text(r)}'");
                }

                foreach (string v in values)
                {
                    if (check?.Invoke(v) is { } problem)
                    {
                        r.AddError($"{name}: {problem}");
                        break;
                    }
                }

                return [.. values];
            },
        };

    /// <summary>A file or folder name: refused at parse time when empty or blank, or when it holds a character no path may hold.</summary>
    public static Option<T> PathName<T>(this Option<T> option)
        where T : class?
    {
        option.Validators.Add(r =>
        {
            string text = Text(r);
            if (r.Tokens.Count > 0 && (string.IsNullOrWhiteSpace(text) || text.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0))
            {
                r.AddError($"{option.Name} expects a file or folder name; got '{text}'");
            }
        });
        return option;
    }

    /// <summary>A folder to read from: refused at parse time unless it exists.</summary>
    public static Option<string?> ExistingFolder(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            string text = Text(r);
            if (!Directory.Exists(text))
            {
                r.AddError($"{name} expects an existing folder; got '{text}'{(File.Exists(text) ? ", which is a file" : ", which does not exist")}");
            }
        });
        return option;
    }

    /// <summary>The option's value as typed (several tokens joined by a space), for messages.</summary>
    internal static string Text(SymbolResult r) => string.Join(" ", r.Tokens.Select(t => t.Value));

    private static long? ParseWhole(ArgumentResult r, string name, long min, long max)
    {
        string text = Text(r);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            r.AddError($"{name} expects a whole number from {min} to {max}; got '{text}'");
            return null;
        }

        if (v < min || v > max)
        {
            r.AddError($"{name} must be between {min} and {max}; got {v}");
            return null;
        }

        return v;
    }

    private static int[] ParseInts(ArgumentResult r, string name, int min)
    {
        var result = new List<int>();
        foreach (string part in r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < min)
            {
                r.AddError($"{name} takes comma-separated integers >= {min}; got '{part}'");
                return [];
            }

            result.Add(v);
        }

        if (result.Count == 0)
        {
            r.AddError($"{name} needs at least one value; got '{Text(r)}'");
        }

        return [.. result];
    }
}
