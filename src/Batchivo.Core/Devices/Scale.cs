using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Batchivo.Devices;

/// <summary>A unit a scale reports in. In configuration it is written as its symbol (g, kg, lb, oz) or its name.</summary>
[TypeConverter(typeof(WeightUnitConverter))]
public enum WeightUnit
{
    /// <summary>Grams.</summary>
    Gram,

    /// <summary>Kilograms.</summary>
    Kilogram,

    /// <summary>Pounds (avoirdupois).</summary>
    Pound,

    /// <summary>Ounces (avoirdupois).</summary>
    Ounce,
}

/// <summary>Converts between <see cref="WeightUnit"/>s and grams, exactly.</summary>
/// <remarks>The pound is 453.59237 g and the ounce 1/16 of it (28.349523125 g) by definition, so conversions to grams are exact decimals.</remarks>
public static class WeightUnits
{
    /// <summary>How many grams one <paramref name="unit"/> is.</summary>
    /// <param name="unit">The unit.</param>
    /// <returns>Grams per unit: 1, 1000, 453.59237 or 28.349523125.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined unit.</exception>
    public static decimal GramsPer(WeightUnit unit) => unit switch
    {
        WeightUnit.Gram => 1m,
        WeightUnit.Kilogram => 1000m,
        WeightUnit.Pound => 453.59237m,
        WeightUnit.Ounce => 28.349523125m,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Not a weight unit: use gram, kilogram, pound or ounce."),
    };

    /// <summary>Converts a value in <paramref name="unit"/> to grams, exactly.</summary>
    /// <param name="value">The value.</param>
    /// <param name="unit">Its unit.</param>
    /// <returns>The value in grams.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined unit.</exception>
    public static decimal ToGrams(decimal value, WeightUnit unit) => value * GramsPer(unit);

    /// <summary>Converts grams to <paramref name="unit"/> (exact where the quotient has a finite decimal form, else to 28 significant digits).</summary>
    /// <param name="grams">The value in grams.</param>
    /// <param name="unit">The unit wanted.</param>
    /// <returns>The value in <paramref name="unit"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined unit.</exception>
    public static decimal FromGrams(decimal grams, WeightUnit unit) => grams / GramsPer(unit);

    /// <summary>The usual symbol of a unit: g, kg, lb, oz.</summary>
    /// <param name="unit">The unit.</param>
    /// <returns>The symbol.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined unit.</exception>
    public static string Symbol(WeightUnit unit) => unit switch
    {
        WeightUnit.Gram => "g",
        WeightUnit.Kilogram => "kg",
        WeightUnit.Pound => "lb",
        WeightUnit.Ounce => "oz",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Not a weight unit: use gram, kilogram, pound or ounce."),
    };
}

/// <summary>What a scale can do besides reading a weight.</summary>
[Flags]
public enum ScaleCapabilities
{
    /// <summary>Only reading.</summary>
    None = 0,

    /// <summary><see cref="IScale.TareAsync"/> works.</summary>
    Tare = 1,

    /// <summary><see cref="IScale.ZeroAsync"/> works.</summary>
    Zero = 2,
}

/// <summary>One reading of a scale.</summary>
/// <param name="Value">The value in <paramref name="Unit"/>.</param>
/// <param name="Unit">The unit the scale reported.</param>
/// <param name="IsStable">Whether the scale says the reading is stable.</param>
/// <param name="At">When it was read.</param>
public sealed record ScaleReading(decimal Value, WeightUnit Unit, bool IsStable, DateTimeOffset At)
{
    /// <summary>The reading in grams, converted exactly (see <see cref="WeightUnits"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Unit"/> is not a defined unit.</exception>
    public Mass Mass => new(WeightUnits.ToGrams(Value, Unit));
}

/// <summary>What a scale says about itself.</summary>
/// <param name="Driver">The driver, e.g. mt-sics.</param>
/// <param name="Model">The device's model, if it reports one.</param>
/// <param name="SerialNumber">The device's serial number, if it reports one.</param>
/// <param name="Port">Where it is connected (port or device file).</param>
public sealed record ScaleIdentity(string Driver, string? Model, string? SerialNumber, string? Port);

/// <summary>A scale's connection settings, from configuration.</summary>
/// <param name="Name">The name the host gives the scale, e.g. bench.</param>
/// <param name="Driver">The driver name, e.g. mt-sics, simulated.</param>
/// <param name="Settings">Driver settings (port, baud, parity...), keys case-insensitive; bind them to the driver's options with <see cref="Plugins.PluginSettings.Bind"/>.</param>
public sealed record ScaleSettings(string Name, string Driver, IConfiguration Settings);

