using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// Sartorius SBI lines, the answers to <c>ESC P</c> and the continuous print:
/// <list type="bullet">
/// <item>weights: 16 characters (sign or space, the value with spaces for leading zeros, a space, a 3-character unit,
/// CR LF), or 22 with an id of up to 6 characters in front (<c>N     </c>, <c>G#    </c>, <c>Qnt </c>...). The unit is
/// blank while the weight moves, and a leading <c>?</c> marks a moving weight too. Milligrams are converted to
/// grams; other units (pieces, percent) are a <see cref="ScaleFault.NotSupported"/> fault.</item>
/// <item>status: <c>H</c>, <c>HH</c>, <c>High</c> overload, <c>L</c>, <c>LL</c>, <c>Low</c> underload, alone or after
/// <c>Stat</c>; errors in any spelling with the word ERR (<c>Err 101</c>, <c>ERR</c>, <c>APP. ERR</c>,
/// <c>Stat PRT. ERR</c>); any other <c>Stat</c> line (<c>Stat Cal.Int.</c>: calibrating) is a
/// <see cref="ScaleFault.DeviceError"/>, never a weight.</item>
/// <item>identity replies: model and serial-number lines (<c>WZA8202-N</c>, <c>SerNo.    0031801165</c>,
/// <c>BAC:        00-39-21</c>) and short bare numbers (<c>0.090</c>, <c>   079</c>) are <see cref="InfoFrame"/>s, not
/// weights.</item>
/// </list>
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class SartoriusSbiFrames
{
    /// <summary>A weight without a unit (the weight moves) is a whole frame: sign, value and the blank unit field.</summary>
    private const int BlankUnitFrameLength = 14;

    /// <summary>Parses one line (with or without its CR LF).</summary>
    /// <param name="line">The line.</param>
    /// <returns>The frame; never throws for any input.</returns>
    public static ScaleFrame Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = FrameText.WithoutLineEnd(line);
        var content = text.Trim();
        if (content.Length == 0 || text.Length > FrameText.MaxLength || !FrameText.IsPrintableAscii(text))
        {
            return new InvalidFrame(text, "not a line of printable ASCII of at most 64 characters");
        }

        if (content.StartsWith("Stat", StringComparison.Ordinal) && (content.Length == 4 || content[4] == ' '))
        {
            return Status(text, content[4..].Trim()) ?? new FaultFrame(
                text,
                ScaleFault.DeviceError,
                $"the balance shows '{content[4..].Trim()}' instead of a weight (e.g. it is calibrating); wait until it shows a weight");
        }

        if ((Status(text, content.TrimStart('+', '-', ' ')) ?? Status(text, StripId(content).TrimStart('+', '-', ' '))) is { } status)
        {
            return status;
        }

        if (TryWeight(text) is { } weight)
        {
            return weight;
        }

        return IsIdentity(text, content)
            ? new InfoFrame(text, content)
            : new InvalidFrame(text, "not a Sartorius weight, status or identity line");
    }

    /// <summary>Overload, underload or an error, from the words after an id or <c>Stat</c>; null for anything else.</summary>
    private static FaultFrame? Status(string text, string words)
    {
        if (words is "H" or "HH" or "High")
        {
            return new FaultFrame(text, ScaleFault.Overload, $"the load is above the scale's range ({words})");
        }

        if (words is "L" or "LL" or "Low")
        {
            return new FaultFrame(text, ScaleFault.Underload, $"the load is below the scale's range ({words})");
        }

        foreach (var word in words.Split([' ', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Equals("ERR", StringComparison.OrdinalIgnoreCase))
            {
                return new FaultFrame(text, ScaleFault.DeviceError, $"the scale reports {words}");
            }
        }

        return null;
    }

    /// <summary>The content without a leading id (letters, digits, <c>#</c>, then at least one space), if it has one.</summary>
    private static string StripId(string content)
    {
        var end = IdLength(content);
        return end > 0 ? content[end..] : content;
    }

    /// <summary>How long the id in front is (up to 6 letters, digits or <c>#</c>, starting with a letter, then spaces); 0 without one.</summary>
    private static int IdLength(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0]))
        {
            return 0;
        }

        var i = 1;
        while (i < s.Length && i < 6 && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '#'))
        {
            i++;
        }

        if (i >= s.Length || s[i] != ' ')
        {
            return 0;
        }

        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        return i;
    }

    /// <summary>A weight line: <c>[?][id][?]sign value [unit]</c>; null when the line is not shaped like one.</summary>
    private static ScaleFrame? TryWeight(string text)
    {
        var body = text;
        var moving = false;
        if (body.StartsWith('?'))
        {
            moving = true;
            body = body[1..];
        }

        var id = IdLength(body);
        if (id > 0)
        {
            body = body[id..];
        }
        else if (body.Length > 0 && char.IsAsciiLetter(body[0]))
        {
            return null;
        }

        if (body.StartsWith('?'))
        {
            moving = true;
            body = body[1..];
        }

        var (number, unit) = FrameText.SplitUnit(body);
        var signed = number.TrimStart().StartsWith('+') || number.TrimStart().StartsWith('-');
        if (!FrameText.TryParseSigned(number, out _))
        {
            // A unit after something that is not a number is a broken weight line; without a unit it may be an identity.
            return unit.Length > 0 && number.Trim().Length > 0 && !number.Trim().Any(char.IsAsciiLetter) ? new InvalidFrame(text, $"'{number.Trim()}' is not a number") : null;
        }

        if (unit.Length == 0 && !signed && body.Length < BlankUnitFrameLength)
        {
            // A short bare number (0.090, "   079") is an identity or a version, not a weight fragment.
            return null;
        }

        var frame = FrameText.WeightOrUnitFault(text, number, unit, stable: !moving, command: null, unitMayBeBlank: true);
        return frame is WeightFrame { Unit: null } blank ? blank with { IsStable = false } : frame;
    }

    /// <summary>A model or serial-number line: starts with a letter or digit, holds a digit, and only the characters such lines use.</summary>
    private static bool IsIdentity(string text, string content)
    {
        var bareNumber = content.All(c => char.IsAsciiDigit(c) || c == '.') && content.Length < BlankUnitFrameLength;
        if (bareNumber)
        {
            return true;
        }

        return char.IsAsciiLetterOrDigit(text[0])
            && content.Any(char.IsAsciiDigit)
            && content.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '.' or ':' or '/' or '_' or '#');
    }
}
