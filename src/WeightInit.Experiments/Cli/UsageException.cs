namespace WeightInit.Experiments.Cli;

/// <summary>A command-line value that parsed but makes no sense; reported in one line with exit code 2.</summary>
internal sealed class UsageException(string option, string message) : Exception($"{option}: {System.Text.RegularExpressions.Regex.Replace(message, @" \(Parameter '[^']*'\)$", string.Empty)}")
{
    /// <summary>The option at fault, e.g. <c>--shard</c>.</summary>
    public string Option { get; } = option;
}
