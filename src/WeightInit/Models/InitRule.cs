using System.Text;
using System.Text.RegularExpressions;
using WeightInit.Initializers;

namespace WeightInit.Models;

/// <summary>
/// How specific a rule is. When several rules match a parameter, the most specific wins
/// (<see cref="Name"/> &gt; <see cref="Position"/> &gt; <see cref="ModuleType"/> &gt; <see cref="Default"/>); among rules
/// of the same precedence the one added last wins.
/// </summary>
public enum RulePrecedence
{
    /// <summary>A scheme-wide rule: every weight, every bias (<see cref="InitializationScheme(IInitializer, IInitializer?, string?)"/>).</summary>
    Default,

    /// <summary>A rule on a kind or CLR type of module (e.g. every convolution, every <c>LayerNorm</c>).</summary>
    ModuleType,

    /// <summary>A rule on a layer's position (e.g. layer 0, the last layer).</summary>
    Position,

    /// <summary>A rule on the parameter's dotted name (glob or regular expression).</summary>
    Name,
}

/// <summary>
/// One rule of an <see cref="InitializationScheme"/>: which parameters it matches, the initializer it fills them with,
/// and optionally a gain for a named nonlinearity (<see cref="Gain.For(string, double?)"/>) that multiplies the draw.
/// Immutable; build with the static factories.
/// </summary>
public sealed class InitRule
{
    private readonly Func<ParameterSite, int, bool> _matches;

    private InitRule(string description, RulePrecedence precedence, IInitializer initializer, Func<ParameterSite, int, bool> matches, int? position = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        Description = description;
        Precedence = precedence;
        Initializer = initializer;
        _matches = matches;
        Position = position;
    }

    /// <summary>What the rule matches, e.g. <c>name features.*.weight</c> or <c>layer -1 bias</c>.</summary>
    public string Description { get; }

    /// <summary>How specific the rule is.</summary>
    public RulePrecedence Precedence { get; }

    /// <summary>The initializer that fills matched parameters.</summary>
    public IInitializer Initializer { get; }

    /// <summary>The layer position of a <see cref="RulePrecedence.Position"/> rule (negative counts from the end), else null.</summary>
    public int? Position { get; }

    /// <summary>The glob or regular expression of a name rule (to suggest close names when it matches nothing), else null.</summary>
    internal string? NamePattern { get; private init; }

    /// <summary>The nonlinearity whose gain multiplies the draw, or null (gain 1).</summary>
    public string? Nonlinearity { get; private init; }

    /// <summary>The factor the draw is multiplied by: <c>Gain.For(Nonlinearity)</c>, or 1.</summary>
    public double Gain { get; private init; } = 1;

    /// <summary>
    /// Every weight (role <see cref="ParameterRole.Weight"/>, <see cref="ParameterRole.InputToHidden"/>, <see cref="ParameterRole.HiddenToHidden"/>)
    /// of every layer that is not a normalization layer.
    /// </summary>
    public static InitRule AllWeights(IInitializer initializer) =>
        new("every weight", RulePrecedence.Default, initializer, (s, _) => IsWeight(s.Role));

    /// <summary>Every bias of every layer that is not a normalization layer.</summary>
    public static InitRule AllBiases(IInitializer initializer) =>
        new("every bias", RulePrecedence.Default, initializer, (s, _) => s.Role == ParameterRole.Bias && s.Kind != LayerKind.Normalization);

    /// <summary>Parameters of modules of kind <paramref name="kind"/>, restricted to <paramref name="role"/> when given.</summary>
    public static InitRule ForKind(LayerKind kind, ParameterRole? role, IInitializer initializer) =>
        new($"{Token(kind)}{RoleSuffix(role)}", RulePrecedence.ModuleType, initializer, (s, _) => s.Kind == kind && (role is null || s.Role == role));

    /// <summary>Parameters of modules of CLR type <typeparamref name="TModule"/> (or derived), restricted to <paramref name="role"/> when given.</summary>
    /// <typeparam name="TModule">A module type, e.g. <c>TorchSharp.Modules.Conv2d</c> or a user's own module class.</typeparam>
    public static InitRule ForModule<TModule>(ParameterRole? role, IInitializer initializer) where TModule : TorchSharp.torch.nn.Module =>
        new($"type {typeof(TModule).Name}{RoleSuffix(role)}", RulePrecedence.ModuleType, initializer, (s, _) => s.ModuleType.IsAssignableTo(typeof(TModule)) && (role is null || s.Role == role));

