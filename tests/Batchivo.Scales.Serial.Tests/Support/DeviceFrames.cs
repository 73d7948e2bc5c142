using System.Globalization;

namespace Batchivo.Scales.Serial.Tests.Support;

/// <summary>How an A&amp;D-style device lays out its frames.</summary>
public enum AndLayout
{
    /// <summary><c>ST,+00123.45  g</c>: header, zero-padded value, unit right-aligned in 3.</summary>
    Header,

    /// <summary><c>ST,GS,+  1.234kg</c>: header, mode, space-padded value, unit.</summary>
    HeaderAndMode,

    /// <summary><c>GS,+  1.234kg</c>: only the mode; the device cannot say whether it is stable.</summary>
    ModeOnly,
}

/// <summary>
/// The frames the device emulators send, written from the manuals' layouts (not from the parsers), so that the
/// parsers are tested against an independent writer.
/// </summary>
public static class DeviceFrames
{
    private static string Number(decimal value, int decimals) =>
        Math.Abs(value).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>MT-SICS <c>S S     100.00 g</c>: echo, status, value right-aligned in 10, space, unit.</summary>
    public static string MtSicsWeight(string echo, bool stable, decimal value, int decimals, string unit) =>
        $"{echo} {(stable ? 'S' : 'D')} {(value < 0 ? "-" : string.Empty) + Number(value, decimals),10} {unit}\r\n";

    /// <summary>An MT-SICS status-only reply: <c>S I</c>, <c>S +</c>, <c>T -</c>, <c>Z A</c>...</summary>
    public static string MtSicsStatus(string echo, char status) => $"{echo} {status}\r\n";

    /// <summary>A&amp;D: <c>ST,+00123.45  g</c>, <c>US,...</c>, <c>ST,GS,+  1.234kg</c>, <c>GS,+  1.234kg</c>.</summary>
    public static string And(AndLayout layout, bool stable, bool net, decimal value, int decimals, string unit)
    {
        var sign = value < 0 ? '-' : '+';
        var header = stable ? "ST" : "US";
        var mode = net ? "NT" : "GS";
        return layout switch
        {
            AndLayout.Header => $"{header},{sign}{Number(value, decimals).PadLeft(8, '0')}{unit,3}\r\n",
            AndLayout.HeaderAndMode => $"{header},{mode},{sign}{Number(value, decimals),7}{unit}\r\n",
            _ => $"{mode},{sign}{Number(value, decimals),7}{unit}\r\n",
        };
    }

    /// <summary>A&amp;D overload (<c>OL,+999999.9  g</c>) or underload (the same with a minus sign).</summary>
    public static string AndOverload(bool under, string unit) => $"OL,{(under ? '-' : '+')}999999.9{unit,3}\r\n";

    /// <summary>
    /// Sartorius SBI: 16 characters (sign or space, value right-aligned in 9, space, unit left-aligned in 3, CR LF),
    /// or 22 with a 6-character id in front. The unit is blank while unstable.
    /// </summary>
    public static string Sartorius(bool stable, decimal value, int decimals, string unit, string? id)
    {
        var sign = value < 0 ? '-' : '+';
        var body = $"{sign}{Number(value, decimals),9} {(stable ? unit : string.Empty),-3}\r\n";
        return id is null ? body : $"{id,-6}{body}";
    }

    /// <summary>A Sartorius special frame (<c>H</c>, <c>L</c>, <c>Err 101</c>) in the value field.</summary>
    public static string SartoriusSpecial(string word, string? id)
    {
        var body = $" {word,9}    \r\n";
        return id is null ? body : $"{id,-6}{body}";
    }

    /// <summary>
    /// Kern: 18 characters (blank or M, blank or minus, value right-aligned in 10, blank, unit left-aligned in 3, CR LF);
    /// the unit is blank while unstable.
    /// </summary>
    public static string Kern(bool stable, decimal value, int decimals, string unit, bool memory = false) =>
        $"{(memory ? 'M' : ' ')}{(value < 0 ? '-' : ' ')}{Number(value, decimals),10} {(stable ? unit : string.Empty),-3}\r\n";

    /// <summary>Kern's fault frame: 11 blanks, Error, CR LF.</summary>
    public static string KernError() => "           Error\r\n";
}
