using Batchivo.Plugins;

namespace Batchivo.Slicers.GCode;

/// <summary>The plugin: provides the slicer reader <c>gcode</c>.</summary>
public sealed class GCodeSlicerPlugin : IBatchivoPlugin
{
    /// <summary>The reader's name.</summary>
    public const string ReaderName = "gcode";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(GCodeSlicerPlugin), PluginContract.Version, "Filament estimates from slicers' G-code and binary G-code.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddSlicerReader(ReaderName, _ => new GCodeFileReader());
    }
}
