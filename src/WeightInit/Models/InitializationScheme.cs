using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>
/// Rule-based initialization of any <see cref="nn.Module"/>: an ordered list of <see cref="InitRule"/>s (by module kind or
/// type, by layer position, by dotted parameter name), an <see cref="UnmatchedPolicy"/>, a weight layout and an optional LSUV pass.
/// <see cref="Apply"/> fills every parameter in <c>named_parameters()</c> order from one generator and returns an
/// <see cref="InitializationPlan"/>; <see cref="Plan"/> is the same without changing anything (a dry run).
/// Immutable: the <c>With…</c>/<c>For…</c> methods return new schemes.
/// </summary>
/// <remarks>
/// <para>Precedence: for each parameter the matching rule with the highest <see cref="RulePrecedence"/> wins
/// (name &gt; position &gt; module type &gt; default); among equals the rule added last wins.</para>
/// <para>Built in, at module-type precedence and before any rule you add: normalization layers (BatchNorm, InstanceNorm,
/// LayerNorm, GroupNorm) get scale 1 and bias 0, as PyTorch's own modules do.</para>
/// </remarks>
public sealed class InitializationScheme
{
    private static readonly InitRule[] BuiltIn =
    [
        InitRule.ForKind(LayerKind.Normalization, ParameterRole.Scale, new Ones()),
        InitRule.ForKind(LayerKind.Normalization, ParameterRole.Bias, new Zeros()),
    ];

    private readonly InitRule[] _rules;

    /// <summary>Creates a scheme: <paramref name="weights"/> for every weight, <paramref name="biases"/> for every bias.</summary>
    /// <param name="weights">Weight initializer for every layer.</param>
    /// <param name="biases">
    /// Bias initializer for every layer, called with the layer's weight fans; <see langword="null"/> = zeros, except with
    /// <see cref="PyTorchLinearDefault"/> weights, whose biases then get <see cref="PyTorchLinearDefaultBias"/>, so that
    /// the scheme is what <c>nn.Linear</c> and <c>nn.Conv2d</c> do (U(±1/√fan_in) for both).
    /// </param>
    /// <param name="name">Label in results; <see langword="null"/> = <paramref name="weights"/>' name (with the bias initializer's name when it is not zeros).</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public InitializationScheme(IInitializer weights, IInitializer? biases = null, string? name = null)
        : this(name ?? DefaultName(weights, biases ?? DefaultBias(weights), null), Defaults(weights, biases), WeightLayout.OutIn, null, UnmatchedPolicy.Fail)
    {
    }

