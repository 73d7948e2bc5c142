using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// Sartorius SBI print frames, the answer to <c>ESC P</c>: 16 characters (sign or space, the value with spaces for
/// leading zeros, a space, a 3-character unit, CR LF), or 22 with a 6-character id in front (<c>N     </c>,
/// <c>G     </c>...). The unit is blank while the weight moves. <c>H</c> is an overload, <c>L</c> an underload,
/// <c>Err 101</c> an error.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class SartoriusSbiFrames
{
    /// <summary>Parses one frame (with or without its CR LF).</summary>
    /// <param name="line">The line.</param>
    /// <returns>The frame; never throws for any input.</returns>
    public static ScaleFrame Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = FrameText.WithoutLineEnd(line);
        if (text.Trim().Length == 0 || text.Length > FrameText.MaxLength || !FrameText.IsPrintableAscii(text))
        {
            return new InvalidFrame(text, "not a line of printable ASCII of at most 64 characters");
        }

        var body = text;
        if (text.Length >= 20 && char.IsAsciiLetter(text[0]))
        {
            var id = text[..6].TrimEnd();
            if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c == '#' || c == ' '))
            {
                return new InvalidFrame(text, $"'{id}' is not a Sartorius id");
            }

            body = text[6..];
        }

        var content = body.Trim();
        var word = content.TrimStart('+', '-', ' ');
        if (word is "H" or "HH" or "High")
        {
            return new FaultFrame(text, ScaleFault.Overload, "the load is above the scale's range (H)");
        }

        if (word is "L" or "LL" or "Low")
        {
            return new FaultFrame(text, ScaleFault.Underload, "the load is below the scale's range (L)");
        }

        if (word.StartsWith("Err", StringComparison.Ordinal))
        {
            return new FaultFrame(text, ScaleFault.DeviceError, $"the scale reports {word}");
        }

        var (number, unit) = FrameText.SplitUnit(body);
        return FrameText.WeightOrUnitFault(text, number, unit, stable: true, command: null, unitMayBeBlank: true);
    }
}
