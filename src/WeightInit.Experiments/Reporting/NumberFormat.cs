using System.Globalization;

namespace WeightInit.Experiments.Reporting;

/// <summary>How a number is written in the report (always invariant culture).</summary>
public sealed class NumberFormat
{
    private readonly Func<double, string> _format;

    private NumberFormat(Func<double, string> format) => _format = format;

    /// <summary>
    /// Rounded to <paramref name="figures"/> significant figures, trailing zeros kept: 0.0943, 0.361, 97.7, 1230;
    /// scientific with a two-digit exponent when |x| &lt; 0.001 or ≥ 10⁶: 5.95e-05, 2.50e+07. Zero is "0".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="figures"/> outside 1 … 15.</exception>
    public static NumberFormat SignificantFigures(int figures = 3)
    {
        if (figures is < 1 or > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(figures), figures, $"significant figures must be 1 to 15; got {figures}.");
        }

        return new NumberFormat(v => FormatSignificant(v, figures));
    }

    /// <summary>A fixed number of decimals (accuracies: 97.66).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decimals"/> outside 0 … 15.</exception>
    public static NumberFormat FixedDecimals(int decimals)
    {
        if (decimals is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, $"decimals must be 0 to 15; got {decimals}.");
        }

        return new NumberFormat(v => Special(v) ?? NoNegativeZero(v.ToString("F" + decimals, CultureInfo.InvariantCulture)));
    }

    /// <summary>Formats <paramref name="value"/>; NaN is "n/a", infinities "∞" and "−∞".</summary>
    public string Format(double value) => _format(value);

    private static string FormatSignificant(double value, int figures)
    {
        if (Special(value) is { } special)
        {
            return special;
        }

        if (value == 0)
        {
            return "0";
        }

        // "E" formatting rounds once, correctly, and tells us the exponent after rounding (9.996 → 1.00E+001).
        string scientific = value.ToString("E" + (figures - 1), CultureInfo.InvariantCulture);
        int e = scientific.IndexOf('E');
        int exponent = int.Parse(scientific.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -3 || exponent >= 6)
        {
            return scientific[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }

        double rounded = double.Parse(scientific, CultureInfo.InvariantCulture);
        int decimals = Math.Max(0, figures - 1 - exponent);
        return NoNegativeZero(rounded.ToString("F" + decimals, CultureInfo.InvariantCulture));
    }

    private static string? Special(double value) =>
        double.IsNaN(value) ? "n/a" : double.IsPositiveInfinity(value) ? "∞" : double.IsNegativeInfinity(value) ? "−∞" : null;

    private static string NoNegativeZero(string text) =>
        text.StartsWith('-') && text.Skip(1).All(c => c is '0' or '.') ? text[1..] : text;
}
