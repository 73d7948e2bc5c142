using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Batchivo.Devices;
using Batchivo.Plugins;

namespace Batchivo.Scales.Simulated;

/// <summary>A fault the simulated scale can play; in configuration by name, e.g. never-stable or NeverStable.</summary>
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

/// <summary>
/// How the simulated scale behaves; in configuration, e.g.
/// <c>"Settings": { "Readings": "850, 711", "SettleTime": "00:00:00.400", "Noise": "0.6" }</c>, bound with
/// <see cref="Batchivo.Plugins.PluginSettings.Bind"/>.
/// </summary>
public sealed record SimulatedScaleOptions
{
    private const string ScriptHelp = "give one or more weights in grams or fault names, e.g. '850, 850.4' or '850, overload, 850' (faults: overload, underload, no-reply, disconnected)";

    /// <summary>
    /// The script, played in order: each load step is read (unstable while it settles, then stable once), each fault
    /// step fails one read with its fault; the last step repeats. A <see cref="SimulatedFault.Disconnected"/> step
    /// disconnects the scale for good.
    /// </summary>
    /// <value>Default: one load of 1000 g.</value>
    public IReadOnlyList<SimulatedStep> Steps { get; init; } = [SimulatedStep.Load(1000m)];

    /// <summary>
    /// The script as text: loads in grams and fault names, separated by commas, e.g. "1000, 1000.5, 1001" or
    /// "850, overload, 850, disconnected" (faults: overload, underload, no-reply, disconnected).
    /// Setting it replaces <see cref="Steps"/>.
    /// </summary>
    /// <value>Default: "1000".</value>
    /// <exception cref="FormatException">Set to a text that is not such a script.</exception>
    public string Readings
    {
        get => string.Join(", ", Steps.Select(s => s.Fault == SimulatedFault.None ? s.Grams.ToString(CultureInfo.InvariantCulture) : FaultText(s.Fault)));
        init => Steps = Script(value);
    }

    /// <summary>The unit readings are reported in (values are converted from grams); in configuration g, kg, lb or oz.</summary>
    /// <value>Default: grams.</value>
    public WeightUnit Unit { get; init; } = WeightUnit.Gram;

    /// <summary>Random noise added to unstable readings, ± grams.</summary>
    /// <value>Default: 0.</value>
    [Range(typeof(decimal), "0", "100000", ErrorMessage = "Noise is ± grams while settling; give 0 or more, e.g. 0.6.")]
    public decimal Noise { get; init; }

    /// <summary>How long a new load takes to settle; reads before that are unstable.</summary>
    /// <value>Default: zero (always stable).</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "SettleTime must be from 00:00:00 to one day, e.g. 00:00:00.400.")]
    public TimeSpan SettleTime { get; init; }

    /// <summary>A fault played by every read, on top of the script: None, Overload, Underload, NeverStable, NoReply or Disconnected.</summary>
    /// <value>Default: none.</value>
    [EnumDataType(typeof(SimulatedFault), ErrorMessage = "Fault must be None, Overload, Underload, NeverStable, NoReply or Disconnected.")]
    public SimulatedFault Fault { get; init; }

    /// <summary>How long a read takes when the scale does not answer, before it times out.</summary>
    /// <value>Default: 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "ReplyTimeout must be from 00:00:00 to one day, e.g. 00:00:02.")]
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The seed of the noise, for repeatable runs.</summary>
    /// <value>Default: 42.</value>
    public int Seed { get; init; } = 42;

    private static SimulatedStep[] Script(string text)
    {
        var steps = (text ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries).Select(Step).ToArray();
        return steps.Length > 0 ? steps : throw new FormatException($"The script is empty; {ScriptHelp}.");
    }

    private static SimulatedStep Step(string token)
    {
        if (decimal.TryParse(token.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var grams))
        {
            return grams >= 0m ? SimulatedStep.Load(grams) : throw new FormatException($"'{token}' is below zero; weights are zero or more grams.");
        }

        return FaultName(token) is { } fault and not SimulatedFault.None and not SimulatedFault.NeverStable
            ? SimulatedStep.Of(fault)
            : throw new FormatException($"'{token}' is neither a weight nor a fault; {ScriptHelp}.");
    }

    private static string FaultText(SimulatedFault fault) => fault switch
    {
        SimulatedFault.NoReply => "no-reply",
        _ => fault.ToString().ToLowerInvariant(),
    };

    private static SimulatedFault? FaultName(string text) =>
        text.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "OVERLOAD" => SimulatedFault.Overload,
            "UNDERLOAD" => SimulatedFault.Underload,
            "NOREPLY" or "SILENT" => SimulatedFault.NoReply,
            "DISCONNECTED" or "DISCONNECT" or "UNPLUGGED" => SimulatedFault.Disconnected,
            _ => null,
        };
}
