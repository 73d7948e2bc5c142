using Batchivo.Plugins;

namespace Batchivo.Slicers.ThreeMf;

/// <summary>The plugin: provides the slicer reader <c>3mf</c>.</summary>
public sealed class ThreeMfSlicerPlugin : IBatchivoPlugin
{
    /// <summary>The reader's name.</summary>
    public const string ReaderName = "3mf";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(ThreeMfSlicerPlugin), PluginContract.Version, "Filament estimates from Bambu Studio's and OrcaSlicer's sliced 3MF projects.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddSlicerReader(ReaderName, _ => new ThreeMfFileReader());
    }
}
