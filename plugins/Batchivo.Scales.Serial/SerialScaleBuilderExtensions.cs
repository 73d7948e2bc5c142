using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Scales.Serial;

namespace Batchivo;

/// <summary>Serial scales as a package reference, without a plugin folder.</summary>
public static class SerialScaleBuilderExtensions
{
    /// <summary>
    /// Registers the serial scale drivers (<c>mt-sics</c>, <c>and</c>, <c>sartorius-sbi</c>, <c>kern</c>), once.
    /// Configure scales using them under <c>Batchivo:Scales</c>, or add one with <see cref="AddSerialScale"/>.
    /// </summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddSerialScales(this IBatchivoBuilder builder) => builder.TryAddPlugin<SerialScalePlugin>();

    /// <summary>Registers the serial scale drivers and adds a scale using one of them.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="name">The scale's name.</param>
    /// <param name="driver">The driver: <c>mt-sics</c>, <c>and</c>, <c>sartorius-sbi</c> or <c>kern</c>.</param>
    /// <param name="settings">The settings (by the names of <see cref="SerialScaleOptions"/>' properties); <c>Port</c> is required.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddSerialScale(this IBatchivoBuilder builder, string name, string driver, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return builder.AddSerialScales().AddScale(new ScaleSettings(name, driver, PluginSettings.Of(settings)));
    }
}
