using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Scales.Serial;

namespace Batchivo;

/// <summary>Registers serial scales in code (as a package reference, without a plugin folder).</summary>
public static class SerialScaleBuilderExtensions
{
    /// <summary>Adds the serial scale drivers (once) and a scale using one of them.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="name">The scale's name.</param>
    /// <param name="driver">The driver: <c>mt-sics</c>, <c>and</c>, <c>sartorius-sbi</c> or <c>kern</c>.</param>
    /// <param name="settings">The settings (see <see cref="SerialScaleOptions.Parse"/>); <c>Port</c> is required.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddSerialScale(this IBatchivoBuilder builder, string name, string driver, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        if (!builder.Services.Any(d => d.ServiceType == typeof(SerialScalesMarker)))
        {
            builder.Services.Add(new Microsoft.Extensions.DependencyInjection.ServiceDescriptor(typeof(SerialScalesMarker), new SerialScalesMarker()));
            builder.AddPlugin(new SerialScalePlugin());
        }

        return builder.AddScale(new ScaleSettings(name, driver, settings));
    }

    private sealed class SerialScalesMarker;
}
