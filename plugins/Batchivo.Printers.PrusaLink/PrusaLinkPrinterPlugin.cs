using Batchivo.Devices;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batchivo.Printers.PrusaLink;

/// <summary>The plugin: provides the printer connector <c>prusalink</c>.</summary>
public sealed class PrusaLinkPrinterPlugin : IBatchivoPlugin
{
    /// <summary>The connector's name.</summary>
    public const string ConnectorName = "prusalink";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(PrusaLinkPrinterPlugin), PluginContract.Version, "Prusa printers' jobs through PrusaLink.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddPrinterConnector(ConnectorName, (services, settings) => Create(settings, services.GetService<ILoggerFactory>(), services.GetService<TimeProvider>()));
    }

    /// <summary>Creates a connector from a printer's settings.</summary>
    /// <param name="settings">The printer's connection.</param>
    /// <param name="loggers">Where to log what the connector could not follow; none when null.</param>
    /// <param name="time">The clock (event times and the poll interval); the system's when null.</param>
    /// <returns>The connector; dispose it to close its HTTP connections.</returns>
    /// <exception cref="PrinterSettingsException">A setting is missing or wrong.</exception>
    public static PrusaLinkConnector Create(PrinterConnectionSettings settings, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = PluginSettings.Bind(settings.Settings, new PrusaLinkOptions(), (key, problem) => new PrinterSettingsException(settings.PrinterName, key, problem));
        if (options.Url is { IsAbsoluteUri: true, UserInfo.Length: > 0 })
        {
            // Not echoed: the address holds a secret.
            throw new PrinterSettingsException(settings.PrinterName, "Url", "the address holds a user name or password; give the address alone, e.g. http://prusa-mk4.local, and the credentials as User and Password.");
        }

        if (options.Url is not { IsAbsoluteUri: true } url || url.Scheme is not ("http" or "https"))
        {
            throw new PrinterSettingsException(settings.PrinterName, "Url", $"'{options.Url}' is not an http or https address; give PrusaLink's address, e.g. http://prusa-mk4.local.");
        }

        return new PrusaLinkConnector(settings.PrinterName, options, (loggers ?? NullLoggerFactory.Instance).CreateLogger<PrusaLinkConnector>(), time ?? TimeProvider.System);
    }
}
