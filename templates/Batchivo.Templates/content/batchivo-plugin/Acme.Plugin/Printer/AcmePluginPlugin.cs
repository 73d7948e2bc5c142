using Batchivo.Devices;
using Batchivo.Plugins;

namespace Acme.Plugin;

/// <summary>The plugin: registers the printer connector <c>acme-plugin</c>.</summary>
public sealed class AcmePluginPlugin : IBatchivoPlugin
{
    /// <summary>The connector's name, as a host's configuration selects it (<c>"Connector": "acme-plugin"</c>).</summary>
    public const string Connector = "acme-plugin";

    /// <inheritdoc />
    public PluginInfo Info { get; } = new("Acme.Plugin", PluginVersion.Of(typeof(AcmePluginPlugin)), PluginContract.Version, "The acme-plugin printer connector.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddPrinterConnector(Connector, (services, settings) =>
        {
            var options = PluginSettings.Bind(settings.Settings, new AcmePluginPrinterOptions(), (key, problem) => new PrinterSettingsException(settings.PrinterName, key, problem));
            return new AcmePluginConnector(settings.PrinterName, new AcmePluginFileLink(options.StateFile), TimeProvider.System);
        });
    }
}

/// <summary>The connection's settings, e.g. <c>"Settings": { "StateFile": "/run/acme/printer.json" }</c>.</summary>
public sealed class AcmePluginPrinterOptions
{
    /// <summary>The file the printer publishes its jobs in.</summary>
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "StateFile is required: the path of the file the printer publishes its jobs in.")]
    public string StateFile { get; set; } = "";
}