/// <summary>A scale. Drivers are plugins.</summary>
/// <remarks>Calls on one scale are serialized by the driver. Every wait is bounded by a timeout and cancellable.</remarks>
public interface IScale : IAsyncDisposable
{
    /// <summary>The device's identity.</summary>
    ScaleIdentity Identity { get; }

    /// <summary>What the device can do besides reading: a scale without <see cref="ScaleCapabilities.Tare"/> throws
    /// <see cref="ScaleException"/> with <see cref="ScaleFault.NotSupported"/> from <see cref="TareAsync"/>, likewise for zero.</summary>
    /// <value>Default: <see cref="ScaleCapabilities.None"/>; drivers that can tare or zero say so.</value>
    ScaleCapabilities Capabilities => ScaleCapabilities.None;

    /// <summary>Reads the current weight, stable or not.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reading.</returns>
    /// <exception cref="ScaleException">The device reported a fault or did not answer.</exception>
    Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a stable weight, waiting at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">How long to wait for the reading to settle.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A stable reading.</returns>
    /// <exception cref="ScaleException">The device faulted, or no stable reading came in time (<see cref="ScaleFault.NotStable"/>).</exception>
    Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Tares the scale, where the device can.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ScaleException">The device cannot tare (<see cref="ScaleFault.NotSupported"/>) or refused.</exception>
    Task TareAsync(CancellationToken cancellationToken = default);

    /// <summary>Zeroes the scale, where the device can.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ScaleException">The device cannot zero (<see cref="ScaleFault.NotSupported"/>) or refused.</exception>
    Task ZeroAsync(CancellationToken cancellationToken = default);
}

/// <summary>The named scales a host has configured.</summary>
/// <remarks>Implemented by the host (Batchivo.Hosting's <c>BatchivoDevices</c>); it owns and disposes the scales it hands out.</remarks>
public interface IScaleDirectory
{
    /// <summary>The configured scales' names.</summary>
    IReadOnlyList<string> ScaleNames { get; }

    /// <summary>The named scale, created on first use. Do not dispose it: the directory does.</summary>
    /// <param name="name">The scale's name (case-insensitive).</param>
    /// <returns>The scale.</returns>
    /// <exception cref="BatchivoException">No such scale, or its driver is not loaded; the message lists what is configured.</exception>
    IScale GetScale(string name);
}

/// <summary>What went wrong with a scale.</summary>
public enum ScaleFault
{
    /// <summary>The load is above the scale's range.</summary>
    Overload,

    /// <summary>The load is below the scale's range.</summary>
    Underload,

    /// <summary>No stable reading came in time.</summary>
    NotStable,

    /// <summary>The device did not answer in time.</summary>
    NoReply,

    /// <summary>The device sent something that is not a valid frame.</summary>
    Garbage,

    /// <summary>The connection was lost (port closed or unplugged).</summary>
    Disconnected,

    /// <summary>The device does not support the command.</summary>
    NotSupported,

    /// <summary>The device refused or failed the command.</summary>
    DeviceError,
}

/// <summary>A scale fault. The message names the scale and says what to do.</summary>
public sealed class ScaleException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="fault">What went wrong.</param>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ScaleException(ScaleFault fault, string message, Exception? innerException = null)
        : base(message, innerException) => Fault = fault;

    /// <summary>What went wrong.</summary>
    public ScaleFault Fault { get; }
}

/// <summary>Reads a <see cref="WeightUnit"/> from its symbol (g, kg, lb, oz) or its name, case-insensitive, so that configuration can say <c>"Unit": "kg"</c>.</summary>
public sealed class WeightUnitConverter : EnumConverter
{
    /// <summary>Creates the converter.</summary>
    public WeightUnitConverter()
        : base(typeof(WeightUnit))
    {
    }

    /// <inheritdoc />
    /// <exception cref="FormatException">The text is neither a symbol nor a name of a unit.</exception>
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? text.Trim().ToUpperInvariant() switch
            {
                "G" or "GRAM" or "GRAMS" => WeightUnit.Gram,
                "KG" or "KILOGRAM" or "KILOGRAMS" => WeightUnit.Kilogram,
                "LB" or "LBS" or "POUND" or "POUNDS" => WeightUnit.Pound,
                "OZ" or "OUNCE" or "OUNCES" => WeightUnit.Ounce,
                _ => throw new FormatException($"'{text}' is not a weight unit; give g, kg, lb or oz."),
            }
            : base.ConvertFrom(context, culture, value);
}
