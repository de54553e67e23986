using System.Globalization;
using System.Text;

namespace WeightInit.Models;

/// <summary>What an <see cref="InitializationScheme"/> does with parameters no rule matches.</summary>
public enum UnmatchedPolicy
{
    /// <summary>Refuse: <see cref="InitializationScheme.Apply"/> and <see cref="InitializationScheme.Plan"/> throw <see cref="UnmatchedParametersException"/> listing them (the default).</summary>
    Fail,

    /// <summary>Leave them as the module initialized them; the plan lists them with initializer <c>kept</c>.</summary>
    KeepModuleInitialization,
}

/// <summary>Thrown when parameters match no rule of a scheme whose <see cref="UnmatchedPolicy"/> is <see cref="UnmatchedPolicy.Fail"/>.</summary>
public sealed class UnmatchedParametersException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="names"/> of scheme <paramref name="scheme"/>.</summary>
    public UnmatchedParametersException(string scheme, IReadOnlyList<string> names)
        : base($"scheme '{scheme}' has no rule for {names.Count} parameter(s): {string.Join(", ", names)}. " +
               "Add a rule (ForName, ForKind, ForModule, ForLayer) or keep their own initialization with WithUnmatched(UnmatchedPolicy.KeepModuleInitialization).")
    {
        Parameters = names;
    }

    /// <summary>Dotted names of the parameters no rule matched.</summary>
    public IReadOnlyList<string> Parameters { get; }
}

/// <summary>
/// Thrown when a name rule (<see cref="InitRule.ForName"/>, <see cref="InitRule.ForNameRegex"/>) of a scheme matches no
/// parameter of the module (a typo would otherwise be ignored silently); the message lists the closest parameter names.
/// </summary>
public sealed class UnmatchedRuleException : ArgumentException
{
    /// <summary>Creates the exception for the name rules <paramref name="rules"/> of scheme <paramref name="scheme"/>.</summary>
    /// <param name="scheme">The scheme's name.</param>
    /// <param name="rules">The rules that match nothing (<see cref="InitRule.Description"/>).</param>
    /// <param name="closest">For each rule, the parameter names closest to its pattern.</param>
    public UnmatchedRuleException(string scheme, IReadOnlyList<string> rules, IReadOnlyList<IReadOnlyList<string>> closest)
        : base($"scheme '{scheme}' has {rules.Count} name rule(s) that match no parameter: " +
               string.Join("; ", rules.Select((r, i) => $"'{r}' (closest parameters: {string.Join(", ", closest[i])})")) +
               ". Correct the name or glob (* matches within one dotted segment, ** across segments), or remove the rule.")
    {
        Rules = rules;
        ClosestNames = closest;
    }

    /// <summary>The rules that match no parameter.</summary>
    public IReadOnlyList<string> Rules { get; }

    /// <summary>For each rule of <see cref="Rules"/>, the (up to three) closest parameter names, by edit distance.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ClosestNames { get; }
}

/// <summary>One parameter's line of an <see cref="InitializationPlan"/>.</summary>
/// <param name="Name">Dotted name from <c>named_parameters()</c>.</param>
/// <param name="Shape">Shape.</param>
/// <param name="Rule">The winning rule (<see cref="InitRule.ToString"/>), or <c>(none)</c>.</param>
/// <param name="Initializer">The initializer's name, or <c>kept</c> when no rule matched.</param>
/// <param name="FanIn">Fan-in given to the initializer, or null when the parameter has none.</param>
/// <param name="FanOut">Fan-out given to the initializer, or null.</param>
/// <param name="TargetStd">The standard deviation the rule draws with (gain included), when the initializer states one (<see cref="Initializers.IInitializer.TargetStd"/>).</param>
/// <param name="MeasuredStd">The sample standard deviation of the values after <see cref="InitializationScheme.Apply"/> (null in a dry run and for single values).</param>
public sealed record ParameterPlan(string Name, IReadOnlyList<long> Shape, string Rule, string Initializer, long? FanIn, long? FanOut, double? TargetStd, double? MeasuredStd);

/// <summary>
/// What a scheme did (or, for a dry run, would do) to every parameter of a module, in draw order. Prints as a table.
/// </summary>
/// <param name="Scheme">The scheme's name.</param>
/// <param name="Parameters">One row per parameter.</param>
/// <param name="Applied">False for a dry run (<see cref="InitializationScheme.Plan"/>): nothing was changed.</param>
public sealed record InitializationPlan(string Scheme, IReadOnlyList<ParameterPlan> Parameters, bool Applied)
{
    /// <summary>The row of parameter <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public ParameterPlan this[string name] => Parameters.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"no parameter '{name}' in the plan; parameters: {string.Join(", ", Parameters.Select(p => p.Name))}");

    /// <summary>A fixed-width table: parameter, shape, rule, initializer, fan_in, fan_out, target std, measured std.</summary>
    public override string ToString()
    {
        string[] header = ["parameter", "shape", "rule", "initializer", "fan_in", "fan_out", "target std", "measured std"];
        var rows = Parameters.Select(p => new[]
        {
            p.Name, $"[{string.Join(", ", p.Shape)}]", p.Rule, p.Initializer, Text(p.FanIn), Text(p.FanOut), Text(p.TargetStd), Text(p.MeasuredStd),
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Scheme}{(Applied ? string.Empty : " (dry run: nothing changed)")}").Append('\n');
        foreach (var row in rows.Prepend(header))
        {
            text.Append(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    private static string Text(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Text(double? value) => value?.ToString("G4", CultureInfo.InvariantCulture) ?? "-";
}
