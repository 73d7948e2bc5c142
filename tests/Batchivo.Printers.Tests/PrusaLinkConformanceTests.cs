using Batchivo.Devices;
using Batchivo.Printers.Emulators;
using Batchivo.Testing.Printers;

namespace Batchivo.Printers.Tests;

/// <summary>
/// The PrusaLink connector passes the connector conformance kit against the PrusaLink emulator (digest authentication).
/// PrusaLink keeps no job history, but it shows its last job with its end until the next job (or until someone clears
/// the end screen): that is what <see cref="PrinterConnectorConformanceTests.KeepsHistory"/> checks here.
/// </summary>
public sealed class PrusaLinkConformanceTests : PrinterConnectorConformanceTests
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    protected override bool KeepsHistory => true;

    protected override async Task<IAsyncDisposable> StartPrinterAsync() => await PrusaLinkEmulator.StartAsync();

    protected override IPrinterConnector Connect(IAsyncDisposable printer) => PrusaLinkTesting.Connect(((PrusaLinkEmulator)printer).Url);

    protected override IPrinterConnector ConnectToNothing() => PrusaLinkTesting.Connect(new Uri($"http://127.0.0.1:{FreePort()}/"));

    protected override Task StartJobAsync(IAsyncDisposable printer, string fileName)
    {
        ((PrusaLinkEmulator)printer).StartJob(fileName);
        return Task.CompletedTask;
    }

    protected override Task EndJobAsync(IAsyncDisposable printer, PrinterJobEventKind end)
    {
        ((PrusaLinkEmulator)printer).EndJob(end switch { PrinterJobEventKind.Finished => "FINISHED", PrinterJobEventKind.Cancelled => "STOPPED", _ => "ERROR" });
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
