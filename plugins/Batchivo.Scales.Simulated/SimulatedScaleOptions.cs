using System.Globalization;
using Batchivo.Devices;

namespace Batchivo.Scales.Simulated;

/// <summary>A fault the simulated scale can play.</summary>
public enum SimulatedFault
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>Every read reports an overload.</summary>
    Overload,

    /// <summary>Every read reports an underload.</summary>
    Underload,

    /// <summary>Readings never settle.</summary>
    NeverStable,

    /// <summary>The scale never answers (reads time out).</summary>
    NoReply,

    /// <summary>The scale is unplugged.</summary>
    Disconnected,
}

/// <summary>How the simulated scale behaves. Every setting can come from configuration (<see cref="Parse"/>).</summary>
public sealed record SimulatedScaleOptions
{
    /// <summary>The readings, in grams, played in order; the last repeats.</summary>
    /// <value>Default: 1000 g.</value>
    public IReadOnlyList<decimal> Readings { get; init; } = [1000m];

    /// <summary>The unit readings are reported in (values are converted from grams).</summary>
    /// <value>Default: grams.</value>
    public WeightUnit Unit { get; init; } = WeightUnit.Gram;

    /// <summary>Random noise added to unstable readings, ± grams.</summary>
    /// <value>Default: 0.</value>
    public decimal Noise { get; init; }

    /// <summary>How long a new reading takes to settle; reads before that are unstable.</summary>
    /// <value>Default: zero (always stable).</value>
    public TimeSpan SettleTime { get; init; }

    /// <summary>The fault to play.</summary>
    /// <value>Default: none.</value>
    public SimulatedFault Fault { get; init; }

    /// <summary>How long a read takes when the scale does not answer, before it times out.</summary>
    /// <value>Default: 2 seconds.</value>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The seed of the noise, for repeatable runs.</summary>
    /// <value>Default: 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Reads options from settings: <c>Readings</c> ("850, 850.4"), <c>Unit</c> (g, kg, lb, oz), <c>Noise</c>,
    /// <c>SettleMilliseconds</c>, <c>Fault</c> (none, overload, underload, never-stable, no-reply, disconnected),
    /// <c>ReplyTimeoutMilliseconds</c>, <c>Seed</c>.
    /// </summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ScaleException">A setting is not valid (<see cref="ScaleFault.DeviceError"/>), with the setting named.</exception>
    public static SimulatedScaleOptions Parse(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new SimulatedScaleOptions();
        if (Get(settings, "Readings") is { } readings)
        {
            var values = readings.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries).Select(r => Number(r, "Readings")).ToArray();
            if (values.Length == 0 || values.Any(v => v < 0m))
            {
                throw Invalid("Readings", readings, "one or more weights in grams, e.g. '850, 850.4'");
            }

            options = options with { Readings = values };
        }

        if (Get(settings, "Unit") is { } unit)
        {
            options = options with
            {
                Unit = unit.Trim().ToUpperInvariant() switch
                {
                    "G" or "GRAM" or "GRAMS" => WeightUnit.Gram,
                    "KG" or "KILOGRAM" or "KILOGRAMS" => WeightUnit.Kilogram,
                    "LB" or "POUND" or "POUNDS" => WeightUnit.Pound,
                    "OZ" or "OUNCE" or "OUNCES" => WeightUnit.Ounce,
                    _ => throw Invalid("Unit", unit, "g, kg, lb or oz"),
                },
            };
        }

        if (Get(settings, "Noise") is { } noise)
        {
            options = options with { Noise = NonNegative(noise, "Noise") };
        }

        if (Get(settings, "SettleMilliseconds") is { } settle)
        {
            options = options with { SettleTime = TimeSpan.FromMilliseconds((double)NonNegative(settle, "SettleMilliseconds")) };
        }

        if (Get(settings, "ReplyTimeoutMilliseconds") is { } reply)
        {
            options = options with { ReplyTimeout = TimeSpan.FromMilliseconds((double)NonNegative(reply, "ReplyTimeoutMilliseconds")) };
        }

        if (Get(settings, "Seed") is { } seed)
        {
            options = options with { Seed = int.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : throw Invalid("Seed", seed, "a whole number") };
        }

        if (Get(settings, "Fault") is { } fault)
        {
            options = options with
            {
                Fault = fault.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
                {
                    "NONE" => SimulatedFault.None,
                    "OVERLOAD" => SimulatedFault.Overload,
                    "UNDERLOAD" => SimulatedFault.Underload,
                    "NEVERSTABLE" => SimulatedFault.NeverStable,
                    "NOREPLY" => SimulatedFault.NoReply,
                    "DISCONNECTED" => SimulatedFault.Disconnected,
                    _ => throw Invalid("Fault", fault, "none, overload, underload, never-stable, no-reply or disconnected"),
                },
            };
        }

        return options;
    }

    private static string? Get(IReadOnlyDictionary<string, string?> settings, string key)
    {
        foreach (var (k, v) in settings)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(v))
            {
                return v;
            }
        }

        return null;
    }

    private static decimal Number(string text, string key) =>
        decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(key, text, "a number such as 850.4");

    private static decimal NonNegative(string text, string key)
    {
        var value = Number(text, key);
        return value >= 0m ? value : throw Invalid(key, text, "zero or more");
    }

    private static ScaleException Invalid(string key, string value, string expected) =>
        new(ScaleFault.DeviceError, $"The simulated scale's setting {key} = '{value}' is not valid; give {expected}.");
}
