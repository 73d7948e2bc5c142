using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Hosting.Printers;
using Batchivo.Plugins;
using Batchivo.Printers.Emulators;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Benchmarks.Printers;

/// <summary>
/// One host following 50 Moonraker printers (emulators on loopback) through 1,000 jobs (20 each: start, progress, end),
/// on a fresh SQLite file per operation, against the floor: the same 1,000 jobs' events handed straight to
/// <see cref="PrinterJobService"/> on the same store, with no connector, socket or tracker.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>DirectToService</c> (baseline): each printer's events applied in order, the printers at once.</item>
/// <item><c>TrackedFromEmulators</c>: the emulators run the jobs; the tracker's 50 Moonraker connections stream them and
/// the tracker applies them; the operation ends when every job's run has its end.</item>
/// </list>
/// The emulators run in this process, so the allocated bytes include Kestrel's side of the sockets. The process CPU
/// time per printer-job, and the managed memory the tracker holds per watched printer (its connector, HTTP client and
/// websocket, with the emulator's side of the socket), are written at the end (BenchmarkDotNet measures wall time).
/// Every wait is bounded: a lost job fails the benchmark instead of hanging it.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class PrinterTrackerBenchmarks : IDisposable
{
    private const int JobsPerPrinter = 20;
    private static readonly Dictionary<string, (TimeSpan Cpu, int Ops)> CpuByCase = [];
    private static readonly List<long> HeldPerPrinter = [];
    private MoonrakerEmulator[] _emulators = [];
    private ServiceProvider? _provider;
    private PrinterTracker? _tracker;
    private CancellationTokenSource? _stop;
    private Task? _watching;
    private string _folder = "";
    private TimeSpan _cpuBefore;

    [Params(50)]
    public int Printers { get; set; }

    [GlobalSetup]
    public void Setup() => _emulators = Task.WhenAll(Enumerable.Range(0, Printers).Select(_ => MoonrakerEmulator.StartAsync())).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var e in _emulators)
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        foreach (var (name, (cpu, ops)) in CpuByCase)
        {
            Console.WriteLine($"// CPU {name}: {cpu.TotalMilliseconds / ops / (Printers * JobsPerPrinter):0.000} ms per printer-job over {ops} operations ({cpu.TotalMilliseconds / ops / Printers:0.0} ms per printer per operation)");
        }

        if (HeldPerPrinter.Count > 0)
        {
            Console.WriteLine($"// Memory held per watched printer: median {HeldPerPrinter.Order().ElementAt(HeldPerPrinter.Count / 2) / 1024.0:0.0} KiB over {HeldPerPrinter.Count} operations");
        }
    }

    [IterationSetup(Target = nameof(DirectToService))]
    public void SetupDirect() => Build(track: false);

    [IterationSetup(Target = nameof(TrackedFromEmulators))]
    public void SetupTracked() => Build(track: true);

    [IterationCleanup]
    public void CleanupIteration()
    {
        Cpu(_tracker is null ? nameof(DirectToService) : nameof(TrackedFromEmulators));
        _stop?.Cancel();
        _watching?.GetAwaiter().GetResult();
        _stop?.Dispose();
        _provider!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        (_tracker, _stop, _watching) = (null, null, null);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> DirectToService()
    {
        var service = new PrinterJobService(_provider!.GetRequiredService<IProductionStore>());
        var t0 = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, Printers).Select(async p =>
        {
            var printer = new PrinterConnectionSettings($"P{p:00}", "moonraker", PluginSettings.Of([]));
            for (var j = 0; j < JobsPerPrinter; j++)
            {
                var id = $"{p:00}{j:0000}";
                var at = t0.AddHours(j);
                await service.HandleAsync(printer, new PrinterJobEvent(PrinterJobEventKind.Started, id, $"part-{j}.gcode", at));
                await service.HandleAsync(printer, new PrinterJobEvent(PrinterJobEventKind.Progress, id, $"part-{j}.gcode", at.AddMinutes(10), 0.5m));
                await service.HandleAsync(printer, new PrinterJobEvent(End(j), id, $"part-{j}.gcode", at.AddMinutes(20)));
            }
        }));
        return await EndedAsync();
    }

    [Benchmark]
    public async Task<int> TrackedFromEmulators()
    {
        await Task.WhenAll(_emulators.Take(Printers).Select(async e =>
        {
            for (var j = 0; j < JobsPerPrinter; j++)
            {
                await e.StartJobAsync($"part-{j}.gcode");
                await e.ProgressAsync(0.5m);
                await e.EndJobAsync(End(j) switch { PrinterJobEventKind.Finished => "completed", PrinterJobEventKind.Cancelled => "cancelled", _ => "error" }, 1000m);
            }
        }));
        var bound = Stopwatch.StartNew();
        while (await EndedAsync() is var ended && ended < Printers * JobsPerPrinter)
        {
            if (bound.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new InvalidOperationException($"Only {ended} of {Printers * JobsPerPrinter} jobs have a run with an end after 5 minutes: the tracker lost jobs.");
            }

            await Task.Delay(10);
        }

        return Printers * JobsPerPrinter;
    }

    public void Dispose()
    {
        _stop?.Dispose();
        _provider?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static PrinterJobEventKind End(int j) => j % 10 == 3 ? PrinterJobEventKind.Cancelled : j % 10 == 7 ? PrinterJobEventKind.Failed : PrinterJobEventKind.Finished;

    private async Task<int> EndedAsync() =>
        (await _provider!.GetRequiredService<IProductionStore>().ListRunsAsync(new RunQuery())).Count(r => r.PrinterJob?.End is not null);

    private void Build(bool track)
    {
        _folder = Directory.CreateTempSubdirectory("batchivo-tracker-benchmark-").FullName;
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(Path.Combine(AppContext.BaseDirectory, "printer-plugins")));
        builder.UseStore(new StoreSettings("sqlite", PluginSettings.Of(new Dictionary<string, string?> { ["path"] = Path.Combine(_folder, "batchivo.db") })));
        for (var p = 0; p < Printers; p++)
        {
            builder.AddPrinterConnection(new PrinterConnectionSettings($"P{p:00}", "moonraker", PluginSettings.Of(new Dictionary<string, string?> { ["Url"] = _emulators[p].Url.ToString() })));
        }

        _provider = services.BuildServiceProvider();
        var catalog = _provider.GetRequiredService<CatalogService>();
        for (var p = 0; p < Printers; p++)
        {
            catalog.AddPrinterAsync($"P{p:00}", "Voron 2.4").GetAwaiter().GetResult();
        }

        if (track)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            _tracker = new PrinterTracker(_provider.GetRequiredService<BatchivoDevices>(), _provider.GetRequiredService<IProductionStore>());
            _stop = new CancellationTokenSource();
            _watching = _tracker.WatchAsync(null, _stop.Token);
            var bound = Stopwatch.StartNew();
            while (!_tracker.States.All(s => s.Link == PrinterLink.Watching) || !_emulators.All(e => e.Connections > 0))
            {
                if (bound.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new InvalidOperationException($"Not every printer is watched after 2 minutes: {string.Join(" | ", _tracker.States.Where(s => s.Link != PrinterLink.Watching).Select(s => $"{s.Printer} {s.Link} {s.LastError}"))}");
                }

                Thread.Sleep(10);
            }

            HeldPerPrinter.Add((GC.GetTotalMemory(forceFullCollection: true) - before) / Printers);
        }

        _cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    }

    private void Cpu(string name)
    {
        var used = Process.GetCurrentProcess().TotalProcessorTime - _cpuBefore;
        CpuByCase[name] = CpuByCase.TryGetValue(name, out var sum) ? (sum.Cpu + used, sum.Ops + 1) : (used, 1);
    }
}
