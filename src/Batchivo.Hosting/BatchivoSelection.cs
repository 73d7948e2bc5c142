using Batchivo.Devices;
using Batchivo.Plugins;

namespace Batchivo.Hosting;

/// <summary>What the host selected: the store, the scales and the printer connections.</summary>
internal sealed class BatchivoSelection
{
    public StoreSettings? Store { get; set; }

    public Dictionary<string, ScaleSettings> Scales { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, PrinterConnectionSettings> Printers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
