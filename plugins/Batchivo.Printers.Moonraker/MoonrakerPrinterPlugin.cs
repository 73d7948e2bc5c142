using Batchivo.Devices;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batchivo.Printers.Moonraker;

/// <summary>The plugin: provides the printer connector <c>moonraker</c>.</summary>
public sealed class MoonrakerPrinterPlugin : IBatchivoPlugin
{
    /// <summary>The connector's name.</summary>
    public const string ConnectorName = "moonraker";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(MoonrakerPrinterPlugin), PluginContract.Version, "Klipper printers' jobs through Moonraker.");

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
    public static MoonrakerConnector Create(PrinterConnectionSettings settings, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = PluginSettings.Bind(settings.Settings, new MoonrakerOptions(), (key, problem) => new PrinterSettingsException(settings.PrinterName, key, problem));
        if (options.Url is not { IsAbsoluteUri: true } url || url.Scheme is not ("http" or "https"))
        {
            throw new PrinterSettingsException(settings.PrinterName, "Url", $"'{options.Url}' is not an http or https address; give Moonraker's address, e.g. http://voron.local:7125.");
        }

        return new MoonrakerConnector(settings.PrinterName, options, (loggers ?? NullLoggerFactory.Instance).CreateLogger<MoonrakerConnector>(), time ?? TimeProvider.System);
    }
}
