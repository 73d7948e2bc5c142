using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Scales.HidPos;

namespace Batchivo;

/// <summary>HID POS scales as a package reference, without a plugin folder.</summary>
public static class HidPosScaleBuilderExtensions
{
    /// <summary>
    /// Registers the <c>hid-pos</c> scale driver, once. Configure scales using it under <c>Batchivo:Scales</c>, or add
    /// one with <see cref="AddHidPosScale"/>.
    /// </summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddHidPosScales(this IBatchivoBuilder builder) => builder.TryAddPlugin<HidPosScalePlugin>();

    /// <summary>Registers the <c>hid-pos</c> driver and adds a scale using it.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="name">The scale's name, e.g. bench.</param>
    /// <param name="devicePath">The hidraw file, e.g. /dev/hidraw0.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddHidPosScale(this IBatchivoBuilder builder, string name, string devicePath) =>
        builder.AddHidPosScales().AddScale(new ScaleSettings(name, HidPosScalePlugin.DriverName, PluginSettings.Of([new("Device", devicePath)])));
}
