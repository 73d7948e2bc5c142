using Batchivo.Plugins;

namespace Acme.Plugin;

/// <summary>The plugin: registers the slicer reader <c>acme-plugin</c>.</summary>
public sealed class AcmePluginPlugin : IBatchivoPlugin
{
    /// <summary>The reader's name.</summary>
    public const string Reader = "acme-plugin";

    /// <inheritdoc />
    public PluginInfo Info { get; } = new("Acme.Plugin", PluginVersion.Of(typeof(AcmePluginPlugin)), PluginContract.Version, "The acme-plugin slicer file reader.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddSlicerReader(Reader, _ => new AcmePluginReader());
    }
}
