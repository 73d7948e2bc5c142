using System.Globalization;
using Batchivo.Devices;

namespace Batchivo.Scales.Simulated;

/// <summary>A fault the simulated scale can play.</summary>
public enum SimulatedFault
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>Reads report an overload.</summary>
    Overload,

    /// <summary>Reads report an underload.</summary>
    Underload,

    /// <summary>Readings never settle.</summary>
    NeverStable,

    /// <summary>The scale never answers (reads time out after <see cref="SimulatedScaleOptions.ReplyTimeout"/>).</summary>
    NoReply,

    /// <summary>The scale is unplugged.</summary>
    Disconnected,
}

/// <summary>One step of the simulated scale's script: a load in grams, or a fault one read reports.</summary>
/// <param name="Grams">The load, in grams (ignored for a fault step).</param>
/// <param name="Fault">The fault this step plays, or <see cref="SimulatedFault.None"/> for a load.</param>
public readonly record struct SimulatedStep(decimal Grams, SimulatedFault Fault = SimulatedFault.None)
{
    /// <summary>A load step.</summary>
    /// <param name="grams">The load in grams.</param>
    /// <returns>The step.</returns>
    public static SimulatedStep Load(decimal grams) => new(grams);

    /// <summary>A fault step.</summary>
    /// <param name="fault">The fault.</param>
    /// <returns>The step.</returns>
    public static SimulatedStep Of(SimulatedFault fault) => new(0m, fault);
}

/// <summary>How the simulated scale behaves. Every setting can come from configuration (<see cref="Parse"/>).</summary>
public sealed record SimulatedScaleOptions
{
    /// <summary>
    /// The script, played in order: each load step is read (unstable while it settles, then stable once), each fault
    /// step fails one read with its fault; the last step repeats. A <see cref="SimulatedFault.Disconnected"/> step
    /// disconnects the scale for good.
    /// </summary>
    /// <value>Default: one load of 1000 g.</value>
    public IReadOnlyList<SimulatedStep> Steps { get; init; } = [SimulatedStep.Load(1000m)];

    /// <summary>The loads of the script, in grams (setting it replaces the script with these loads).</summary>
    /// <value>Default: 1000 g.</value>
    public IReadOnlyList<decimal> Readings
    {
        get => [.. Steps.Where(s => s.Fault == SimulatedFault.None).Select(s => s.Grams)];
        init => Steps = [.. value.Select(SimulatedStep.Load)];
    }

    /// <summary>The unit readings are reported in (values are converted from grams).</summary>
    /// <value>Default: grams.</value>
    public WeightUnit Unit { get; init; } = WeightUnit.Gram;

    /// <summary>Random noise added to unstable readings, ± grams.</summary>
    /// <value>Default: 0.</value>
    public decimal Noise { get; init; }

    /// <summary>How long a new load takes to settle; reads before that are unstable.</summary>
    /// <value>Default: zero (always stable).</value>
    public TimeSpan SettleTime { get; init; }

    /// <summary>A fault played by every read, on top of the script.</summary>
    /// <value>Default: none.</value>
    public SimulatedFault Fault { get; init; }

    /// <summary>How long a read takes when the scale does not answer, before it times out.</summary>
    /// <value>Default: 2 seconds.</value>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The seed of the noise, for repeatable runs.</summary>
    /// <value>Default: 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Reads options from settings (keys case-insensitive): <c>Readings</c> (the script: loads in grams and fault
    /// names, e.g. "1000, 1000.5, 1001" or "850, overload, 850, disconnected"), <c>Unit</c> (g, kg, lb, oz),
    /// <c>Noise</c> (± grams while settling), <c>Settle</c> or <c>SettleMilliseconds</c>, <c>Fault</c> (none,
    /// overload, underload, never-stable, no-reply, disconnected), <c>ReplyTimeoutMilliseconds</c>, <c>Seed</c>.
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
            var steps = readings.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries).Select(Step).ToArray();
            if (steps.Length == 0)
            {
                throw Invalid("Readings", readings, "one or more weights in grams or fault names, e.g. '850, 850.4' or '850, overload, 850'");
            }

            options = options with { Steps = steps };
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

        foreach (var key in new[] { "Settle", "SettleMilliseconds" })
        {
            if (Get(settings, key) is { } settle)
            {
                options = options with { SettleTime = Milliseconds(settle, key) };
            }
        }

        if (Get(settings, "ReplyTimeoutMilliseconds") is { } reply)
        {
            options = options with { ReplyTimeout = Milliseconds(reply, "ReplyTimeoutMilliseconds") };
        }

        if (Get(settings, "Seed") is { } seed)
        {
            options = options with { Seed = int.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : throw Invalid("Seed", seed, "a whole number") };
        }

        if (Get(settings, "Fault") is { } fault)
        {
            options = options with { Fault = FaultName(fault) ?? throw Invalid("Fault", fault, "none, overload, underload, never-stable, no-reply or disconnected") };
        }

        return options;
    }

    private static SimulatedStep Step(string token)
    {
        if (decimal.TryParse(token.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var grams))
        {
            return grams >= 0m ? SimulatedStep.Load(grams) : throw Invalid("Readings", token, "weights of zero or more grams");
        }

        return FaultName(token) is { } fault and not SimulatedFault.None and not SimulatedFault.NeverStable
            ? SimulatedStep.Of(fault)
            : throw Invalid("Readings", token, "weights in grams such as 850.4, or the faults overload, underload, no-reply, disconnected");
    }

    private static SimulatedFault? FaultName(string text) =>
        text.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "NONE" => SimulatedFault.None,
            "OVERLOAD" => SimulatedFault.Overload,
            "UNDERLOAD" => SimulatedFault.Underload,
            "NEVERSTABLE" or "UNSTABLE" => SimulatedFault.NeverStable,
            "NOREPLY" or "SILENT" => SimulatedFault.NoReply,
            "DISCONNECTED" or "DISCONNECT" or "UNPLUGGED" => SimulatedFault.Disconnected,
            _ => null,
        };

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

    private static TimeSpan Milliseconds(string text, string key)
    {
        var value = NonNegative(text, key);
        return value <= 86_400_000m ? TimeSpan.FromMilliseconds((double)value) : throw Invalid(key, text, "milliseconds up to one day");
    }

    private static ScaleException Invalid(string key, string value, string expected) =>
        new(ScaleFault.DeviceError, $"The simulated scale's setting {key} = '{value}' is not valid; give {expected}.");
}
