using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Scales.Simulated;

namespace Batchivo;

/// <summary>Registers the simulated scale in code (as a package reference, without a plugin folder).</summary>
public static class SimulatedScaleBuilderExtensions
{
    /// <summary>Adds the simulated scale driver and a scale using it.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="name">The scale's name.</param>
    /// <param name="settings">The script's settings (see <see cref="SimulatedScaleOptions.Parse"/>).</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddSimulatedScale(this IBatchivoBuilder builder, string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPlugin(new SimulatedScalePlugin());
        return builder.AddScale(new ScaleSettings(name, SimulatedScalePlugin.DriverName, settings ?? new Dictionary<string, string?>()));
    }
}
