using System.Globalization;

namespace Batchivo;

/// <summary>Percentages: undefined (null) when the base is zero, shown with one decimal and a sign.</summary>
public static class Percent
{
    /// <summary>Computes <paramref name="part"/> as a percentage of <paramref name="whole"/>.</summary>
    /// <param name="part">The part.</param>
    /// <param name="whole">The base.</param>
    /// <returns>The percentage (e.g. 3.78 for 3.78 %), or null when the base is zero.</returns>
    public static decimal? Of(decimal part, decimal whole) => whole == 0m ? null : part * 100m / whole;

    /// <summary>Computes a ratio (0..1 for shares), or null when the base is zero.</summary>
    /// <param name="part">The part.</param>
    /// <param name="whole">The base.</param>
    /// <returns>The ratio, or null.</returns>
    public static decimal? Ratio(decimal part, decimal whole) => whole == 0m ? null : part / whole;

    /// <summary>Shows a percentage with one decimal and a sign, e.g. <c>+3.8%</c>; <c>n/a</c> when undefined.</summary>
    /// <param name="percent">The percentage.</param>
    /// <param name="showPlus">Whether to show a plus sign for positive values.</param>
    /// <returns>The text.</returns>
    public static string Format(decimal? percent, bool showPlus = true)
    {
        if (percent is not { } value)
        {
            return "n/a";
        }

        var rounded = decimal.Round(value, 1, MidpointRounding.AwayFromZero);
        var text = rounded.ToString("0.0", CultureInfo.InvariantCulture) + "%";
        return showPlus && rounded > 0m ? "+" + text : text;
    }
}
