using Batchivo.Devices;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Scales.Serial;

/// <summary>
/// The plugin: provides the serial scale drivers <c>mt-sics</c>, <c>and</c>, <c>sartorius-sbi</c> and <c>kern</c>.
/// The port opens when a scale is first used, not at start-up.
/// </summary>
public sealed class SerialScalePlugin : IBatchivoPlugin
{
    /// <summary>Mettler Toledo MT-SICS.</summary>
    public const string MtSics = "mt-sics";

    /// <summary>A&amp;D-style ST/US/OL frames.</summary>
    public const string And = "and";

    /// <summary>Sartorius SBI.</summary>
    public const string SartoriusSbi = "sartorius-sbi";

    /// <summary>Kern balances.</summary>
    public const string Kern = "kern";

    /// <summary>The driver names this plugin provides.</summary>
    public static IReadOnlyList<string> Drivers { get; } = [MtSics, And, SartoriusSbi, Kern];

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(SerialScalePlugin), PluginContract.Version, "Serial scales: MT-SICS, A&D ST/US/OL, Sartorius SBI, Kern.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var driver in Drivers)
        {
            registry.AddScaleDriver(driver, (services, settings) =>
                SerialScales.Create(settings with { Driver = driver }, services.GetService<TimeProvider>() ?? TimeProvider.System));
        }
    }
}

/// <summary>Creates serial scales without the plugin host.</summary>
public static class SerialScales
{
    /// <summary>Creates a scale of one of the serial drivers. The port opens on the scale's first call.</summary>
    /// <param name="settings">The scale's name, driver and settings (bound onto the driver's <see cref="SerialScaleOptions.Defaults"/>).</param>
    /// <param name="time">The clock for timeouts and timestamps.</param>
    /// <returns>The scale; dispose it to close its port.</returns>
    /// <exception cref="SerialScaleSettingsException">The driver is unknown, or a setting is missing or not valid.</exception>
    public static IScale Create(ScaleSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        return Create(settings.Name, settings.Driver, Bind(settings), time);
    }

    /// <summary>Binds a scale's settings onto its driver's <see cref="SerialScaleOptions.Defaults"/>.</summary>
    /// <param name="settings">The scale's name, driver and settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="SerialScaleSettingsException">The driver is unknown, or a setting is missing, unknown or not valid; the error names it.</exception>
    public static SerialScaleOptions Bind(ScaleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return PluginSettings.Bind(settings.Settings, SerialScaleOptions.Defaults(settings.Driver), (key, problem) => new SerialScaleSettingsException(key, problem));
    }

    /// <summary>Creates a scale of one of the serial drivers from options. The port opens on the scale's first call.</summary>
    /// <param name="name">The scale's name.</param>
    /// <param name="driver">The driver: <c>mt-sics</c>, <c>and</c>, <c>sartorius-sbi</c> or <c>kern</c>.</param>
    /// <param name="options">The options (start from <see cref="SerialScaleOptions.Defaults"/>).</param>
    /// <param name="time">The clock for timeouts and timestamps.</param>
    /// <returns>The scale; dispose it to close its port.</returns>
    /// <exception cref="SerialScaleSettingsException">The driver is unknown or the port is missing.</exception>
    public static IScale Create(string name, string driver, SerialScaleOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrWhiteSpace(options.Port))
        {
            throw new SerialScaleSettingsException("Port", options.Port, "the serial port, e.g. /dev/ttyUSB0 or COM3");
        }

        return driver?.ToUpperInvariant() switch
        {
            "MT-SICS" => new MtSicsScale(name, options, time),
            "AND" => new AndScale(name, options, time),
            "SARTORIUS-SBI" => new SartoriusSbiScale(name, options, time),
            "KERN" => new KernScale(name, options, time),
            _ => throw new SerialScaleSettingsException("Driver", driver, $"one of {string.Join(", ", SerialScalePlugin.Drivers)}"),
        };
    }
}
