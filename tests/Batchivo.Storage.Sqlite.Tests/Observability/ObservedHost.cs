using System.Collections.Concurrent;
using Batchivo.Catalog;
using Batchivo.Diagnostics;
using Batchivo.Hosting;
using Batchivo.Plugins;
using Batchivo.Production;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Batchivo.Storage.Sqlite.Tests.Observability;

/// <summary>
/// A host as an app builds it: the SQLite plugin from its real folder on a file of its own, a real logger provider that
/// keeps what is logged, and a subscriber that records every event. Each host has its own printer, spool and product
/// names, so measurements of parallel tests (the meter is process-wide) are told apart by their tags.
/// </summary>
internal sealed class ObservedHost : IAsyncDisposable
{
    private static readonly string PluginsDirectory = Path.Combine(AppContext.BaseDirectory, "store-plugins");
    private readonly TempFolder _folder = new();

    public ObservedHost(Action<IBatchivoBuilder>? configure = null, TimeProvider? time = null)
    {
        Suffix = Guid.NewGuid().ToString("N")[..8];
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(PluginsDirectory));
        builder.UseStore(new StoreSettings("sqlite", PluginSettings.Of(new Dictionary<string, string?> { ["path"] = DatabasePath })));
        builder.AddEventSubscriber(Events);
        configure?.Invoke(builder);
        Provider = services.BuildServiceProvider();
        Production = Provider.GetRequiredService<ProductionService>();
        Store = Provider.GetRequiredService<IProductionStore>();
    }

    public string Suffix { get; }

    public string Printer => "P-" + Suffix;

    public string SpoolCode => "PLA-" + Suffix;

    public string Sku => "BENCHY-" + Suffix;

    public string DatabasePath => _folder.File("observed.db");

    public FakeLoggerProvider Logs { get; } = new();

    public RecordingSubscriber Events { get; } = new();

    public ServiceProvider Provider { get; }

    public ProductionService Production { get; }

    public IProductionStore Store { get; }

    /// <summary>A printer, a spool of 1000 g PLA (1200 g gross) and a product of 15 g per unit.</summary>
    public async Task SeedAsync()
    {
        await Production.Catalog.AddPrinterAsync(Printer, "Bambu X1C", 4);
        await Production.Catalog.AddSpoolAsync(new NewSpool(SpoolCode, new Material(new MaterialSpec("PLA", "Black"), "Bambu Lab"), new Mass(1000m), new Money(24.99m, "EUR"), new Mass(200m), "plastic", new Mass(1200m)));
        await Production.Catalog.AddProductAsync(Sku, "Benchy", [new BomLine(new MaterialSpec("PLA", "Black"), new Mass(15m))]);
    }

    /// <summary>A draft run of 4 units (60 g estimated) on the spool, weighed before at 1200 g.</summary>
    public async Task<int> DraftAsync()
    {
        var run = await Production.Runs.CreateRunAsync(Printer);
        await Production.Runs.AddProductToRunAsync(run.Number, Sku, 4);
        await Production.Runs.AssignSpoolAsync(run.Number, SpoolCode);
        await Production.Weighing.RecordWeightBeforeAsync(run.Number, SpoolCode, new Mass(1200m));
        return run.Number;
    }

    /// <summary>The draft run started, weighed after at 1134 g (66 g used: +10 % on the estimate), 4 good units, completed.</summary>
    public async Task<ProductionRun> CompleteAsync(int run)
    {
        await Production.Runs.StartAsync(run);
        await Production.Weighing.RecordWeightAfterAsync(run, SpoolCode, new Mass(1134m));
        await Production.Runs.RecordOutcomeAsync(run, Sku, 4, 0);
        return await Production.Runs.CompleteAsync(run, new QualityRating(5));
    }

    public IReadOnlyList<FakeLogRecord> LogRecords => Logs.Collector.GetSnapshot();

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        Logs.Dispose();
        _folder.Dispose();
    }
}

/// <summary>Records every event it is told, in order; optionally reads the store when told, or throws.</summary>
internal sealed class RecordingSubscriber : IBatchivoEventSubscriber
{
    public ConcurrentQueue<BatchivoEvent> Received { get; } = new();

    public Func<BatchivoEvent, CancellationToken, Task>? OnEvent { get; set; }

    public async Task OnEventAsync(BatchivoEvent batchivoEvent, CancellationToken cancellationToken)
    {
        Received.Enqueue(batchivoEvent);
        if (OnEvent is { } handle)
        {
            await handle(batchivoEvent, cancellationToken);
        }
    }
}

/// <summary>A subscriber that always throws, as a buggy host's would.</summary>
internal sealed class ThrowingSubscriber : IBatchivoEventSubscriber
{
    public int Calls;

    public Task OnEventAsync(BatchivoEvent batchivoEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        throw new InvalidOperationException("The subscriber is broken.");
    }
}

/// <summary>
/// The clock of a writer that another writer overtakes: when armed, reading the time (which the services do between
/// reading an entity and committing it) first lets <see cref="Meanwhile"/> commit a change of its own through another
/// service on the same store (each call on a connection of its own). The first writer's commit then meets a real
/// concurrency conflict in the database.
/// </summary>
/// <remarks>
/// The other writer uses the host's store, not a second store built from the test's own reference to the SQLite
/// package: that would load a second copy of the native SQLite library into the process (the plugin folder carries its
/// own), and two copies of SQLite in one process do not see each other's file locks.
/// </remarks>
internal sealed class OvertakenClock : TimeProvider
{
    private int _armed;

    public Func<Task>? Meanwhile { get; set; }

    /// <summary>How many more times the other writer gets in first (int.MaxValue: always).</summary>
    public void Arm(int times) => Volatile.Write(ref _armed, times);

    public override DateTimeOffset GetUtcNow()
    {
        if (Meanwhile is { } other && Interlocked.Decrement(ref _armed) >= 0)
        {
            // The services' own awaits do not come back to this thread, so waiting here cannot deadlock.
            Task.Run(other).GetAwaiter().GetResult();
        }

        return base.GetUtcNow();
    }
}
