using Batchivo.Plugins;
using Batchivo.Storage;

namespace Fixture.Printer;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.Printer", "1.2.3", PluginContract.Version, "Fixture: a working plugin.");

    public void Register(IPluginRegistry registry)
    {
        registry.AddPrinterConnector("fixture-printer", (_, s) => new FixturePrinter(s.PrinterName));
    }
}

public sealed class FixturePrinter(string name) : Batchivo.Devices.IPrinterConnector
{
    public string Name { get; } = name;

    public Task<Batchivo.Devices.PrinterStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new Batchivo.Devices.PrinterStatus(Batchivo.Devices.PrinterActivity.Idle, null, DateTimeOffset.UnixEpoch));

    public async IAsyncEnumerable<Batchivo.Devices.PrinterJobEvent> WatchAsync(DateTimeOffset? since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield break;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
