using System.CommandLine;
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
        var grams = Number(parts[1], "--bom", text);
        var supports = parts.Length == 3 ? Number(parts[2], "--bom", text) : 0m;
        return new BomLine(material, Mass.FromGrams(grams), Mass.FromGrams(supports));
    }

    /// <summary>"M3 insert:4:0.10" (name, count per unit, cost of one).</summary>
    public static ProductComponent Component(string text, string currency)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length != 3)
        {
            throw new InputException($"--component '{text}' is not a component. Write NAME:COUNT:UNIT_COST, e.g. --component \"M3 insert:4:0.10\".");
        }

        var count = InputValues.TryParseInteger(parts[1]);
        if (!count.Success)
        {
            throw new InputException($"--component '{text}': the count {count.Error} Write NAME:COUNT:UNIT_COST, e.g. --component \"M3 insert:4:0.10\".");
        }

        return new ProductComponent(parts[0], count.Value, new Money(Number(parts[2], "--component", text), currency));
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

    /// <summary>Validates a repeated option's values with <paramref name="parse"/> at parse time, so a bad value is a usage error.</summary>
    public static Option<string[]> Checked(this Option<string[]> option, Action<string> parse)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                try
                {
                    parse(token.Value);
                }
                catch (BatchivoException ex)
                {
                    result.AddError(ex.Message);
                    return;
                }
            }
        });
        return option;
    }

    private static decimal Number(string part, string option, string text)
    {
        var number = InputValues.TryParseDecimal(part);
        return number.Success ? number.Value : throw new InputException($"{option} '{text}': {number.Error}");
    }
}
