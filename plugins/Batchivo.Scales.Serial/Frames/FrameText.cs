using System.Globalization;
using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>Pieces the protocols share: printable text, signed values with spaces for leading zeros, unit symbols.</summary>
internal static class FrameText
{
    /// <summary>Longer lines are not frames of any supported protocol.</summary>
    public const int MaxLength = 64;

    public static bool IsPrintableAscii(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Strips the line end a caller may have left on.</summary>
    public static string WithoutLineEnd(string line) => line.TrimEnd('\r', '\n');

    /// <summary>
    /// Reads <c>[sign][spaces]digits[.digits]</c>: the sign may be separated from the digits by spaces (fixed-width
    /// fields pad leading zeros with spaces). Rejects anything else.
    /// </summary>
    public static bool TryParseSigned(string text, out decimal value)
    {
        value = 0m;
        var s = text.Trim();
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..].TrimStart();
        }

        if (s.Length == 0 || s.Length > 20)
        {
            return false;
        }

        var digits = 0;
        var points = 0;
        foreach (var c in s)
        {
            if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (c == '.')
            {
                points++;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || points > 1 || !decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    /// <summary>Splits <c>"+  1.234kg"</c> or <c>"-00012.5 g"</c> into the value part and the trailing unit symbol (maybe empty).</summary>
    public static (string Number, string Unit) SplitUnit(string field)
    {
        var s = field.TrimEnd();
        var end = s.Length;
        var start = end;
        while (start > 0 && (char.IsAsciiLetter(s[start - 1]) || s[start - 1] == '%'))
        {
            start--;
        }

        return (s[..start], s[start..end]);
    }

    /// <summary>The weight unit of a symbol: g, kg, lb (lbs), oz, any case.</summary>
    public static WeightUnit? Unit(string symbol) => symbol.ToUpperInvariant() switch
    {
        "G" => WeightUnit.Gram,
        "KG" => WeightUnit.Kilogram,
        "LB" or "LBS" => WeightUnit.Pound,
        "OZ" => WeightUnit.Ounce,
        _ => null,
    };

    /// <summary>Whether a symbol is a weight unit the frames read: g, kg, lb, oz, or mg (converted to grams).</summary>
    public static bool IsWeightUnit(string symbol) => Unit(symbol) is not null || symbol.Equals("mg", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The frame for a value field with a unit symbol: a weight when the unit is one of ours, or milligrams (converted to
    /// grams), a <see cref="ScaleFault.NotSupported"/> fault for another unit (the scale is set to ct, pieces, %...),
    /// invalid otherwise.
    /// </summary>
    public static ScaleFrame WeightOrUnitFault(string text, string number, string unit, bool? stable, string? command, bool unitMayBeBlank)
    {
        if (!TryParseSigned(number, out var value))
        {
            return new InvalidFrame(text, $"'{number.Trim()}' is not a number");
        }

        if (unit.Length == 0)
        {
            return unitMayBeBlank
                ? new WeightFrame(text, value, null, false, command)
                : new InvalidFrame(text, "the weight has no unit");
        }

        if (Unit(unit) is { } known)
        {
            return new WeightFrame(text, value, known, stable, command);
        }

        if (unit.Equals("mg", StringComparison.OrdinalIgnoreCase))
        {
            // A weight all the same: in grams, exactly (a thousandth is a decimal shift).
            return new WeightFrame(text, value / 1000m, WeightUnit.Gram, stable, command);
        }

        return unit.Length <= 4
            ? new FaultFrame(text, ScaleFault.NotSupported, $"the scale weighs in '{unit}', not in g, kg, lb or oz", command)
            : new InvalidFrame(text, $"'{unit}' is not a unit");
    }
}
