using Acme.Plugin;
using Batchivo.Devices;
using Batchivo.Testing.Printers;

namespace Acme.Plugin.Tests;

/// <summary>The connector passes Batchivo's printer connector conformance kit, against an emulated printer.</summary>
public sealed class AcmePluginConnectorConformanceTests : PrinterConnectorConformanceTests
{
    // The kit's cases, declared here: xunit v3's analyzer cannot read a data member inherited from a package.
    public static IEnumerable<object[]> KitCases => Cases;

    // Every case of the kit runs as one test. Keep the attributes: without them nothing runs.
    [Theory]
    [MemberData(nameof(KitCases))]
    public override Task Conformance(string name) => RunAsync(name);

    protected override Task<IAsyncDisposable> StartPrinterAsync() => Task.FromResult<IAsyncDisposable>(new EmulatedPrinter());

    protected override IPrinterConnector Connect(IAsyncDisposable printer) => new AcmePluginConnector("kit", (EmulatedPrinter)printer, TimeProvider.System);

    protected override IPrinterConnector ConnectToNothing() => new AcmePluginConnector("kit", new AcmePluginFileLink(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "nothing.json")), TimeProvider.System);

    protected override Task StartJobAsync(IAsyncDisposable printer, string fileName) => ((EmulatedPrinter)printer).StartAsync(fileName);

    protected override Task EndJobAsync(IAsyncDisposable printer, PrinterJobEventKind end) => ((EmulatedPrinter)printer).EndAsync(end);

    /// <summary>The printer side: keeps its jobs with their ids, as a real printer's history does.</summary>
    private sealed class EmulatedPrinter : IAcmePluginLink, IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<AcmePluginJob> _jobs = [];

        public Task<IReadOnlyList<AcmePluginJob>> GetJobsAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                return Task.FromResult<IReadOnlyList<AcmePluginJob>>([.. _jobs]);
            }
        }

        public Task StartAsync(string fileName)
        {
            lock (_gate)
            {
                _jobs.Add(new AcmePluginJob(Guid.NewGuid().ToString("N"), fileName, DateTimeOffset.UtcNow));
            }

            return Task.CompletedTask;
        }

        public Task EndAsync(PrinterJobEventKind end)
        {
            lock (_gate)
            {
                var running = _jobs.FindLastIndex(j => j.End is null);
                _jobs[running] = _jobs[running] with { End = end, EndedAt = DateTimeOffset.UtcNow };
            }

            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
