using Batchivo.Devices;
using Batchivo.Printers.Emulators;
using Batchivo.Testing.Printers;

namespace Batchivo.Printers.Tests;

/// <summary>
/// The OctoPrint connector passes the connector conformance kit against the OctoPrint emulator. OctoPrint keeps no
/// job history, but each file's print history (<c>prints.last</c>) gives the end of the last job of the file it has
/// selected, which is what the kit's unwatched job is: <see cref="PrinterConnectorConformanceTests.KeepsHistory"/> stays true.
/// </summary>
public sealed class OctoPrintConformanceTests : PrinterConnectorConformanceTests
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    protected override async Task<IAsyncDisposable> StartPrinterAsync() => await OctoPrintEmulator.StartAsync(apiKey: "conformance");

    protected override IPrinterConnector Connect(IAsyncDisposable printer) => OctoPrintConnectorTests.Connect(((OctoPrintEmulator)printer).Url, "conformance");

    protected override IPrinterConnector ConnectToNothing() => OctoPrintConnectorTests.Connect(new Uri($"http://127.0.0.1:{FreePort()}/"), "conformance");

    protected override Task StartJobAsync(IAsyncDisposable printer, string fileName) => ((OctoPrintEmulator)printer).StartJobAsync(fileName);

    protected override Task EndJobAsync(IAsyncDisposable printer, PrinterJobEventKind end) =>
        ((OctoPrintEmulator)printer).EndJobAsync(end switch { PrinterJobEventKind.Finished => "done", PrinterJobEventKind.Cancelled => "cancelled", _ => "error" });

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
