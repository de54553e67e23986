using System.Globalization;
using System.Reflection;
using WeightInit.Initializers;

namespace WeightInit.Tests.Initializers;

/// <summary>
/// An initializer's parameters as text, <c>Type(Property=value, …)</c> over every public property but <c>Name</c>
/// (doubles round-trip formatted, nested initializers expanded), so two initializers compare by what they draw with.
/// </summary>
internal static class InitializerParameters
{
    public static string Of(object initializer)
    {
        var properties = initializer.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(IInitializer.Name) && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={Text(p.GetValue(initializer))}");
        return $"{initializer.GetType().Name}({string.Join(", ", properties)})";
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IInitializer nested => Of(nested),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
