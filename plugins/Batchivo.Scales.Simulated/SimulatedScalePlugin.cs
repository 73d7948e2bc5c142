using Batchivo.Devices;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Scales.Simulated;

/// <summary>The plugin: provides the scale driver <c>simulated</c>.</summary>
public sealed class SimulatedScalePlugin : IBatchivoPlugin
{
    /// <summary>The driver name.</summary>
    public const string DriverName = "simulated";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(SimulatedScalePlugin), PluginContract.Version, "A scriptable simulated scale for demos and tests.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddScaleDriver(DriverName, (services, settings) =>
            new SimulatedScale(settings.Name, Bind(settings), services.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    /// <summary>Binds a scale's settings to <see cref="SimulatedScaleOptions"/>.</summary>
    /// <param name="settings">The scale's settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ScaleException">A setting is unknown or not valid (<see cref="ScaleFault.DeviceError"/>); the message names it and says what to give.</exception>
    public static SimulatedScaleOptions Bind(ScaleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return PluginSettings.Bind(settings.Settings, new SimulatedScaleOptions(), (_, problem) => new ScaleException(ScaleFault.DeviceError, $"Scale {settings.Name} (simulated): {problem}"));
    }
}
