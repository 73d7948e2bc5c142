using System.Globalization;
using System.IO.Ports;
using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>How a serial scale sends its weights.</summary>
public enum SerialScaleMode
{
    /// <summary>The driver asks for every weight (MT-SICS <c>SI</c>, Sartorius <c>ESC P</c>, Kern <c>w</c>, A&amp;D <see cref="SerialScaleOptions.Request"/>).</summary>
    Request,

    /// <summary>The scale sends weights continuously; the driver reads the next one.</summary>
    Stream,
}

/// <summary>How a driver decides that a streamed weight is stable.</summary>
public enum StabilityRule
{
    /// <summary>Trust the frame's stability mark (A&amp;D <c>ST</c>) when it has one; count equal readings when it has none.</summary>
    Auto,

    /// <summary>Always count <see cref="SerialScaleOptions.StableReadings"/> equal readings in a row, for devices whose stability mark cannot be trusted.</summary>
    EqualReadings,
}

/// <summary>
/// The connection and protocol settings of a serial scale. Every setting can come from configuration
/// (<see cref="Parse"/>); the defaults depend on the driver (see <see cref="Defaults"/>).
/// </summary>
public sealed record SerialScaleOptions
{
    /// <summary>The serial port, e.g. <c>/dev/ttyUSB0</c> or <c>COM3</c>. Required.</summary>
    public string Port { get; init; } = string.Empty;

    /// <summary>The baud rate.</summary>
    /// <value>Default: 9600 (A&amp;D: 2400).</value>
    public int BaudRate { get; init; } = 9600;

    /// <summary>The parity.</summary>
    /// <value>Default: none (A&amp;D: even; Sartorius: odd).</value>
    public Parity Parity { get; init; } = Parity.None;

    /// <summary>The data bits, 5 to 8.</summary>
    /// <value>Default: 8 (A&amp;D: 7).</value>
    public int DataBits { get; init; } = 8;

    /// <summary>The stop bits.</summary>
    /// <value>Default: one.</value>
    public StopBits StopBits { get; init; } = StopBits.One;

    /// <summary>The line end of commands and frames.</summary>
    /// <value>Default: CR LF.</value>
    public string NewLine { get; init; } = "\r\n";

    /// <summary>How long an immediate answer (a weight, an identity) may take before the scale counts as not answering.</summary>
    /// <value>Default: 1 second (streaming: 2 seconds, the time between two frames at the slowest).</value>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a command that waits for the weight to settle (tare, zero) may take.</summary>
    /// <value>Default: 10 seconds.</value>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the driver asks for weights or the scale streams them.</summary>
    /// <value>Default: <see cref="SerialScaleMode.Request"/> (A&amp;D: <see cref="SerialScaleMode.Stream"/>).</value>
    public SerialScaleMode Mode { get; init; } = SerialScaleMode.Request;

    /// <summary>The A&amp;D request command sent in <see cref="SerialScaleMode.Request"/> mode, without the line end.</summary>
    /// <value>Default: Q.</value>
    public string Request { get; init; } = "Q";

    /// <summary>How streamed or polled weights are judged stable.</summary>
    /// <value>Default: <see cref="StabilityRule.Auto"/>.</value>
    public StabilityRule Stability { get; init; } = StabilityRule.Auto;

    /// <summary>How many equal readings in a row make a weight stable when the device cannot say, 2 or more.</summary>
    /// <value>Default: 3.</value>
    public int StableReadings { get; init; } = 3;

    /// <summary>How long to wait between two requests while polling for a stable weight.</summary>
    /// <value>Default: 100 milliseconds.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The unit of weights sent with a blank unit before any weight with a unit came (Sartorius and Kern blank it while the weight moves).</summary>
    /// <value>Default: grams.</value>
    public WeightUnit Unit { get; init; } = WeightUnit.Gram;

    /// <summary>The defaults of a driver.</summary>
    /// <param name="driver">The driver's name: <c>mt-sics</c>, <c>and</c>, <c>sartorius-sbi</c> or <c>kern</c>.</param>
    /// <returns>The defaults, with no port.</returns>
    /// <exception cref="SerialScaleSettingsException">The driver is not one of this plugin's.</exception>
    public static SerialScaleOptions Defaults(string driver) => driver?.ToUpperInvariant() switch
    {
        "MT-SICS" or "KERN" => new SerialScaleOptions(),
        "AND" => new SerialScaleOptions { BaudRate = 2400, Parity = Parity.Even, DataBits = 7, Mode = SerialScaleMode.Stream, ReplyTimeout = TimeSpan.FromSeconds(2) },
        "SARTORIUS-SBI" => new SerialScaleOptions { Parity = Parity.Odd },
        _ => throw new SerialScaleSettingsException("Driver", driver, $"one of {string.Join(", ", SerialScalePlugin.Drivers)}"),
    };

