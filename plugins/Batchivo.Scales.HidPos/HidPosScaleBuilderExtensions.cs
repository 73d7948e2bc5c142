using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Scales.HidPos;

namespace Batchivo;

/// <summary>Registers HID POS scales in code (as a package reference, without a plugin folder).</summary>
public static class HidPosScaleBuilderExtensions
{
    /// <summary>Adds the <c>hid-pos</c> driver and a scale using it.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="name">The scale's name, e.g. bench.</param>
    /// <param name="devicePath">The hidraw file, e.g. /dev/hidraw0.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddHidPosScale(this IBatchivoBuilder builder, string name, string devicePath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPlugin(new HidPosScalePlugin());
        return builder.AddScale(new ScaleSettings(name, HidPosScalePlugin.DriverName, new Dictionary<string, string?> { ["Device"] = devicePath }));
    }
}
