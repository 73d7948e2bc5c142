using System.Globalization;

namespace Batchivo;

/// <summary>
/// A mass in grams, kept at full decimal precision; rounding happens only when it is shown.
/// </summary>
/// <remarks>A <see cref="Mass"/> may be negative when it is a difference (a variance); a weight is never negative.</remarks>
public readonly record struct Mass : IComparable<Mass>
{
    /// <summary>Creates a mass from grams.</summary>
    /// <param name="grams">The mass in grams.</param>
    public Mass(decimal grams) => Grams = grams;

    /// <summary>The mass in grams.</summary>
    public decimal Grams { get; }

    /// <summary>Zero grams.</summary>
    public static Mass Zero => default;

    /// <summary>Creates a mass from grams.</summary>
    /// <param name="grams">The mass in grams.</param>
    /// <returns>The mass.</returns>
    public static Mass FromGrams(decimal grams) => new(grams);

    /// <summary>Creates a mass from kilograms.</summary>
    /// <param name="kilograms">The mass in kilograms.</param>
    /// <returns>The mass.</returns>
    public static Mass FromKilograms(decimal kilograms) => new(kilograms * 1000m);

    /// <summary>
    /// Creates a weight (a mass that can be put on a scale), refusing zero, negative values and values above
    /// <see cref="Limits.MaxWeightGrams"/>.
    /// </summary>
    /// <param name="grams">The weight in grams.</param>
    /// <param name="what">What is weighed, for the error message (e.g. "weight before of spool PLA-001").</param>
    /// <returns>The weight.</returns>
    /// <exception cref="DomainRuleException">The value is zero or negative (<see cref="DomainRule.WeightMustBePositive"/>), or above 100 kg (<see cref="DomainRule.OutOfRange"/>).</exception>
    public static Mass Weight(decimal grams, string what) =>
        Limits.Weight(new Mass(grams), what, positive: true, "Weigh again and enter the scale's reading in grams.");

    /// <summary>True when this mass is below zero.</summary>
    public bool IsNegative => Grams < 0m;

    /// <summary>Returns the larger of this mass and zero.</summary>
    /// <returns>The clamped mass.</returns>
    public Mass ClampToZero() => Grams < 0m ? Zero : this;

    /// <summary>Adds two masses.</summary>
    public static Mass operator +(Mass left, Mass right) => new(left.Grams + right.Grams);

    /// <summary>Subtracts two masses.</summary>
    public static Mass operator -(Mass left, Mass right) => new(left.Grams - right.Grams);

    /// <summary>Negates a mass.</summary>
    public static Mass operator -(Mass value) => new(-value.Grams);

    /// <summary>Scales a mass.</summary>
    public static Mass operator *(Mass left, decimal factor) => new(left.Grams * factor);

    /// <summary>Scales a mass.</summary>
    public static Mass operator *(decimal factor, Mass right) => new(right.Grams * factor);

    /// <summary>Compares two masses.</summary>
    public static bool operator <(Mass left, Mass right) => left.Grams < right.Grams;

    /// <summary>Compares two masses.</summary>
    public static bool operator >(Mass left, Mass right) => left.Grams > right.Grams;

    /// <summary>Compares two masses.</summary>
    public static bool operator <=(Mass left, Mass right) => left.Grams <= right.Grams;

    /// <summary>Compares two masses.</summary>
    public static bool operator >=(Mass left, Mass right) => left.Grams >= right.Grams;

    /// <summary>Adds two masses.</summary>
    /// <param name="left">The first mass.</param>
    /// <param name="right">The second mass.</param>
    /// <returns>The sum.</returns>
    public static Mass Add(Mass left, Mass right) => left + right;

    /// <summary>Subtracts two masses.</summary>
    /// <param name="left">The first mass.</param>
    /// <param name="right">The mass to subtract.</param>
    /// <returns>The difference.</returns>
    public static Mass Subtract(Mass left, Mass right) => left - right;

    /// <summary>Negates a mass.</summary>
    /// <param name="value">The mass.</param>
    /// <returns>The negated mass.</returns>
    public static Mass Negate(Mass value) => -value;

    /// <summary>Scales a mass.</summary>
    /// <param name="left">The mass.</param>
    /// <param name="factor">The factor.</param>
    /// <returns>The scaled mass.</returns>
    public static Mass Multiply(Mass left, decimal factor) => left * factor;

    /// <inheritdoc />
    public int CompareTo(Mass other) => Grams.CompareTo(other.Grams);

    /// <summary>Shows the mass with 0.1 g, e.g. <c>192.0 g</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Grams.ToString("0.0", CultureInfo.InvariantCulture) + " g";

    /// <summary>Shows the mass rounded to whole grams without a space, as in reports: <c>192g</c>.</summary>
    /// <param name="showPlus">Whether to show a plus sign for positive values.</param>
    /// <returns>The text.</returns>
    public string ToReportString(bool showPlus = false) => Format(Grams, showPlus) + "g";

    internal static string Format(decimal grams, bool showPlus)
    {
        var rounded = decimal.Round(grams, 1, MidpointRounding.AwayFromZero);
        var text = rounded == decimal.Truncate(rounded)
            ? rounded.ToString("0", CultureInfo.InvariantCulture)
            : rounded.ToString("0.0", CultureInfo.InvariantCulture);
        return showPlus && rounded > 0m ? "+" + text : text;
    }
}
