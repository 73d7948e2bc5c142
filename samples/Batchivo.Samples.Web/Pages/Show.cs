using System.Globalization;

namespace Batchivo.Samples.Web.Pages;

/// <summary>
/// Figures as the dashboard shows them, in the user's culture (from the browser's Accept-Language): grams to a tenth
/// with a "g" as the report writes them (192g, +7g), percentages to a tenth, money with its currency's symbol and two
/// decimals (+$0.16), dates as the culture writes them. Nothing is computed here.
/// </summary>
public static class Show
{
    /// <summary>The text of a figure that does not exist yet.</summary>
    public const string None = "–";

    public static string Grams(decimal? grams, bool plus = false) =>
        grams is { } g ? Sign(decimal.Round(g, 1, MidpointRounding.AwayFromZero), plus) + Number(Math.Abs(decimal.Round(g, 1, MidpointRounding.AwayFromZero)), "#,0.#") + "g" : None;

    public static string Percent(decimal? percent, bool plus = false) =>
        percent is { } p ? Sign(decimal.Round(p, 1, MidpointRounding.AwayFromZero), plus) + Number(Math.Abs(decimal.Round(p, 1, MidpointRounding.AwayFromZero)), "0.0") + "%" : None;

    public static string Money(MoneyJson? money, bool plus = false)
    {
        if (money is null)
        {
            return None;
        }

        var rounded = decimal.Round(money.Amount, 2, MidpointRounding.AwayFromZero);
        var number = Number(Math.Abs(rounded), "#,0.00");
        var sign = Sign(rounded, plus);
        return money.Currency switch
        {
            "USD" => $"{sign}${number}",
            "EUR" => $"{sign}€{number}",
            "GBP" => $"{sign}£{number}",
            _ => $"{sign}{number} {money.Currency}",
        };
    }

    public static string Count(long count) => count.ToString("#,0", CultureInfo.CurrentCulture);

    public static string Figure(decimal? value, string format = "#,0.##") => value is { } v ? Number(v, format) : None;

    /// <summary>A moment in the culture's short date and time, in UTC (the page's script shows it in the browser's zone).</summary>
    public static string Date(DateTimeOffset? at) => at is { } a ? a.UtcDateTime.ToString("g", CultureInfo.CurrentCulture) + " UTC" : None;

    /// <summary>The moment as an HTML datetime attribute.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Stars(int? stars) => stars is { } s ? new string('★', s) + new string('☆', 5 - s) + $" ({s}/5)" : None;

    /// <summary>A status as the documents write it (in-progress).</summary>
    public static string Status(Batchivo.Production.RunStatus status) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    /// <summary>Text made fit for an HTML id: letters and digits kept, anything else a hyphen ("STAND:PLA Black" is "STAND-PLA-Black").</summary>
    public static string Id(string text) => string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    /// <summary>A number as a number input's value: with a dot, whatever the culture (the browser shows it in the user's).</summary>
    public static string? Input(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A number from a form. Number inputs send it with a dot whatever the user's culture, so it is read as every host
    /// reads typed numbers (<see cref="InputValues"/>): strictly, a comma refused rather than guessed at.
    /// </summary>
    /// <exception cref="FormatException">The text is not a number; the message names the field and the accepted form.</exception>
    public static decimal? Parse(string? text, string field, bool allowNegative = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var read = InputValues.TryParseDecimal(text.Trim(), allowNegative);
        return read.Success ? read.Value : throw new FormatException($"{field}: {read.Error}");
    }

    /// <summary>A weight in grams from a form, read as <see cref="Parse"/> reads numbers; null when left empty.</summary>
    public static Mass? ParseGrams(string? text, string field) => Parse(text, field) is { } grams ? Mass.FromGrams(grams) : null;

    /// <summary>A text field's value, trimmed; null when left empty.</summary>
    public static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A whole number from a form, read as <see cref="Parse"/> reads decimals.</summary>
    public static int? ParseInt(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var read = InputValues.TryParseInteger(text.Trim());
        return read.Success ? read.Value : throw new FormatException($"{field}: {read.Error}");
    }

    private static string Number(decimal value, string format) => value.ToString(format, CultureInfo.CurrentCulture);

    private static string Sign(decimal rounded, bool plus) => rounded < 0m ? "-" : plus && rounded > 0m ? "+" : string.Empty;
}
