using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Scales.HidPos;

/// <summary>The plugin: provides the scale driver <c>hid-pos</c>.</summary>
public sealed class HidPosScalePlugin : IBatchivoPlugin
{
    /// <summary>The driver name.</summary>
    public const string DriverName = "hid-pos";

    /// <inheritdoc />
    public PluginInfo Info { get; } = new("Batchivo.Scales.HidPos", "1.0.0", PluginContract.Version, "USB HID point-of-sale scales (Dymo and alike) through Linux hidraw.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddScaleDriver(DriverName, (services, settings) =>
            new HidPosScale(settings.Name, HidPosScaleOptions.Parse(settings.Name, settings.Settings), services.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
