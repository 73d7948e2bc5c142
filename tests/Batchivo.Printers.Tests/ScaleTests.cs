using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Hosting.Printers;
using Batchivo.Plugins;
using Batchivo.Printers.Emulators;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Printers.Tests;

/// <summary>One host follows 50 emulated Moonraker printers through 1,000 jobs on one SQLite file.</summary>
/// <remarks>Alone, after the other tests: its 50 web servers and 50 writers would slow their neighbours' answers.</remarks>
[Collection(nameof(ScaleTests))]
public sealed class ScaleTests
{
    private const int Printers = 50;
    private const int JobsPerPrinter = 20;

    [Fact]
    public async Task Fifty_printers_and_a_thousand_jobs_give_one_run_and_one_end_per_job()
    {
        var emulators = await Task.WhenAll(Enumerable.Range(0, Printers).Select(_ => MoonrakerEmulator.StartAsync()));
        try
        {
            await using var host = await ScaleHost.StartAsync(emulators.Select(e => e.Url).ToList());
            using var stop = new CancellationTokenSource();
            var watching = host.Tracker.WatchAsync(null, stop.Token);
            await host.WaitAsync(async () => host.Tracker.States.All(s => s.Link == PrinterLink.Watching) && emulators.All(e => e.Connections > 0), "every printer watched");

            // Every printer runs its jobs at once with the others; a tenth are cancelled, a tenth fail.
            var jobs = await Task.WhenAll(emulators.Select(async e =>
            {
                var ids = new List<string>();
                for (var j = 0; j < JobsPerPrinter; j++)
                {
                    ids.Add(await e.StartJobAsync($"part-{j}.gcode"));
                    await e.ProgressAsync(0.5m);
                    await e.EndJobAsync(j % 10 == 3 ? "cancelled" : j % 10 == 7 ? "error" : "completed", 1000m);
                }

                return ids;
            }));
            var runs = await host.WaitAsync(
                async () => await host.Store.ListRunsAsync(new RunQuery()) is { Count: Printers * JobsPerPrinter } all && all.All(r => r.PrinterJob?.End is not null) ? all : null,
                "a run with an end for every job");
            await stop.CancelAsync();
            await watching;

            Assert.Equal(Printers * JobsPerPrinter, runs.Select(r => (r.PrinterName, r.PrinterJob!.JobId)).Distinct().Count());
            for (var p = 0; p < Printers; p++)
            {
                Assert.Equal(jobs[p].Order(), runs.Where(r => r.PrinterName == $"P{p:00}").Select(r => r.PrinterJob!.JobId).Order());
            }

            Assert.All(runs, r => Assert.Equal(2, r.PrinterJob!.TrailLinesList.Count)); // its start and its one end
            Assert.Equal(Printers * JobsPerPrinter / 10, runs.Count(r => r.Status == RunStatus.Cancelled));
            Assert.Equal(Printers * JobsPerPrinter / 10, runs.Count(r => r.Status == RunStatus.Failed));
            Assert.Equal(Printers * JobsPerPrinter * 8 / 10, runs.Count(r => r.AwaitsWeightsAfter));
        }
        finally
        {
            foreach (var e in emulators)
            {
                await e.DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(nameof(ScaleTests), DisableParallelization = true)]
public sealed class ScaleTestsRunAlone
{
}

/// <summary>A host with many Moonraker printers (P00, P01...) on one SQLite file, and its tracker.</summary>
internal sealed class ScaleHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ScaleHost(ServiceProvider provider)
    {
        _provider = provider;
        Store = provider.GetRequiredService<IProductionStore>();
        Tracker = new PrinterTracker(
            provider.GetRequiredService<BatchivoDevices>(),
            Store,
            options: new PrinterTrackerOptions { ReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(1) });
    }

    public IProductionStore Store { get; }

    public PrinterTracker Tracker { get; }

    public static async Task<ScaleHost> StartAsync(IReadOnlyList<Uri> printers, string? folder = null)
    {
        folder ??= Directory.CreateTempSubdirectory("batchivo-scale-").FullName;
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(Path.Combine(AppContext.BaseDirectory, "plugins")));
        builder.UseStore(new StoreSettings("sqlite", PluginSettings.Of(new Dictionary<string, string?> { ["path"] = Path.Combine(folder, "batchivo.db") })));
        for (var p = 0; p < printers.Count; p++)
        {
            builder.AddPrinterConnection(new PrinterConnectionSettings($"P{p:00}", "moonraker", PluginSettings.Of(new Dictionary<string, string?> { ["Url"] = printers[p].ToString() })));
        }

        var host = new ScaleHost(services.BuildServiceProvider());
        var catalog = host._provider.GetRequiredService<CatalogService>();
        for (var p = 0; p < printers.Count; p++)
        {
            await catalog.AddPrinterAsync($"P{p:00}", "Voron 2.4");
        }

        return host;
    }

    /// <summary>Waits up to a generous bound for a stuck test (not a timing assertion).</summary>
    public async Task<T> WaitAsync<T>(Func<Task<T?>> read, string what)
        where T : class
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            if (bound.IsCancellationRequested)
            {
                var runs = await Store.ListRunsAsync(new RunQuery());
                throw new Xunit.Sdk.XunitException($"Gave up waiting for {what}: {runs.Count} runs, {runs.Count(r => r.PrinterJob?.End is not null)} with an end. Printers: {string.Join(" | ", Tracker.States.Select(s => $"{s.Printer} {s.Link} {s.LastError}"))}");
            }

            await Task.Delay(200);
        }
    }

    public Task WaitAsync(Func<Task<bool>> condition, string what) =>
        WaitAsync<object>(async () => await condition() ? new object() : null, what);

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
}
