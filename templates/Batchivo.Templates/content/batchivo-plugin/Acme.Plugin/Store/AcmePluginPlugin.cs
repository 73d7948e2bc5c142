using Batchivo.Plugins;

namespace Acme.Plugin;

/// <summary>The plugin: registers the store provider <c>acme-plugin</c>.</summary>
public sealed class AcmePluginPlugin : IBatchivoPlugin
{
    /// <summary>The provider's name, as a host's configuration selects it (<c>"Store": { "Provider": "acme-plugin" }</c>).</summary>
    public const string Provider = "acme-plugin";

    /// <inheritdoc />
    public PluginInfo Info { get; } = new("Acme.Plugin", PluginVersion.Of(typeof(AcmePluginPlugin)), PluginContract.Version, "The acme-plugin store.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddStoreProvider(Provider, (services, settings) => new AcmePluginStore());
    }
}
