using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// The A&amp;D-style indicator frames: <c>ST,+00123.45  g</c> with the header <c>ST</c> or <c>WT</c> (stable), <c>US</c>
/// (unstable), <c>QT</c> (stable count) or <c>OL</c> (overload; underload when the value is negative), optionally
/// with the mode field <c>GS</c> (gross) or <c>NT</c> (net): <c>ST,GS,+  1.234kg</c>. A frame with only the mode
/// (<c>GS,+  1.234kg</c>) does not say whether the weight is stable (<see cref="WeightFrame.IsStable"/> is null):
/// <c>GS</c> means gross, not stable. A frame between STX and ETX (CAS PD-II: STX <c>ST,GS,+  0.00 lb</c> CR) is read
/// without them; milligrams are converted to grams.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class AndFrames
{
    /// <summary>Parses one frame (with or without its CR LF).</summary>
    /// <param name="line">The line.</param>
    /// <returns>The frame; never throws for any input.</returns>
    public static ScaleFrame Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = FrameText.WithoutLineEnd(line);
        // CAS and other indicators frame the line with STX (and sometimes ETX): the frame is what is between.
        var trimmed = text.Trim('\u0002', '\u0003').Trim(' ');
        if (trimmed.Length == 0 || trimmed.Length > FrameText.MaxLength || !FrameText.IsPrintableAscii(trimmed))
        {
            return new InvalidFrame(text, "not a line of printable ASCII of at most 64 characters");
        }

        var fields = trimmed.Split(',');
        if (fields.Length is < 2 or > 3)
        {
            return new InvalidFrame(text, "not HEADER,[MODE,]VALUE UNIT");
        }

        var first = fields[0].Trim().ToUpperInvariant();
        string? header = first is "ST" or "WT" or "US" or "QT" or "OL" ? first : null;
        var mode = fields.Length == 3 ? fields[1].Trim().ToUpperInvariant() : header is null ? first : null;
        if ((fields.Length == 3 && header is null) || (mode is not null && mode is not ("GS" or "NT")))
        {
            return new InvalidFrame(text, $"'{fields[0]}' is not ST, WT, US, QT or OL, or '{mode}' is not GS or NT");
        }

        var field = fields[^1];
        if (header == "OL")
        {
            return field.TrimStart().StartsWith('-')
                ? new FaultFrame(text, ScaleFault.Underload, "the load is below the scale's range (OL with a negative value)")
                : new FaultFrame(text, ScaleFault.Overload, "the load is above the scale's range (OL)");
        }

        var (number, unit) = FrameText.SplitUnit(field);
        if (unit.ToUpperInvariant() is "PC" or "PCS")
        {
            return FrameText.TryParseSigned(number, out _)
                ? new FaultFrame(text, ScaleFault.NotSupported, "the scale is counting pieces, not weighing")
                : new InvalidFrame(text, $"'{number.Trim()}' is not a number");
        }

        bool? stable = header switch
        {
            "ST" or "WT" or "QT" => true,
            "US" => false,
            _ => null,
        };
        return FrameText.WeightOrUnitFault(text, number, unit, stable, command: null, unitMayBeBlank: false);
    }
}