    /// <summary>
    /// Parameters of the layer at <paramref name="position"/> (0-based; −1 is the last layer, −2 the one before, …;
    /// see <see cref="ParameterSite.Layer"/>), restricted to <paramref name="role"/> when given.
    /// </summary>
    public static InitRule ForLayer(int position, ParameterRole? role, IInitializer initializer) =>
        new($"layer {position}{RoleSuffix(role)}", RulePrecedence.Position, initializer,
            (s, count) => s.Layer >= 0 && (position >= 0 ? s.Layer == position : s.Layer == count + position) && (role is null || s.Role == role), position);

    /// <summary>
    /// Parameters whose dotted name matches <paramref name="glob"/> as a whole: <c>*</c> matches within one segment
    /// (no dot), <c>**</c> matches anything, <c>?</c> one character; e.g. <c>encoder.*.weight</c>, <c>**.bias</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="glob"/> is empty.</exception>
    public static InitRule ForName(string glob, IInitializer initializer)
    {
        if (string.IsNullOrWhiteSpace(glob))
        {
            throw new ArgumentException($"a name glob must not be empty; got \"{glob}\" (e.g. \"encoder.*.weight\")", nameof(glob));
        }

        var regex = new Regex(GlobToRegex(glob), RegexOptions.CultureInvariant);
        return new InitRule($"name {glob}", RulePrecedence.Name, initializer, (s, _) => regex.IsMatch(s.Name)) { NamePattern = glob };
    }

    /// <summary>Parameters whose dotted name <paramref name="regex"/> matches (anywhere, unless anchored).</summary>
    public static InitRule ForNameRegex(Regex regex, IInitializer initializer)
    {
        ArgumentNullException.ThrowIfNull(regex);
        return new InitRule($"regex {regex}", RulePrecedence.Name, initializer, (s, _) => regex.IsMatch(s.Name)) { NamePattern = regex.ToString() };
    }

    /// <summary>
    /// A copy whose draw is multiplied by the gain of <paramref name="nonlinearity"/> (<see cref="Gain.For(string, double?)"/>:
    /// tanh 5/3, relu √2, …). Use it with gain-1 initializers such as <c>xavier_normal</c> or <c>orthogonal</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The nonlinearity is unknown (see <see cref="Gain.For(string, double?)"/>).</exception>
    public InitRule WithGain(string nonlinearity, double? parameter = null) =>
        new(Description, Precedence, Initializer, _matches, Position) { NamePattern = NamePattern, Nonlinearity = nonlinearity, Gain = Initializers.Gain.For(nonlinearity, parameter) };

    /// <summary>Whether the rule matches <paramref name="site"/> in a model with <paramref name="layerCount"/> layers.</summary>
    public bool Matches(ParameterSite site, int layerCount)
    {
        ArgumentNullException.ThrowIfNull(site);
        return _matches(site, layerCount);
    }

    /// <inheritdoc/>
    public override string ToString() => Nonlinearity is null ? Description : $"{Description} ×gain({Nonlinearity})";

    internal static bool IsWeight(ParameterRole role) => role is ParameterRole.Weight or ParameterRole.InputToHidden or ParameterRole.HiddenToHidden;

    private static string RoleSuffix(ParameterRole? role) => role is { } r ? $" {Token(r)}" : string.Empty;

    private static string Token(Enum value) => value switch
    {
        LayerKind.ConvolutionTranspose => "conv_transpose",
        LayerKind.Convolution => "conv",
        ParameterRole.InputToHidden => "input_to_hidden",
        ParameterRole.HiddenToHidden => "hidden_to_hidden",
        _ => value.ToString().ToLowerInvariant(),
    };

    private static string GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else
            {
                pattern.Append(c switch { '*' => "[^.]*", '?' => "[^.]", _ => Regex.Escape(c.ToString()) });
            }
        }

        return pattern.Append('$').ToString();
    }
}
