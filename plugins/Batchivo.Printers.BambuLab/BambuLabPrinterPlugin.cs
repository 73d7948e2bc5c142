using Batchivo.Devices;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batchivo.Printers.BambuLab;

/// <summary>The plugin: provides the printer connector <c>bambulab</c>.</summary>
public sealed class BambuLabPrinterPlugin : IBatchivoPlugin
{
    /// <summary>The connector's name.</summary>
    public const string ConnectorName = "bambulab";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(BambuLabPrinterPlugin), PluginContract.Version, "Bambu Lab printers' jobs over their LAN MQTT service.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddPrinterConnector(ConnectorName, (services, settings) => Create(settings, services.GetService<ILoggerFactory>(), services.GetService<TimeProvider>()));
    }

    /// <summary>Creates a connector from a printer's settings.</summary>
    /// <param name="settings">The printer's connection.</param>
    /// <param name="loggers">Where to log malformed reports; none when null.</param>
    /// <param name="time">The clock; the system's when null.</param>
    /// <returns>The connector.</returns>
    /// <exception cref="PrinterSettingsException">A setting is missing or wrong, or the CA file cannot be read.</exception>
    public static BambuLabConnector Create(PrinterConnectionSettings settings, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = PluginSettings.Bind(settings.Settings, new BambuLabOptions(), (key, problem) => new PrinterSettingsException(settings.PrinterName, key, problem));
        var serial = options.Serial!.Trim();
        if (serial.Length == 0 || serial.IndexOfAny(['/', '+', '#', ' ']) >= 0)
        {
            throw new PrinterSettingsException(settings.PrinterName, "Serial", $"'{serial}' is not a serial number (no spaces, '/', '+' or '#'); give the printer's serial, e.g. 03919D4A2404685.");
        }

        if (string.IsNullOrWhiteSpace(options.Host) || Uri.CheckHostName(options.Host.Trim()) == UriHostNameType.Unknown)
        {
            throw new PrinterSettingsException(settings.PrinterName, "Host", $"'{options.Host}' is not an IP address or host name; give the printer's address, e.g. 192.168.1.40.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new PrinterSettingsException(settings.PrinterName, "ConnectTimeout", "give a positive time, e.g. 00:00:10.");
        }

        options.Serial = serial;
        options.Host = options.Host.Trim();
        var trust = BambuLabTrust.Load(settings.PrinterName, options.CaCertificate);
        return new BambuLabConnector(settings.PrinterName, options, trust, (loggers ?? NullLoggerFactory.Instance).CreateLogger<BambuLabConnector>(), time ?? TimeProvider.System);
    }
}