    private InitializationScheme(string name, InitRule[] rules, WeightLayout layout, Lsuv? lsuv, UnmatchedPolicy unmatched)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"a scheme name must not be empty or white space; got \"{name}\"", nameof(name));
        }

        Name = name;
        _rules = rules;
        Layout = layout;
        Lsuv = lsuv;
        Unmatched = unmatched;
    }

    /// <summary>Label of the scheme in results and reports (unique within an experiment).</summary>
    public string Name { get; }

    /// <summary>The rules in the order they were added (the built-in normalization rules are not listed).</summary>
    public IReadOnlyList<InitRule> Rules => _rules;

    /// <summary>How 2-D Linear weight draws are laid out (default <see cref="WeightLayout.OutIn"/>).</summary>
    public WeightLayout Layout { get; }

    /// <summary>The data-dependent LSUV pass run after the initializers, or <see langword="null"/>.</summary>
    public Lsuv? Lsuv { get; }

    /// <summary>What happens to parameters no rule matches (default <see cref="UnmatchedPolicy.Fail"/>).</summary>
    public UnmatchedPolicy Unmatched { get; }

    /// <summary>Layer positions that position rules name (negative positions count from the end).</summary>
    public IReadOnlyCollection<int> OverriddenLayers => _rules.Where(r => r.Position is not null).Select(r => r.Position!.Value).Distinct().ToArray();

    /// <summary>A scheme with no rule of its own (only the built-in normalization rules); add rules with <see cref="With"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static InitializationScheme FromRules(string name, params InitRule[] rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Any(r => r is null))
        {
            throw new ArgumentException($"rules must not contain null; got {rules.Length} with {rules.Count(r => r is null)} null", nameof(rules));
        }

        return new InitializationScheme(name, rules.ToArray(), WeightLayout.OutIn, null, UnmatchedPolicy.Fail);
    }

    /// <summary>
    /// LSUV (Mishkin &amp; Matas 2016): <paramref name="lsuv"/>'s start initializer for the weights, zeros (or
    /// <paramref name="biases"/>; <see cref="PyTorchLinearDefaultBias"/> after a <see cref="PyTorchLinearDefault"/> start)
    /// for biases, then the LSUV rescaling.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="lsuv"/> is null.</exception>
    public static InitializationScheme FromLsuv(Lsuv lsuv, IInitializer? biases = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(lsuv);
        var core = biases ?? DefaultBias(lsuv.Start);
        return new InitializationScheme(name ?? DefaultName(lsuv.Start, core, lsuv), Defaults(lsuv.Start, biases), WeightLayout.OutIn, lsuv, UnmatchedPolicy.Fail);
    }

    /// <summary>A copy with <paramref name="rule"/> added after the existing rules.</summary>
    public InitializationScheme With(InitRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new InitializationScheme(Name, [.. _rules, rule], Layout, Lsuv, Unmatched);
    }

    /// <summary>A copy whose layer <paramref name="layer"/> (0-based; −1 is the last, the output layer of an MLP) uses other initializers (a position rule).</summary>
    /// <param name="layer">The position; see <see cref="ParameterSite.Layer"/>.</param>
    /// <param name="weights">For the layer's weight(s).</param>
    /// <param name="biases">For the layer's bias(es); <see langword="null"/> keeps what the other rules say.</param>
    public InitializationScheme WithLayer(int layer, IInitializer weights, IInitializer? biases = null)
    {
        var scheme = With(InitRule.ForLayer(layer, ParameterRole.Weight, weights));
        return biases is null ? scheme : scheme.With(InitRule.ForLayer(layer, ParameterRole.Bias, biases));
    }

    /// <summary>A copy where modules of <paramref name="kind"/> use <paramref name="weights"/> (and <paramref name="biases"/> when given).</summary>
    public InitializationScheme ForKind(LayerKind kind, IInitializer weights, IInitializer? biases = null)
    {
        var role = kind switch { LayerKind.Normalization => ParameterRole.Scale, LayerKind.Recurrent => (ParameterRole?)null, _ => ParameterRole.Weight };
        var scheme = kind == LayerKind.Recurrent
            ? With(InitRule.ForKind(kind, ParameterRole.InputToHidden, weights)).With(InitRule.ForKind(kind, ParameterRole.HiddenToHidden, weights))
            : With(InitRule.ForKind(kind, role, weights));
        return biases is null ? scheme : scheme.With(InitRule.ForKind(kind, ParameterRole.Bias, biases));
    }

    /// <summary>
    /// A copy where recurrent layers (LSTM, GRU, RNN) use <paramref name="inputToHidden"/> for <c>weight_ih_l*</c> and
    /// <paramref name="hiddenToHidden"/> for <c>weight_hh_l*</c> (orthogonal is the usual choice, Saxe et al. 2014).
    /// </summary>
    public InitializationScheme ForRecurrent(IInitializer inputToHidden, IInitializer hiddenToHidden) =>
        With(InitRule.ForKind(LayerKind.Recurrent, ParameterRole.InputToHidden, inputToHidden))
            .With(InitRule.ForKind(LayerKind.Recurrent, ParameterRole.HiddenToHidden, hiddenToHidden));

    /// <summary>
    /// A copy where parameters whose dotted name matches <paramref name="glob"/> use <paramref name="initializer"/> (see
    /// <see cref="InitRule.ForName"/>). A glob that matches no parameter of the module makes <see cref="Apply"/> and
    /// <see cref="Plan"/> throw <see cref="UnmatchedRuleException"/>, so a typo is not ignored.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="glob"/> is empty.</exception>
    public InitializationScheme ForName(string glob, IInitializer initializer) => With(InitRule.ForName(glob, initializer));

    /// <summary>A copy with another unmatched-parameter policy.</summary>
    public InitializationScheme WithUnmatched(UnmatchedPolicy policy) => new(Name, _rules, Layout, Lsuv, policy);

    /// <summary>A copy with another name.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public InitializationScheme WithName(string name) => new(name, _rules, Layout, Lsuv, Unmatched);

    /// <summary>A copy with another weight layout.</summary>
    public InitializationScheme WithLayout(WeightLayout layout) => new(Name, _rules, layout, Lsuv, Unmatched);

    /// <summary>
    /// Fills every parameter of <paramref name="module"/> that a rule matches, in <c>named_parameters()</c> order, drawing
    /// only from <paramref name="generator"/> (the same generator state gives the same tensors, bit for bit), and returns
    /// the plan with each parameter's measured standard deviation. LSUV, being data dependent, is not run here
    /// (see <see cref="Models.Lsuv.Refine"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A position rule names a layer the module does not have.</exception>
    /// <exception cref="UnmatchedRuleException">A name rule matches no parameter (the message lists the closest names).</exception>
    /// <exception cref="UnmatchedParametersException">Parameters match no rule and <see cref="Unmatched"/> is <see cref="UnmatchedPolicy.Fail"/>.</exception>
    public InitializationPlan Apply(nn.Module module, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return SchemeApplier.Run(this, BuiltIn, module, generator);
    }

    /// <summary>The plan <see cref="Apply"/> would follow, without drawing or changing anything (a dry run).</summary>
    /// <exception cref="ArgumentException">A position rule names a layer the module does not have.</exception>
    /// <exception cref="UnmatchedRuleException">A name rule matches no parameter (the message lists the closest names).</exception>
    /// <exception cref="UnmatchedParametersException">Parameters match no rule and <see cref="Unmatched"/> is <see cref="UnmatchedPolicy.Fail"/>.</exception>
    public InitializationPlan Plan(nn.Module module) => SchemeApplier.Run(this, BuiltIn, module, null);

    /// <summary>A serializable description: the initializer of each layer's first weight and first bias (see <see cref="ParameterSite.Layer"/>).</summary>
    /// <exception cref="ArgumentException">The scheme does not fit <paramref name="module"/> (see <see cref="Plan"/>).</exception>
    public SchemeDescription Describe(nn.Module module)
    {
        var resolved = SchemeApplier.Resolve(this, BuiltIn, module);
        string NameAt(int layer, Func<ParameterRole, bool> role) =>
            resolved.FirstOrDefault(r => r.Site.Layer == layer && role(r.Site.Role)).Rule?.Initializer.Name ?? "kept";
        int layers = resolved.Select(r => r.Site.Layer).Where(l => l >= 0).Distinct().Count();
        return new SchemeDescription(
            Name,
            Enumerable.Range(0, layers).Select(l => NameAt(l, InitRule.IsWeight)).ToArray(),
            Enumerable.Range(0, layers).Select(l => NameAt(l, r => r == ParameterRole.Bias)).ToArray(),
            Layout,
            Lsuv?.Options);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static InitRule[] Defaults(IInitializer weights, IInitializer? biases)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return [InitRule.AllWeights(weights), InitRule.AllBiases(biases ?? DefaultBias(weights))];
    }

    /// <summary>The bias initializer when none is given: the framework's own for its own weight default, else zeros.</summary>
    private static IInitializer DefaultBias(IInitializer weights) => weights is PyTorchLinearDefault ? new PyTorchLinearDefaultBias() : ZerosBias.Instance;

    private static string DefaultName(IInitializer weights, IInitializer biases, Lsuv? lsuv)
    {
        ArgumentNullException.ThrowIfNull(weights);
        string core = biases is ZerosBias || (weights is PyTorchLinearDefault && biases is PyTorchLinearDefaultBias) ? weights.Name : $"{weights.Name}+bias:{biases.Name}";
        return lsuv is null ? core : $"lsuv({core})";
    }
}

/// <summary>What an <see cref="InitializationScheme"/> did, per layer, in a form that serializes.</summary>
/// <param name="Name">The scheme's label.</param>
/// <param name="WeightInitializers">Initializer name per layer (see <see cref="ParameterSite.Layer"/>).</param>
/// <param name="BiasInitializers">Bias initializer name per layer.</param>
/// <param name="Layout">Weight layout used.</param>
/// <param name="Lsuv">LSUV options when LSUV ran after the initializers.</param>
public sealed record SchemeDescription(string Name, IReadOnlyList<string> WeightInitializers, IReadOnlyList<string> BiasInitializers, WeightLayout Layout, LsuvOptions? Lsuv);
