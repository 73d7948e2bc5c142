using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// Mettler Toledo MT-SICS replies: <c>S S     100.00 g</c> (command echo, status, value, unit), <c>S D</c> for a
/// dynamic weight, <c>T S</c> with the tare (<c>S A</c> and <c>T A</c> with a weight are read as stable weights too),
/// <c>Z A</c>, <c>I4 A "serial"</c>, <c>@ A</c>, the status replies <c>I</c> (cannot
/// execute now), <c>+</c> (overload), <c>-</c> (underload), and the general errors <c>ES</c>, <c>ET</c>, <c>EL</c>.
/// </summary>
/// <remarks>Pure and thread-safe. The replies to both <c>S</c> and <c>SI</c> echo <c>S</c>.</remarks>
public static class MtSicsFrames
{
    /// <summary>Parses one reply line (with or without its CR LF).</summary>
    /// <param name="line">The line.</param>
    /// <returns>The frame; never throws for any input.</returns>
    public static ScaleFrame Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = FrameText.WithoutLineEnd(line);
        var trimmed = text.Trim(' ');
        if (trimmed.Length == 0 || trimmed.Length > FrameText.MaxLength || !FrameText.IsPrintableAscii(trimmed))
        {
            return new InvalidFrame(text, "not a line of printable ASCII of at most 64 characters");
        }

        var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var command = parts[0];
        if (!IsCommand(command))
        {
            return new InvalidFrame(text, $"'{command}' is not an MT-SICS command");
        }

        if (parts.Length == 1)
        {
            return command switch
            {
                "ES" => new FaultFrame(text, ScaleFault.NotSupported, "the scale did not recognise the command (ES, syntax error)"),
                "ET" => new FaultFrame(text, ScaleFault.DeviceError, "the scale received a garbled command (ET, transmission error); check baud rate, parity, data and stop bits"),
                "EL" => new FaultFrame(text, ScaleFault.DeviceError, "the scale cannot run the command (EL, logical error)"),
                _ => new InvalidFrame(text, "a reply without a status"),
            };
        }

        var status = parts[1];
        var needsStability = command is "S" or "T" or "Z";
        switch (status)
        {
            case "I" when parts.Length == 2:
                return needsStability
                    ? new FaultFrame(text, ScaleFault.NotStable, $"the scale could not run {command} now ({command} I: busy, or the weight did not settle in the scale's own time)", command)
                    : new FaultFrame(text, ScaleFault.DeviceError, $"the scale could not run {command} now ({command} I)", command);
            case "+" when parts.Length == 2:
                return new FaultFrame(text, ScaleFault.Overload, $"the load is above the scale's range ({command} +)", command);
            case "-" when parts.Length == 2:
                return new FaultFrame(text, ScaleFault.Underload, $"the load is below the scale's range ({command} -)", command);
            case "L" when parts.Length == 2:
                return new FaultFrame(text, ScaleFault.DeviceError, $"the scale refused a parameter of {command} ({command} L)", command);
            case "A" when parts.Length >= 4 && IsWeighing(command) && FrameText.IsWeightUnit(parts[^1]):
                // Some balances (and InstrumentKit's MT-SICS tests) answer S and T with A and the weight, where the
                // manual says S S and T S: a weight all the same, stable when the command waits for stability.
                return FrameText.WeightOrUnitFault(text, string.Concat(parts[2..^1]), parts[^1], command is "S" or "T" or "TA" ? true : null, command, unitMayBeBlank: false);
            case "A":
                var data = trimmed[(trimmed.IndexOf(" A", StringComparison.Ordinal) + 2)..].Trim();
                return new AckFrame(text, command, data.Length >= 2 && data[0] == '"' && data[^1] == '"' ? data[1..^1] : data);
            case "S" or "D" when parts.Length == 2:
                // ZI S / ZI D: done, with the weight stable or not.
                return new AckFrame(text, command, status);
            case "S" or "D":
                var unit = parts[^1];
                var number = string.Concat(parts[2..^1]);
                if (parts.Length == 3)
                {
                    (number, unit) = FrameText.SplitUnit(parts[2]);
                }

                return FrameText.WeightOrUnitFault(text, number, unit, status == "S", command, unitMayBeBlank: false);
            default:
                return new InvalidFrame(text, $"'{status}' is not an MT-SICS status");
        }
    }

    /// <summary>The commands whose answer carries a weight: S, SI, SIR, T, TI, TA.</summary>
    private static bool IsWeighing(string command) => command is "S" or "SI" or "SIR" or "T" or "TI" or "TA";

    private static bool IsCommand(string token)
    {
        if (token == "@")
        {
            // Reset: @ A "serial number".
            return true;
        }

        if (token.Length is 0 or > 6 || !char.IsAsciiLetterUpper(token[0]))
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