    /// <summary>
    /// Reads the options of a driver from settings (keys case-insensitive, values with the invariant culture):
    /// <c>Port</c> (required), <c>BaudRate</c> (or <c>Baud</c>), <c>Parity</c> (none, odd, even, mark, space),
    /// <c>DataBits</c> (5-8), <c>StopBits</c> (1, 1.5, 2), <c>NewLine</c> (crlf, cr, lf), <c>ReplyTimeoutMilliseconds</c>,
    /// <c>CommandTimeoutMilliseconds</c>, <c>Mode</c> (request, stream), <c>Request</c>, <c>Stability</c> (auto,
    /// equal-readings), <c>StableReadings</c>, <c>PollIntervalMilliseconds</c>, <c>Unit</c> (g, kg, lb, oz).
    /// </summary>
    /// <param name="driver">The driver's name.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="SerialScaleSettingsException">A setting is missing, unknown or not valid; the message names it and says what to give.</exception>
    public static SerialScaleOptions Parse(string driver, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var o = Defaults(driver);
        foreach (var (key, raw) in settings)
        {
            var value = raw?.Trim() ?? string.Empty;
            switch (key.ToUpperInvariant())
            {
                case "PORT":
                    o = o with { Port = value };
                    break;
                case "BAUDRATE" or "BAUD":
                    o = o with { BaudRate = Int(key, value, 50, 4_000_000, "a baud rate such as 9600") };
                    break;
                case "PARITY":
                    o = o with
                    {
                        Parity = value.ToUpperInvariant() switch
                        {
                            "NONE" or "N" => Parity.None,
                            "ODD" or "O" => Parity.Odd,
                            "EVEN" or "E" => Parity.Even,
                            "MARK" or "M" => Parity.Mark,
                            "SPACE" or "S" => Parity.Space,
                            _ => throw new SerialScaleSettingsException(key, raw, "none, odd, even, mark or space"),
                        },
                    };
                    break;
                case "DATABITS":
                    o = o with { DataBits = Int(key, value, 5, 8, "5, 6, 7 or 8") };
                    break;
                case "STOPBITS":
                    o = o with
                    {
                        StopBits = value switch
                        {
                            "1" => StopBits.One,
                            "1.5" => StopBits.OnePointFive,
                            "2" => StopBits.Two,
                            _ => throw new SerialScaleSettingsException(key, raw, "1, 1.5 or 2"),
                        },
                    };
                    break;
                case "NEWLINE":
                    o = o with
                    {
                        NewLine = value.ToUpperInvariant() switch
                        {
                            "CRLF" or "\\R\\N" => "\r\n",
                            "CR" or "\\R" => "\r",
                            "LF" or "\\N" => "\n",
                            _ => throw new SerialScaleSettingsException(key, raw, "crlf, cr or lf"),
                        },
                    };
                    break;
                case "REPLYTIMEOUTMILLISECONDS":
                    o = o with { ReplyTimeout = TimeSpan.FromMilliseconds(Int(key, value, 1, 600_000, "milliseconds from 1 to 600000")) };
                    break;
                case "COMMANDTIMEOUTMILLISECONDS":
                    o = o with { CommandTimeout = TimeSpan.FromMilliseconds(Int(key, value, 1, 600_000, "milliseconds from 1 to 600000")) };
                    break;
                case "POLLINTERVALMILLISECONDS":
                    o = o with { PollInterval = TimeSpan.FromMilliseconds(Int(key, value, 0, 60_000, "milliseconds from 0 to 60000")) };
                    break;
                case "MODE":
                    o = o with
                    {
                        Mode = value.ToUpperInvariant() switch
                        {
                            "REQUEST" => SerialScaleMode.Request,
                            "STREAM" => SerialScaleMode.Stream,
                            _ => throw new SerialScaleSettingsException(key, raw, "request or stream"),
                        },
                    };
                    break;
                case "REQUEST":
                    o = o with { Request = value.Length is > 0 and <= 16 && FrameText.IsPrintableAscii(value) ? value : throw new SerialScaleSettingsException(key, raw, "a command of 1 to 16 printable characters, e.g. Q") };
                    break;
                case "STABILITY":
                    o = o with
                    {
                        Stability = value.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
                        {
                            "AUTO" => StabilityRule.Auto,
                            "EQUALREADINGS" => StabilityRule.EqualReadings,
                            _ => throw new SerialScaleSettingsException(key, raw, "auto or equal-readings"),
                        },
                    };
                    break;
                case "STABLEREADINGS":
                    o = o with { StableReadings = Int(key, value, 2, 100, "a count from 2 to 100") };
                    break;
                case "UNIT":
                    o = o with { Unit = FrameText.Unit(value) ?? throw new SerialScaleSettingsException(key, raw, "g, kg, lb or oz") };
                    break;
                default:
                    throw new SerialScaleSettingsException(key, raw, "a known setting: Port, BaudRate, Parity, DataBits, StopBits, NewLine, ReplyTimeoutMilliseconds, CommandTimeoutMilliseconds, Mode, Request, Stability, StableReadings, PollIntervalMilliseconds or Unit");
            }
        }

        if (string.IsNullOrWhiteSpace(o.Port))
        {
            throw new SerialScaleSettingsException("Port", o.Port, "the serial port, e.g. /dev/ttyUSB0 or COM3");
        }

        if (o.StopBits == StopBits.OnePointFive && o.DataBits != 5)
        {
            throw new SerialScaleSettingsException("StopBits", "1.5", "1 or 2: 1.5 stop bits go only with 5 data bits");
        }

        return o;
    }

    private static int Int(string key, string value, int min, int max, string expected) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new SerialScaleSettingsException(key, value, expected);
}

/// <summary>A serial scale's setting is missing or not valid. Nothing was opened.</summary>
public sealed class SerialScaleSettingsException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="key">The setting.</param>
    /// <param name="value">Its value as given.</param>
    /// <param name="expected">What a valid value looks like.</param>
    public SerialScaleSettingsException(string key, string? value, string expected)
        : base($"The serial scale setting {key} = '{value}' is not valid. Give {expected}.")
    {
        Key = key;
        Value = value;
    }

    /// <summary>The setting that is not valid.</summary>
    public string Key { get; }

    /// <summary>Its value as given.</summary>
    public string? Value { get; }
}
