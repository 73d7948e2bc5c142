using Batchivo.Devices;
using Batchivo.Plugins;
using Microsoft.Extensions.Configuration;

namespace Batchivo.Hosting;

/// <summary>What the host selected: the store, the scales and the printer connections.</summary>
internal sealed class BatchivoSelection
{
    public StoreSettings? Store { get; set; }

    public Dictionary<string, ScaleSettings> Scales { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, PrinterConnectionSettings> Printers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// This selection (made in code) with the configured store, scales and printer connections added. A store
    /// selected in code wins over the configured one.
    /// </summary>
    /// <exception cref="BatchivoConfigurationException">A scale or printer is configured twice with different settings.</exception>
    public BatchivoSelection With(BatchivoOptions options)
    {
        var merged = new BatchivoSelection
        {
            Store = Store ?? (options.Store is { } store ? new StoreSettings(store.Provider, Copy(store.Settings)) : null),
        };
        foreach (var scale in options.Scales)
        {
            merged.AddScale(new ScaleSettings(scale.Name, scale.Driver, Copy(scale.Settings)));
        }

        foreach (var printer in options.Printers)
        {
            merged.AddPrinter(new PrinterConnectionSettings(printer.Printer, printer.Connector, Copy(printer.Settings), printer.TrustedForUsage));
        }

        foreach (var scale in Scales.Values)
        {
            merged.AddScale(scale);
        }

        foreach (var printer in Printers.Values)
        {
            merged.AddPrinter(printer);
        }

        return merged;
    }

    /// <summary>Adds a scale; the same scale again (same name, driver and settings) is no change.</summary>
    /// <exception cref="BatchivoConfigurationException">A scale of this name is already selected with another driver or settings.</exception>
    public void AddScale(ScaleSettings settings)
    {
        if (Scales.TryGetValue(settings.Name.Trim(), out var existing))
        {
            if (!SameDevice(existing.Driver, settings.Driver, existing.Settings, settings.Settings))
            {
                throw new BatchivoConfigurationException($"A scale named '{settings.Name}' is configured twice. Give each scale its own name.");
            }

            return;
        }

        Scales.Add(settings.Name.Trim(), settings);
    }

    /// <summary>Adds a printer connection; the same connection again (same printer, connector and settings) is no change.</summary>
    /// <exception cref="BatchivoConfigurationException">The printer already has another connection.</exception>
    public void AddPrinter(PrinterConnectionSettings settings)
    {
        if (Printers.TryGetValue(settings.PrinterName.Trim(), out var existing))
        {
            if (!SameDevice(existing.Connector, settings.Connector, existing.Settings, settings.Settings))
            {
                throw new BatchivoConfigurationException($"Printer '{settings.PrinterName}' has two connections configured. Keep one.");
            }

            return;
        }

        Printers.Add(settings.PrinterName.Trim(), settings);
    }

    private static IConfiguration Copy(IDictionary<string, string?> settings) => PluginSettings.Of(settings);

    // The same device configured again (e.g. AddBatchivo called twice with one configuration) is not a conflict.
    private static bool SameDevice(string? driver, string? otherDriver, IConfiguration settings, IConfiguration otherSettings) =>
        string.Equals(driver?.Trim(), otherDriver?.Trim(), StringComparison.OrdinalIgnoreCase)
        && Flat(settings).SetEquals(Flat(otherSettings));

    private static HashSet<(string, string?)> Flat(IConfiguration settings) =>
        [.. settings.AsEnumerable().Select(kv => (kv.Key.ToUpperInvariant(), kv.Value))];
}
