using Batchivo.Devices;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batchivo.Printers.OctoPrint;

/// <summary>The plugin: provides the printer connector <c>octoprint</c>.</summary>
public sealed class OctoPrintPrinterPlugin : IBatchivoPlugin
{
    /// <summary>The connector's name.</summary>
    public const string ConnectorName = "octoprint";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(OctoPrintPrinterPlugin), PluginContract.Version, "OctoPrint printers' jobs through its REST API and push socket.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddPrinterConnector(ConnectorName, (services, settings) => Create(settings, services.GetService<ILoggerFactory>(), services.GetService<TimeProvider>()));
    }

    /// <summary>Creates a connector from a printer's settings.</summary>
    /// <param name="settings">The printer's connection.</param>
    /// <param name="loggers">Where to log malformed messages; none when null.</param>
    /// <param name="time">The clock; the system's when null.</param>
    /// <returns>The connector.</returns>
    /// <exception cref="PrinterSettingsException">A setting is missing or wrong.</exception>
    public static OctoPrintConnector Create(PrinterConnectionSettings settings, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = PluginSettings.Bind(settings.Settings, new OctoPrintOptions(), (key, problem) => new PrinterSettingsException(settings.PrinterName, key, problem));
        if (options.Url is not { IsAbsoluteUri: true } url || url.Scheme is not ("http" or "https"))
        {
            throw new PrinterSettingsException(settings.PrinterName, "Url", $"'{options.Url}' is not an http or https address; give OctoPrint's address, e.g. http://octopi.local/.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new PrinterSettingsException(settings.PrinterName, "ApiKey", "give an OctoPrint API key (User settings > Application keys, or the user's API key).");
        }

        // A base address without a trailing slash would drop its last segment (a reverse proxy's /octoprint) from every call.
        if (!url.AbsolutePath.EndsWith('/'))
        {
            options.Url = new Uri(url + "/");
        }

        return new OctoPrintConnector(settings.PrinterName, options, (loggers ?? NullLoggerFactory.Instance).CreateLogger<OctoPrintConnector>(), time ?? TimeProvider.System);
    }
}
