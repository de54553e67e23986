namespace WeightInit.Initializers;

/// <summary>Validation shared by the presets' constructors; only <see cref="VarianceScaling"/> has logic.</summary>
internal static class PresetArguments
{
    public static double Squared(double gain, string paramName) => Math.Pow(Guard.Positive(gain, paramName), 2);

    public static double HeScale(double a, string nonlinearity) => Math.Pow(HeGain(a, nonlinearity), 2);

    /// <summary>PyTorch's <c>calculate_gain(nonlinearity, a)</c> as <c>kaiming_*</c> call it, after this library's checks.</summary>
    public static double HeGain(double a, string nonlinearity)
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

        return leaky ? Gain.For("leaky_relu", a) : Gain.For(nonlinearity);
    }

    /// <summary><c>kaiming_uniform_</c>/<c>kaiming_normal_</c>'s <c>std = gain / √fan</c>, in PyTorch's order of operations.</summary>
    public static Func<Fan, double> KaimingStd(double gain, FanMode mode) => fan => gain / Math.Sqrt(fan.Count(mode));

    /// <summary><c>xavier_uniform_</c>/<c>xavier_normal_</c>'s <c>std = gain · √(2 / (fan_in + fan_out))</c>, in PyTorch's order of operations.</summary>
    public static Func<Fan, double> XavierStd(double gain) => fan => gain * Math.Sqrt(2.0 / (fan.In + fan.Out));

    public static string HeName(string name, double a, FanMode mode, string nonlinearity) =>
        InitializerName.Of(name, ("a", a), ("mode", mode), ("nonlinearity", nonlinearity?.Trim().ToLowerInvariant() ?? string.Empty));
}
