using System.Globalization;

namespace Batchivo;

/// <summary>
/// The realistic range of every quantity, weight, price, duration and text the domain accepts. Values outside are
/// refused where they enter (constructors and domain methods) with <see cref="DomainRuleException"/>
/// (<see cref="DomainRule.OutOfRange"/>), so every sum the library computes stays far from overflow.
/// </summary>
public static class Limits
{
    /// <summary>The heaviest weight in grams of one spool reading, nominal net, tare, or purge/tower/support figure: 100 kg.</summary>
    public const decimal MaxWeightGrams = 100_000m;

    /// <summary>The most grams per unit of one BOM line: 10 kg.</summary>
    public const decimal MaxGramsPerUnit = 10_000m;

    /// <summary>The most units of one product in one run.</summary>
    public const int MaxQuantity = 100_000;

    /// <summary>The highest price or unit cost, in any currency.</summary>
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>The most components of one kind per unit of a product.</summary>
    public const int MaxComponentCount = 10_000;

    /// <summary>The longest print time of a run or of a unit: 10,000 hours.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(10_000);

    /// <summary>The longest name (product, printer, model, material type or colour, brand, component).</summary>
    public const int MaxNameLength = 100;

    /// <summary>The longest code (spool code, product SKU, spool type, bed position).</summary>
    public const int MaxCodeLength = 40;

    /// <summary>The longest free text (notes, a correction's reason, a weighing's note).</summary>
    public const int MaxTextLength = 4_000;

    /// <summary>Shows a decimal with every digit it has (850.0001, not 850.0), so a message tells values apart.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    internal static string Exact(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>Shows grams as a mass is shown (850.0 g), or with every digit when 0.1 g would hide some (850.0001 g).</summary>
    /// <param name="grams">The grams.</param>
    /// <returns>The text, with the unit.</returns>
    internal static string Grams(decimal grams) =>
        (decimal.Round(grams, 1) == grams ? grams.ToString("0.0", CultureInfo.InvariantCulture) : Exact(grams)) + " g";

    /// <summary>Refuses a weight-like value outside 0..<see cref="MaxWeightGrams"/> (0 excluded when <paramref name="positive"/>).</summary>
    internal static Mass Weight(Mass value, string what, bool positive, string todo)
    {
        var grams = value.Grams;
        if ((positive ? grams <= 0m : grams < 0m) || grams > MaxWeightGrams)
        {
            throw new DomainRuleException(
                grams < 0m || (positive && grams == 0m) ? DomainRule.WeightMustBePositive : DomainRule.OutOfRange,
                $"The {what} must be {(positive ? "more than 0" : "0 or more")} and at most {MaxWeightGrams.ToString(CultureInfo.InvariantCulture)} g (100 kg), but {(positive ? Exact(grams) + " g" : Grams(grams))} was given. {todo}");
        }

        return value;
    }

    /// <summary>Refuses a count outside 1..<paramref name="max"/>.</summary>
    internal static int Count(int value, int max, string what, string todo)
    {
        if (value < 1 || value > max)
        {
            throw new DomainRuleException(
                value < 1 ? DomainRule.QuantityMustBePositive : DomainRule.OutOfRange,
                $"The {what} must be 1 to {max.ToString(CultureInfo.InvariantCulture)}, but {value.ToString(CultureInfo.InvariantCulture)} was given. {todo}");
        }

        return value;
    }

    /// <summary>Refuses a price outside 0..<see cref="MaxPrice"/>.</summary>
    internal static Money Price(Money value, string what)
    {
        if (value.Amount < 0m || value.Amount > MaxPrice)
        {
            throw new DomainRuleException(
                DomainRule.CatalogValue,
                $"The {what} must be 0 to {MaxPrice.ToString("#,0", CultureInfo.InvariantCulture)} {value.Currency}, but {Exact(value.Amount)} {value.Currency} was given. Enter the price of one item in its currency.");
        }

        return value;
    }

    /// <summary>Refuses a duration that is not positive or above <see cref="MaxDuration"/>.</summary>
    internal static TimeSpan Duration(TimeSpan value, string what, DomainRule rule)
    {
        if (value <= TimeSpan.Zero || value > MaxDuration)
        {
            throw new DomainRuleException(
                value <= TimeSpan.Zero ? rule : DomainRule.OutOfRange,
                $"The {what} must be more than 0 and at most 10000 hours, but {Exact((decimal)value.TotalHours)} hours was given. Give the print time in hours, e.g. 4.5.");
        }

        return value;
    }

    /// <summary>Refuses a text longer than <paramref name="max"/> characters.</summary>
    internal static string? Length(string? value, int max, string what)
    {
        if (value is not null && value.Length > max)
        {
            throw new DomainRuleException(
                DomainRule.OutOfRange,
                $"The {what} is {value.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {max.ToString(CultureInfo.InvariantCulture)} are allowed. Shorten it.");
        }

        return value;
    }
}
