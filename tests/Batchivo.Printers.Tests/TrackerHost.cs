using System.Collections.Concurrent;
using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Hosting.Printers;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Batchivo.Printers.Tests;

/// <summary>
/// A host as an app would build it: the real plugin folders (the Moonraker connector, the SQLite store on a file in a
/// temporary folder), one printer connected to an emulator, and the printer tracker watching it.
/// </summary>
internal sealed class TrackerHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private CancellationTokenSource? _stop;
    private Task? _watching;

    private TrackerHost(ServiceProvider provider, string folder, PrinterConnectionSettings printer, ConcurrentQueue<string> logs)
    {
        _provider = provider;
        Logs = logs;
        Store = provider.GetRequiredService<IProductionStore>();
        Folder = folder;
        Printer = printer;
        Service = provider.GetRequiredService<ProductionService>();
    }

    public string Folder { get; }

    public PrinterConnectionSettings Printer { get; }

    public ProductionService Service { get; }

    public ConcurrentQueue<PrinterTrackerNotice> Notices { get; } = new();

    public ConcurrentQueue<string> Logs { get; }

    public IProductionStore Store { get; }

    public PrinterTracker? Tracker { get; private set; }

    /// <summary>The Batchivo events the host's services told, in order.</summary>
    public EventRecorder Events { get; private init; } = new();

    public IServiceProvider Services => _provider;

    // connector: the printer's connector (a plugin folder's); more: its settings beside Url and ApiKey.
    public static Task<TrackerHost> StartAsync(Uri url, string? apiKey = null, bool trusted = false, string? folder = null, bool addPrinter = true, string connector = "moonraker", IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>()) { ["Url"] = url.ToString() };
        settings.TryAdd("RequestTimeout", "00:00:45");
        if (apiKey is not null)
        {
            settings["ApiKey"] = apiKey;
        }

        return StartAsync(connector, settings, trusted, folder, addPrinter);
    }

    /// <summary>A host following the printer "Voron" through the connector <paramref name="connector"/> with these settings.</summary>
    public static async Task<TrackerHost> StartAsync(string connector, Dictionary<string, string?> settings, bool trusted = false, string? folder = null, bool addPrinter = true)
    {
        folder ??= Directory.CreateTempSubdirectory("batchivo-printers-").FullName;
        var printer = new PrinterConnectionSettings("Voron", connector, PluginSettings.Of(settings), trusted);
        var logs = new ConcurrentQueue<string>();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddProvider(new ListLoggerProvider(logs)));
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(Path.Combine(AppContext.BaseDirectory, "plugins")));
        var events = new EventRecorder();
        builder.AddEventSubscriber(events);
        services.AddBatchivoPrinterTracking(o => (o.ReconnectDelay, o.MaxReconnectDelay) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)));
        services.AddHealthChecks().AddBatchivoChecks(o => o.StoreTimeout = TimeSpan.FromSeconds(60));
        builder.UseStore(new StoreSettings("sqlite", PluginSettings.Of(new Dictionary<string, string?> { ["path"] = Path.Combine(folder, "batchivo.db") })));
        builder.AddPrinterConnection(printer);
        Assert.Empty(builder.Diagnostics.Refused);
        var host = new TrackerHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), folder, printer, logs) { Events = events };
        if (addPrinter && await host.Store.FindPrinterByNameAsync("Voron") is null)
        {
            await host.Service.Catalog.AddPrinterAsync("Voron", "Voron 2.4");
        }

        return host;
    }

    public void Watch()
    {
        Tracker = new PrinterTracker(
            _provider.GetRequiredService<BatchivoDevices>(),
            _provider.GetRequiredService<IProductionStore>(),
            logger: _provider.GetRequiredService<ILogger<PrinterTracker>>(),
            options: new PrinterTrackerOptions { ReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(1) },
            jobs: _provider.GetRequiredService<PrinterJobService>());
        Tracker.Notice += (_, n) => Notices.Enqueue(n);
        _stop = new CancellationTokenSource();
        _watching = Tracker.WatchAsync(null, _stop.Token);
    }

    /// <summary>Watches with the host's own tracker (the singleton AddBatchivoPrinterTracking registers), as a hosted service would.</summary>
    public void WatchFromServices()
    {
        Tracker = _provider.GetRequiredService<PrinterTracker>();
        Tracker.Notice += (_, n) => Notices.Enqueue(n);
        _stop = new CancellationTokenSource();
        _watching = Tracker.WatchAsync(null, _stop.Token);
    }

    public async Task StopWatchingAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            await _watching!;
            _stop.Dispose();
            _stop = null;
        }
    }

    public Task<IReadOnlyList<ProductionRun>> RunsAsync() => Service.Runs.ListRunsAsync();

    /// <summary>Waits until the condition holds, up to a generous bound (a bound for a stuck test, not a timing assertion).</summary>
    public async Task<T> WaitForAsync<T>(Func<Task<T?>> read, string what)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            if (bound.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"Gave up waiting for {what}. Notices: {string.Join(" | ", Notices.Select(n => n.Message))}");
            }

            await Task.Delay(50);
        }
    }

    public Task<ProductionRun> RunOfJobAsync(string jobId, Func<ProductionRun, bool>? when = null) =>
        WaitForAsync(async () => (await RunsAsync()).FirstOrDefault(r => r.PrinterJob?.JobId == jobId && (when is null || when(r))), $"the run of job {jobId}");

    // subscribed: the printer's side of "the connector listens now" (e.g. the emulator's open websocket); on a first
    // connection a job that starts and ends before it is, by design, not this host's to track.
    public Task WatchingAsync(Func<bool>? subscribed = null) =>
        WaitForAsync(() => Task.FromResult(Tracker!.States.Single().Link == PrinterLink.Watching && (subscribed?.Invoke() ?? true) ? (object?)true : null), "the tracker to watch the printer");

    public async ValueTask DisposeAsync()
    {
        await StopWatchingAsync();
        await _provider.DisposeAsync();
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines, categoryName);

        public void Dispose()
        {
        }

        // Each line: the level and message, then the category, event id, every value of the state and the exception, so
        // that a test looking for a secret looks everywhere a log sink could write it.
        private sealed class ListLogger(ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)} | {category} {eventId.Id} {(state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(" ", values.Select(v => $"{v.Key}={v.Value}")) : string.Empty)} {exception}");
        }
    }
}

/// <summary>Records the Batchivo events a host's services tell, in order.</summary>
internal sealed class EventRecorder : Batchivo.Diagnostics.IBatchivoEventSubscriber
{
    public ConcurrentQueue<Batchivo.Diagnostics.BatchivoEvent> Received { get; } = new();

    public Task OnEventAsync(Batchivo.Diagnostics.BatchivoEvent batchivoEvent, CancellationToken cancellationToken)
    {
        Received.Enqueue(batchivoEvent);
        return Task.CompletedTask;
    }
}
