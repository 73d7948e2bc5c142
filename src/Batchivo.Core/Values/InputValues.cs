using System.Globalization;

namespace Batchivo;

/// <summary>The outcome of reading a value a user typed: the value, or why the text is not one.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class InputParseResult<T>
{
    internal InputParseResult(T value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>True when the text was read.</summary>
    public bool Success => Error is null;

    /// <summary>The value read; the type's default when <see cref="Success"/> is false.</summary>
    public T Value { get; }

    /// <summary>
    /// Why the text is not a value, with the accepted form and an example, as a sentence a host can show after the
    /// name of its option or field (e.g. <c>'850,5' is not a number. ...</c>); null on success.
    /// </summary>
    public string? Error { get; }
}

/// <summary>
/// Reads the numbers and dates a user types into a host (a command line, a form, a query string) in one strict,
/// culture-independent form, so that every host reads "850.5" the same way and refuses what it cannot read without
/// guessing.
/// </summary>
/// <remarks>
/// <para>Numbers are ASCII digits with an optional leading minus (where a negative value is allowed) and, for decimals, one
/// dot followed by digits: <c>850</c>, <c>850.5</c>, <c>-3</c>. Everything else is refused: a comma (<c>850,5</c> is
/// 850.5 in some cultures and 8505 in others), grouping separators (<c>1,000</c>, <c>1 000</c>), exponents
/// (<c>8.5e2</c>), a plus sign, a leading or trailing dot, spaces, and surrounding text (<c>850g</c>).</para>
/// <para>Dates and times are ISO 8601: <c>YYYY-MM-DD</c>, or <c>YYYY-MM-DDTHH:MM</c> with optional <c>:SS</c> and an
/// optional offset (<c>Z</c> or <c>+01:00</c>); UTC unless an offset is given. Thread-safe.</para>
/// </remarks>
public static class InputValues
{
    /// <summary>The accepted form of a decimal number, for help texts.</summary>
    public const string DecimalForm = "digits with a dot for decimals, e.g. 850.5";

    /// <summary>The accepted form of a whole number, for help texts.</summary>
    public const string IntegerForm = "digits only, e.g. 3";

    /// <summary>The accepted form of a date or date and time, for help texts.</summary>
    public const string InstantForm = "an ISO 8601 date YYYY-MM-DD or date and time YYYY-MM-DDTHH:MM[:SS], UTC unless an offset such as Z or +01:00 is given, e.g. 2026-11-01";

    private static readonly string[] InstantFormats =
    [
        "yyyy'-'MM'-'dd",
        "yyyy'-'MM'-'dd'T'HH':'mm",
        "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
        "yyyy'-'MM'-'dd'T'HH':'mm'Z'",
        "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'",
        "yyyy'-'MM'-'dd'T'HH':'mmzzz",
        "yyyy'-'MM'-'dd'T'HH':'mm':'sszzz",
    ];

    /// <summary>Reads a decimal number such as <c>850.5</c>.</summary>
    /// <param name="text">The text as typed.</param>
    /// <param name="allowNegative">Whether a leading minus is accepted.</param>
    /// <returns>The number, or why the text is not one.</returns>
    public static InputParseResult<decimal> TryParseDecimal(string? text, bool allowNegative = false)
    {
        if (Shape(text, allowFraction: true) is not { } negative)
        {
            return Fail<decimal>($"'{text}' is not a number. Write {DecimalForm}; no commas, spaces, thousands separators, exponents or units.");
        }

        if (negative && !allowNegative)
        {
            return Fail<decimal>($"'{text}' is negative. Give 0 or more, as {DecimalForm}.");
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? new(value, null)
            : Fail<decimal>($"'{text}' is too large to be a number here; give a realistic value, as {DecimalForm}.");
    }

    /// <summary>Reads a whole number such as <c>3</c>.</summary>
    /// <param name="text">The text as typed.</param>
    /// <param name="allowNegative">Whether a leading minus is accepted.</param>
    /// <returns>The number, or why the text is not one.</returns>
    public static InputParseResult<int> TryParseInteger(string? text, bool allowNegative = false)
    {
        if (Shape(text, allowFraction: false) is not { } negative)
        {
            return Fail<int>($"'{text}' is not a whole number. Write {IntegerForm}; no dots, commas, spaces, exponents or units.");
        }

        if (negative && !allowNegative)
        {
            return Fail<int>($"'{text}' is negative. Give 0 or more, as {IntegerForm}.");
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? new(value, null)
            : Fail<int>($"'{text}' is too large; a whole number here is at most {int.MaxValue.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Reads an ISO 8601 date (<c>2026-11-01</c>, midnight UTC) or date and time (<c>2026-11-01T08:00</c>, <c>2026-11-01T08:00:30+01:00</c>).</summary>
    /// <param name="text">The text as typed.</param>
    /// <returns>The instant (UTC unless the text gives an offset), or why the text is not one.</returns>
    public static InputParseResult<DateTimeOffset> TryParseInstant(string? text) =>
        text is not null && DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? new(value, null)
            : Fail<DateTimeOffset>($"'{text}' is not a date. Write {InstantForm}.");

    // Null when the text is not [-]digits[.digits]; otherwise whether it starts with a minus.
    private static bool? Shape(string? text, bool allowFraction)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var negative = text[0] == '-';
        var i = negative ? 1 : 0;
        var integerDigits = Digits(text, ref i);
        if (integerDigits == 0)
        {
            return null;
        }

        if (i < text.Length && text[i] == '.' && allowFraction)
        {
            i++;
            if (Digits(text, ref i) == 0)
            {
                return null;
            }
        }

        return i == text.Length ? negative : null;
    }

    private static int Digits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - start;
    }

    private static InputParseResult<T> Fail<T>(string error) => new(default!, error);
}
