using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Scales.Simulated;

/// <summary>The plugin: provides the scale driver <c>simulated</c>.</summary>
public sealed class SimulatedScalePlugin : IBatchivoPlugin
{
    /// <summary>The driver name.</summary>
    public const string DriverName = "simulated";

    /// <inheritdoc />
    public PluginInfo Info { get; } = new("Batchivo.Scales.Simulated", "1.0.0", PluginContract.Version, "A scriptable simulated scale for demos and tests.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddScaleDriver(DriverName, (services, settings) =>
            new SimulatedScale(settings.Name, SimulatedScaleOptions.Parse(settings.Settings), services.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
