using Batchivo.Devices;
using Batchivo.Printers.Emulators;
using Batchivo.Testing.Printers;

namespace Batchivo.Printers.Tests;

/// <summary>The Bambu Lab connector passes the connector conformance kit against the printer emulator on a real Mosquitto broker.</summary>
public sealed class BambuLabConformanceTests : PrinterConnectorConformanceTests
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    /// <summary>
    /// Bambu Lab printers keep no job history: what a watch given <c>since</c> recovers is what the full state names, the
    /// job running now (or the last one, when it ended while nobody watched).
    /// </summary>
    protected override bool KeepsHistory => false;

    protected override async Task<IAsyncDisposable> StartPrinterAsync() => await BambuLabEmulator.StartAsync("conformance");

    protected override IPrinterConnector Connect(IAsyncDisposable printer) => BambuLabConnectorTests.Connect((BambuLabEmulator)printer, "conformance");

    protected override IPrinterConnector ConnectToNothing() =>
        BambuLab.BambuLabPrinterPlugin.Create(new PrinterConnectionSettings("X1C", "bambulab", Plugins.PluginSettings.Of(new Dictionary<string, string?>
        {
            ["Host"] = "127.0.0.1",
            ["Port"] = BambuLabBroker.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Serial"] = BambuLabEmulator.DefaultSerial,
            ["AccessCode"] = "conformance",
        })));

    protected override Task StartJobAsync(IAsyncDisposable printer, string fileName) => ((BambuLabEmulator)printer).StartJobAsync(fileName);

    protected override Task EndJobAsync(IAsyncDisposable printer, PrinterJobEventKind end) =>
        ((BambuLabEmulator)printer).EndJobAsync(end switch { PrinterJobEventKind.Finished => "finished", PrinterJobEventKind.Cancelled => "cancelled", _ => "failed" });
}
