using System.ComponentModel.DataAnnotations;
using System.IO.Ports;
using Batchivo.Devices;
using Batchivo.Plugins;

namespace Batchivo.Scales.Serial;

/// <summary>How a serial scale sends its weights.</summary>
public enum SerialScaleMode
{
    /// <summary>The driver asks for every weight (MT-SICS <c>SI</c>, Sartorius <c>ESC P</c>, Kern <c>w</c>, A&amp;D <see cref="SerialScaleOptions.Request"/>).</summary>
    Request,

    /// <summary>The scale sends weights continuously; the driver reads the next one.</summary>
    Stream,
}

/// <summary>How a driver decides that a streamed weight is stable; in configuration auto or equal-readings.</summary>
public enum StabilityRule
{
    /// <summary>Trust the frame's stability mark (A&amp;D <c>ST</c>) when it has one; count equal readings when it has none.</summary>
    Auto,

    /// <summary>Always count <see cref="SerialScaleOptions.StableReadings"/> equal readings in a row, for devices whose stability mark cannot be trusted.</summary>
    EqualReadings,
}

/// <summary>
/// The connection and protocol settings of a serial scale; in configuration, e.g.
/// <c>"Settings": { "Port": "/dev/ttyUSB0", "BaudRate": "9600", "ReplyTimeout": "00:00:01" }</c>, bound with
/// <see cref="Batchivo.Plugins.PluginSettings.Bind"/> onto the driver's defaults (see <see cref="Defaults"/>).
/// </summary>
public sealed record SerialScaleOptions : IValidatableObject
{
    private readonly string _newLine = "\r\n";

    /// <summary>The serial port, e.g. <c>/dev/ttyUSB0</c> or <c>COM3</c>. Required.</summary>
    [Required(ErrorMessage = "Port is missing. Give the serial port, e.g. /dev/ttyUSB0 or COM3.")]
    public string Port { get; init; } = string.Empty;

    /// <summary>The baud rate.</summary>
    /// <value>Default: 9600 (A&amp;D: 2400).</value>
    [Range(50, 4_000_000, ErrorMessage = "BaudRate is not valid. Give a baud rate from 50 to 4000000, such as 9600.")]
    public int BaudRate { get; init; } = 9600;

    /// <summary>The parity.</summary>
    /// <value>Default: none (A&amp;D: even; Sartorius: odd).</value>
    [EnumDataType(typeof(Parity), ErrorMessage = "Parity is not valid. Give None, Odd, Even, Mark or Space.")]
    public Parity Parity { get; init; } = Parity.None;

    /// <summary>The data bits, 5 to 8.</summary>
    /// <value>Default: 8 (A&amp;D: 7).</value>
    [Range(5, 8, ErrorMessage = "DataBits is not valid. Give 5, 6, 7 or 8.")]
    public int DataBits { get; init; } = 8;

    /// <summary>The stop bits.</summary>
    /// <value>Default: one.</value>
    public StopBits StopBits { get; init; } = StopBits.One;

    /// <summary>The line end of commands and frames.</summary>
    /// <value>Default: CR LF. In configuration: CRLF, CR or LF.</value>
    /// <exception cref="FormatException">Set to anything but CRLF, CR or LF (or the characters themselves).</exception>
    public string NewLine
    {
        get => _newLine;
        init => _newLine = value?.Trim().ToUpperInvariant() switch
        {
            "CRLF" or "\\R\\N" => "\r\n",
            "CR" or "\\R" => "\r",
            "LF" or "\\N" => "\n",
            _ when value is "\r\n" or "\r" or "\n" => value,
            _ => throw new FormatException("Give CRLF, CR or LF."),
        };
    }

    /// <summary>How long an immediate answer (a weight, an identity) may take before the scale counts as not answering.</summary>
    /// <value>Default: 1 second (streaming: 2 seconds, the time between two frames at the slowest).</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "ReplyTimeout is not valid. Give a duration from 00:00:00.001 to 00:10:00, e.g. 00:00:01.")]
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a command that waits for the weight to settle (tare, zero) may take.</summary>
    /// <value>Default: 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "CommandTimeout is not valid. Give a duration from 00:00:00.001 to 00:10:00, e.g. 00:00:10.")]
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the driver asks for weights or the scale streams them.</summary>
    /// <value>Default: <see cref="SerialScaleMode.Request"/> (A&amp;D: <see cref="SerialScaleMode.Stream"/>).</value>
    [EnumDataType(typeof(SerialScaleMode), ErrorMessage = "Mode is not valid. Give Request or Stream.")]
    public SerialScaleMode Mode { get; init; } = SerialScaleMode.Request;

    /// <summary>The A&amp;D request command sent in <see cref="SerialScaleMode.Request"/> mode, without the line end.</summary>
    /// <value>Default: Q.</value>
    public string Request { get; init; } = "Q";

    /// <summary>How streamed or polled weights are judged stable.</summary>
    /// <value>Default: <see cref="StabilityRule.Auto"/>.</value>
    [EnumDataType(typeof(StabilityRule), ErrorMessage = "Stability is not valid. Give Auto or EqualReadings.")]
    public StabilityRule Stability { get; init; } = StabilityRule.Auto;

    /// <summary>How many equal readings in a row make a weight stable when the device cannot say, 2 or more.</summary>
    /// <value>Default: 3.</value>
    [Range(2, 100, ErrorMessage = "StableReadings is not valid. Give a count from 2 to 100.")]
    public int StableReadings { get; init; } = 3;

    /// <summary>How long to wait between two requests while polling for a stable weight.</summary>
    /// <value>Default: 100 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "PollInterval is not valid. Give a duration from 00:00:00 to 00:01:00, e.g. 00:00:00.100.")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The unit of weights sent with a blank unit before any weight with a unit came (Sartorius and Kern blank it while the weight moves).</summary>
    /// <value>Default: grams.</value>
    [EnumDataType(typeof(WeightUnit), ErrorMessage = "Unit is not valid. Give g, kg, lb or oz.")]
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

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StopBits is not (StopBits.One or StopBits.Two) && !(StopBits == StopBits.OnePointFive && DataBits == 5))
        {
            yield return new ValidationResult($"StopBits = {StopBits} is not valid. Give One or Two (OnePointFive goes only with 5 data bits).", [nameof(StopBits)]);
        }

        if (Request is not { Length: > 0 and <= 16 } || !FrameText.IsPrintableAscii(Request))
        {
            yield return new ValidationResult($"Request = '{Request}' is not valid. Give a command of 1 to 16 printable characters, e.g. Q.", [nameof(Request)]);
        }
    }
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

    /// <summary>Creates the error from what binding the settings found.</summary>
    /// <param name="key">The setting.</param>
    /// <param name="problem">What is wrong and what to give.</param>
    public SerialScaleSettingsException(string key, string problem)
        : base($"The serial scale's settings are not valid: {problem}")
    {
        Key = key;
    }

    /// <summary>The setting that is not valid.</summary>
    public string Key { get; }

    /// <summary>Its value as given.</summary>
    public string? Value { get; }
}
