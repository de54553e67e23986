using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>Matches an <see cref="InitializationScheme"/>'s rules to a module's parameters and fills them (the one mechanism behind every scheme).</summary>
internal static class SchemeApplier
{
    /// <summary>Each parameter with the rule that wins for it (null when none matches).</summary>
    public static IReadOnlyList<(ParameterSite Site, InitRule? Rule)> Resolve(InitializationScheme scheme, IReadOnlyList<InitRule> builtIn, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var sites = ParameterSite.Of(module);
        int layers = sites.Select(s => s.Layer).Where(l => l >= 0).Distinct().Count();
        var bad = scheme.OverriddenLayers.Where(p => p >= layers || p < -layers).ToArray();
        if (bad.Length > 0)
        {
            throw new ArgumentException(
                $"scheme '{scheme.Name}' overrides layer {string.Join(", ", bad)}, but the model has layers 0..{layers - 1} (or -{layers}..-1 from the end)", nameof(module));
        }

        var idle = scheme.Rules.Where(r => r.NamePattern is not null && !sites.Any(s => r.Matches(s, layers))).ToArray();
        if (idle.Length > 0)
        {
            throw new UnmatchedRuleException(scheme.Name, idle.Select(r => r.Description).ToArray(),
                idle.Select(r => ClosestNames(r.NamePattern!, sites.Select(s => s.Name))).ToArray());
        }

        var rules = builtIn.Concat(scheme.Rules).ToArray();
        var resolved = sites.Select(site => (site, Winner(rules, site, layers))).ToArray();
        var unmatched = resolved.Where(r => r.Item2 is null).Select(r => r.site.Name).ToArray();
        if (unmatched.Length > 0 && scheme.Unmatched == UnmatchedPolicy.Fail)
        {
            throw new UnmatchedParametersException(scheme.Name, unmatched);
        }

        return resolved;
    }

    /// <summary>Fills (when <paramref name="generator"/> is given) and describes every parameter.</summary>
    public static InitializationPlan Run(InitializationScheme scheme, IReadOnlyList<InitRule> builtIn, nn.Module module, Generator? generator)
    {
        var resolved = Resolve(scheme, builtIn, module);
        double?[] measured = generator is null ? new double?[resolved.Count] : Fill(scheme, module, resolved, generator);
        var rows = resolved.Select((r, i) => new ParameterPlan(
            r.Site.Name,
            r.Site.Shape,
            r.Rule?.ToString() ?? "(none)",
            r.Rule?.Initializer.Name ?? "kept",
            r.Site.Fan?.In,
            r.Site.Fan?.Out,
            r.Rule is { } rule ? rule.Initializer.TargetStd(r.Site.Shape, r.Site.Fan) * rule.Gain : null,
            measured[i])).ToArray();
        return new InitializationPlan(scheme.Name, rows, generator is not null);
    }

    /// <summary>The (up to) three parameter names nearest to <paramref name="pattern"/> by edit distance, nearest first.</summary>
    private static IReadOnlyList<string> ClosestNames(string pattern, IEnumerable<string> names) =>
        names.Select(n => (Name: n, Distance: EditDistance(pattern, n))).OrderBy(p => p.Distance).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(3).Select(p => p.Name).ToArray();

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, one each.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static InitRule? Winner(InitRule[] rules, ParameterSite site, int layers)
    {
        InitRule? best = null;
        foreach (var rule in rules)
        {
            if (rule.Matches(site, layers) && (best is null || rule.Precedence >= best.Precedence))
            {
                best = rule;
            }
        }

        return best;
    }

    private static double?[] Fill(InitializationScheme scheme, nn.Module module, IReadOnlyList<(ParameterSite Site, InitRule? Rule)> resolved, Generator generator)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var stds = new List<(int Index, Tensor Std)>();
        for (int i = 0; i < resolved.Count; i++)
        {
            var (site, rule) = resolved[i];
            var parameter = parameters[site.Name];
            if (rule is not null)
            {
                try
                {
                    FillOne(scheme.Layout, site, rule, parameter, generator);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException(
                        $"scheme '{scheme.Name}': rule '{rule}' cannot fill {site.Name} [{string.Join(", ", site.Shape)}] with {rule.Initializer.Name}: {e.Message}. " +
                        "Narrow the rule (e.g. a role or a name glob ending in .weight) or add a more specific one for this parameter.", nameof(module), e);
                }
            }

            if (parameter.numel() > 1)
            {
                stds.Add((i, parameter.detach().std().to_type(ScalarType.Float64)));
            }
        }

        var result = new double?[resolved.Count];
        if (stds.Count > 0)
        {
            var values = stack(stds.Select(s => s.Std).ToArray()).data<double>().ToArray();
            for (int k = 0; k < stds.Count; k++)
            {
                result[stds[k].Index] = values[k];
            }
        }

        return result;
    }

    private static void FillOne(WeightLayout layout, ParameterSite site, InitRule rule, Tensor parameter, Generator generator)
    {
        if (layout == WeightLayout.InOutTransposed && site.Role == ParameterRole.Weight && site.Shape.Count == 2)
        {
            // The documents draw initialize_weights((in, out)) and store its transpose.
            var inOut = empty(parameter.shape[1], parameter.shape[0], parameter.dtype);
            rule.Initializer.Fill(inOut, generator, site.Fan);
            parameter.copy_(inOut.t());
        }
        else
        {
            rule.Initializer.Fill(parameter, generator, site.Fan);
        }

        if (rule.Gain != 1)
        {
            parameter.mul_(rule.Gain);
        }
    }
}
