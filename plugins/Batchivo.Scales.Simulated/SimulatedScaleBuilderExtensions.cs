using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Scales.Simulated;

namespace Batchivo;

/// <summary>The simulated scale as a package reference, without a plugin folder.</summary>
public static class SimulatedScaleBuilderExtensions
{
    /// <summary>
    /// Registers the <c>simulated</c> scale driver, once. Configure scales using it under <c>Batchivo:Scales</c>, or
    /// add one with <see cref="AddSimulatedScale"/>.
    /// </summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddSimulatedScales(this IBatchivoBuilder builder) => builder.TryAddPlugin<SimulatedScalePlugin>();

    /// <summary>Registers the simulated scale driver and adds a scale using it.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="name">The scale's name.</param>
    /// <param name="settings">The scale's settings, by the names of <see cref="SimulatedScaleOptions"/>' properties (e.g. Readings = "850, 711").</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddSimulatedScale(this IBatchivoBuilder builder, string name, IReadOnlyDictionary<string, string?>? settings = null) =>
        builder.AddSimulatedScales().AddScale(new ScaleSettings(name, SimulatedScalePlugin.DriverName, PluginSettings.Of(settings ?? new Dictionary<string, string?>())));
}
