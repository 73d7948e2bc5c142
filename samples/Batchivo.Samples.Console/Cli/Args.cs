using System.Globalization;
using Batchivo.Catalog;

namespace Batchivo.Samples.Console;

/// <summary>Turns command-line text into domain values; a malformed value is an <see cref="InputException"/> naming the option and an example.</summary>
internal static class Args
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"PLA Black" (type, then colour).</summary>
    public static MaterialSpec Material(string text, string option) =>
        text.Trim().Contains(' ', StringComparison.Ordinal)
            ? MaterialSpec.Parse(text)
            : throw new InputException($"{option} '{text}' is not a material. Give the type and the colour, e.g. {option} \"PLA Black\".");

    /// <summary>"PLA Black:45" or "PLA Black:45:5" (material, grams per unit, of which supports).</summary>
    public static BomLine Bom(string text)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3)
        {
            throw new InputException($"--bom '{text}' is not a BOM line. Write MATERIAL:GRAMS[:SUPPORT_GRAMS] per unit, e.g. --bom \"PLA Black:45:5\".");
        }

        var material = Material(parts[0], "--bom");
        var grams = Number(parts[1], "--bom", "\"PLA Black:45:5\"");
        var supports = parts.Length == 3 ? Number(parts[2], "--bom", "\"PLA Black:45:5\"") : 0m;
        return new BomLine(material, Mass.FromGrams(grams), Mass.FromGrams(supports));
    }

    /// <summary>"M3 insert:4:0.10" (name, count per unit, cost of one).</summary>
    public static ProductComponent Component(string text, string currency)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.Integer, Invariant, out var count))
        {
            throw new InputException($"--component '{text}' is not a component. Write NAME:COUNT:UNIT_COST, e.g. --component \"M3 insert:4:0.10\".");
        }

        return new ProductComponent(parts[0], count, new Money(Number(parts[2], "--component", "\"M3 insert:4:0.10\""), currency));
    }

    /// <summary>A date or date and time, UTC unless an offset is given: 2026-11-01, 2026-11-01T08:00, 2026-11-01T08:00+01:00.</summary>
    public static DateTimeOffset? Instant(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, Invariant, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new InputException($"{option} '{text}' is not a date. Give one as YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC unless an offset is given), e.g. {option} 2026-11-01.");
    }

    /// <summary>Hours as a number (4.5), to a duration.</summary>
    public static TimeSpan? Hours(decimal? hours, string option) => hours switch
    {
        null => null,
        > 0m and < 10000m => TimeSpan.FromHours((double)hours.Value),
        _ => throw new InputException($"{option} must be a positive number of hours below 10000, e.g. {option} 4.5; {hours.Value.ToString(Invariant)} was given."),
    };

    /// <summary>Minutes as a number, to a duration.</summary>
    public static TimeSpan? Minutes(decimal? minutes, string option) => minutes switch
    {
        null => null,
        > 0m and < 1000000m => TimeSpan.FromMinutes((double)minutes.Value),
        _ => throw new InputException($"{option} must be a positive number of minutes, e.g. {option} 35; {minutes.Value.ToString(Invariant)} was given."),
    };

    /// <summary>A gram value from an option, or null.</summary>
    public static Mass? Grams(decimal? grams) => grams is { } g ? Mass.FromGrams(g) : null;

    private static decimal Number(string text, string option, string example) =>
        decimal.TryParse(text, NumberStyles.Number, Invariant, out var value)
            ? value
            : throw new InputException($"{option}: '{text}' is not a number. Use digits with a dot for decimals, e.g. {option} {example}.");
}
