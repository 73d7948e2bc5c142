using Batchivo.Devices;
using Batchivo.Printers.Emulators;
using Batchivo.Testing.Printers;

namespace Batchivo.Printers.Tests;

/// <summary>The Moonraker connector passes the connector conformance kit against the Moonraker emulator.</summary>
public sealed class MoonrakerConformanceTests : PrinterConnectorConformanceTests
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    protected override async Task<IAsyncDisposable> StartPrinterAsync() => await MoonrakerEmulator.StartAsync(apiKey: "conformance");

    protected override IPrinterConnector Connect(IAsyncDisposable printer) => MoonrakerConnectorTests.Connect(((MoonrakerEmulator)printer).Url, "conformance");

    protected override IPrinterConnector ConnectToNothing() => MoonrakerConnectorTests.Connect(new Uri($"http://127.0.0.1:{FreePort()}/"));

    protected override Task StartJobAsync(IAsyncDisposable printer, string fileName) => ((MoonrakerEmulator)printer).StartJobAsync(fileName);

    protected override Task EndJobAsync(IAsyncDisposable printer, PrinterJobEventKind end) =>
        ((MoonrakerEmulator)printer).EndJobAsync(end switch { PrinterJobEventKind.Finished => "completed", PrinterJobEventKind.Cancelled => "cancelled", _ => "error" }, 100m);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
