using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// Kern balance frames, the answer to <c>s</c> or <c>w</c>: 18 characters (a blank or <c>M</c>, a blank or the minus
/// sign, the value in 10 characters with spaces for leading zeros, a blank, the 3-character unit, CR LF). The unit is
/// blank while the weight moves; <c>Error</c> reports a fault, any fault (overload included): it is a
/// <see cref="ScaleFault.DeviceError"/>; <c>=Overload=</c>, which some models send instead, is an
/// <see cref="ScaleFault.Overload"/>. Milligrams are converted to grams.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class KernFrames
{
    /// <summary>Parses one frame (with or without its CR LF).</summary>
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

        if (content.StartsWith("Error", StringComparison.OrdinalIgnoreCase) || content.StartsWith("Err ", StringComparison.OrdinalIgnoreCase))
        {
            return new FaultFrame(text, ScaleFault.DeviceError, $"the balance reports '{content}'");
        }

        if (content.Trim('=').Equals("Overload", StringComparison.OrdinalIgnoreCase))
        {
            // Some Kern balances spell the overload out in the value field.
            return new FaultFrame(text, ScaleFault.Overload, "the load is above the balance's range (=Overload=)");
        }

        // Position 1 is a blank or M (a stored value); the sign follows.
        var body = text.Length > 0 && text[0] == 'M' ? text[1..] : text;
        var (number, unit) = FrameText.SplitUnit(body);
        return FrameText.WeightOrUnitFault(text, number, unit, stable: true, command: null, unitMayBeBlank: true);
    }
}
