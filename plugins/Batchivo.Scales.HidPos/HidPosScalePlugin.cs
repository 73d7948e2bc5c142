using Batchivo.Devices;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Scales.HidPos;

/// <summary>The plugin: provides the scale driver <c>hid-pos</c>.</summary>
public sealed class HidPosScalePlugin : IBatchivoPlugin
{
    /// <summary>The driver name.</summary>
    public const string DriverName = "hid-pos";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(HidPosScalePlugin), PluginContract.Version, "USB HID point-of-sale scales (Dymo and alike) through Linux hidraw.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddScaleDriver(DriverName, (services, settings) =>
            new HidPosScale(settings.Name, Bind(settings), services.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    /// <summary>Binds a scale's settings to <see cref="HidPosScaleOptions"/>.</summary>
    /// <param name="settings">The scale's settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ScaleException">A setting is missing, unknown or not valid (<see cref="ScaleFault.DeviceError"/>); the message names it and says what to give.</exception>
    public static HidPosScaleOptions Bind(ScaleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return PluginSettings.Bind(settings.Settings, new HidPosScaleOptions(), (_, problem) => new ScaleException(ScaleFault.DeviceError, $"Scale {settings.Name} (hid-pos): {problem}"));
    }
}
