using System.Globalization;

namespace WeightInit.Initializers;

/// <summary>Builds <see cref="IInitializer.Name"/> strings in the grammar <see cref="Initializer.Parse(string)"/> reads back.</summary>
internal static class InitializerName
{
    public static string Of(string name, params (string Key, object Value)[] parameters) =>
        parameters.Length == 0
            ? name
            : $"{name}({string.Join(", ", parameters.Select(p => $"{p.Key}={Text(p.Value)}"))})";

    public static string Text(object value) => value switch
    {
        double d => Guard.Format(d),
        FanMode m => Token(m),
        ScalingDistribution s => Token(s),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static string Token(FanMode mode) => mode switch
    {
        FanMode.FanIn => "fan_in",
        FanMode.FanOut => "fan_out",
        FanMode.FanAvg => "fan_avg",
        FanMode.FanGeoAvg => "fan_geo_avg",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, $"unknown fan mode {(int)mode}; expected one of {string.Join(", ", Enum.GetNames<FanMode>())}"),
    };

    public static string Token(ScalingDistribution distribution) => distribution switch
    {
        ScalingDistribution.Normal => "normal",
        ScalingDistribution.TruncatedNormal => "truncated_normal",
        ScalingDistribution.Uniform => "uniform",
        _ => throw new ArgumentOutOfRangeException(
            nameof(distribution), distribution, $"unknown distribution {(int)distribution}; expected one of {string.Join(", ", Enum.GetNames<ScalingDistribution>())}"),
    };
}
