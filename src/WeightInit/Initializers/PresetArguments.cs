namespace WeightInit.Initializers;

/// <summary>Validation shared by the presets' constructors; only <see cref="VarianceScaling"/> has logic.</summary>
internal static class PresetArguments
{
    public static double Squared(double gain, string paramName) => Math.Pow(Guard.Positive(gain, paramName), 2);

    public static double HeScale(double a, string nonlinearity)
    {
        ArgumentNullException.ThrowIfNull(nonlinearity);
        Guard.Finite(a, nameof(a));
        bool leaky = nonlinearity.Trim().Equals("leaky_relu", StringComparison.OrdinalIgnoreCase);
        if (!leaky && a != 0.0)
        {
            throw new ArgumentException(
                $"a (the leaky ReLU slope) only applies to nonlinearity leaky_relu; got a = {Guard.Format(a)} with '{nonlinearity}'. Use a = 0 or nonlinearity leaky_relu.",
                nameof(a));
        }

        return Math.Pow(leaky ? Gain.For("leaky_relu", a) : Gain.For(nonlinearity), 2);
    }

    public static string HeName(string name, double a, FanMode mode, string nonlinearity) =>
        InitializerName.Of(name, ("a", a), ("mode", mode), ("nonlinearity", nonlinearity?.Trim().ToLowerInvariant() ?? string.Empty));
}
