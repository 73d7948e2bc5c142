using System.Collections.Concurrent;
using Batchivo.Devices;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Batchivo.Hosting.Printers;

/// <summary>Whether the tracker is talking to a printer.</summary>
public enum PrinterLink
{
    /// <summary>Connecting for the first time.</summary>
    Connecting,

    /// <summary>Connected and watching its jobs.</summary>
    Watching,

    /// <summary>The connection failed or was lost; waiting to try again.</summary>
    Reconnecting,

    /// <summary>Stopped.</summary>
    Stopped,
}

/// <summary>What the tracker knows about one printer.</summary>
/// <param name="Printer">The printer's name in the catalog.</param>
/// <param name="Connector">Its connector.</param>
/// <param name="Link">Whether it is being watched.</param>
/// <param name="LastEvent">The last job event seen, if any.</param>
/// <param name="LastDecision">What was decided last, if anything.</param>
/// <param name="LastError">Why the last connection failed, if it did (never holds a secret).</param>
/// <param name="RunNumber">The run of the last job event, if any.</param>
/// <param name="Status">The printer's status when the tracker last connected, if it has.</param>
public sealed record PrinterWatchState(string Printer, string Connector, PrinterLink Link, PrinterJobEvent? LastEvent, string? LastDecision, string? LastError, int? RunNumber, PrinterStatus? Status = null);

/// <summary>One decision of the tracker, as it is made.</summary>
/// <param name="Printer">The printer.</param>
/// <param name="Event">The event, or null for a connection change.</param>
/// <param name="Message">What was decided or what happened.</param>
/// <param name="Run">The run, if any.</param>
public sealed record PrinterTrackerNotice(string Printer, PrinterJobEvent? Event, string Message, ProductionRun? Run);

/// <summary>How the tracker waits between connection attempts.</summary>
public sealed class PrinterTrackerOptions
{
    /// <summary>The first wait after a failed connection; it doubles (with jitter) up to <see cref="MaxReconnectDelay"/>.</summary>
    /// <value>Default: 1 s.</value>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between connection attempts; also the wait after refused credentials or a wrong certificate.</summary>
    /// <value>Default: 60 s.</value>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Follows the configured printers' jobs and opens and closes runs from them (see <see cref="PrinterJobService"/>).
/// Reconnection lives here, once for every connector: a connection that fails or drops is tried again with exponential
/// back-off and jitter (Polly), and each new connection resumes from the last job the store has seen for the printer,
/// so jobs that ran while the host was down are reconciled from the printer's history. A write that conflicts with
/// another writer is tried again (<see cref="BatchivoResilience"/>); the service's idempotence makes every retry and replay safe.
/// </summary>
/// <remarks>The web host runs it as a hosted service; the console runs it with <c>batchivo printers watch</c>.</remarks>
public sealed partial class PrinterTracker : BackgroundService
{
    private readonly BatchivoDevices _devices;
    private readonly PrinterJobService _jobs;
    private readonly ILogger _log;
    private readonly PrinterTrackerOptions _options;
    private readonly ConcurrentDictionary<string, PrinterWatchState> _states = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _watchedSince = new(StringComparer.OrdinalIgnoreCase);
    private readonly ResiliencePipeline _conflicts;

    /// <summary>Creates the tracker.</summary>
    /// <param name="devices">The configured printers and their connectors.</param>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where decisions and connection faults are logged.</param>
    /// <param name="options">Reconnection timing; the defaults when null.</param>
    /// <param name="jobs">The service that turns job events into runs (the host's, so that its event subscribers are told); one over <paramref name="store"/> when null.</param>
    public PrinterTracker(BatchivoDevices devices, IProductionStore store, TimeProvider? time = null, ILogger<PrinterTracker>? logger = null, PrinterTrackerOptions? options = null, PrinterJobService? jobs = null)
    {
        _devices = devices ?? throw new ArgumentNullException(nameof(devices));
        _jobs = jobs ?? new PrinterJobService(store ?? throw new ArgumentNullException(nameof(store)), time);
        _log = (ILogger?)logger ?? NullLogger.Instance;
        // Two writers starting a run for one job race on its unique key: the loser finds the winner's run on the next try.
        _conflicts = BatchivoResilience.ConflictRetry(new ConflictRetryOptions { RetryDuplicateKeys = true }, _log);
        _options = options ?? new PrinterTrackerOptions();
        foreach (var name in devices.ConnectedPrinters)
        {
            var settings = devices.GetPrinterConnection(name);
            _states[name] = new PrinterWatchState(settings.PrinterName, settings.Connector, PrinterLink.Stopped, null, null, null, null);
        }
    }

    /// <summary>Raised for every decision and connection change, on the printer's watching task.</summary>
    public event EventHandler<PrinterTrackerNotice>? Notice;

    /// <summary>What the tracker knows about each printer, by name.</summary>
    public IReadOnlyList<PrinterWatchState> States => [.. _states.Values.OrderBy(s => s.Printer, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Watches the printers until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="printers">The printers to watch; all configured printers when null.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>A task that ends when watching stops.</returns>
    /// <exception cref="BatchivoConfigurationException">A named printer has no connection.</exception>
    public Task WatchAsync(IEnumerable<string>? printers, CancellationToken cancellationToken)
    {
        var names = printers?.ToList() ?? [.. _devices.ConnectedPrinters];
        var settings = names.Select(_devices.GetPrinterConnection).ToList();
        return Task.WhenAll(settings.Select(s => WatchPrinterAsync(s, cancellationToken)));
    }

    /// <summary>Applies one event as the tracker would (for hosts that receive events another way, and for tests).</summary>
    /// <param name="printer">The printer's connection.</param>
    /// <param name="e">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was decided.</returns>
    public async Task<PrinterJobDecision> ApplyAsync(PrinterConnectionSettings printer, PrinterJobEvent e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentNullException.ThrowIfNull(e);
        var decision = await _conflicts.ExecuteAsync(async token => await _jobs.HandleAsync(printer, e, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (decision.Changed)
        {
            LogDecision(_log, printer.PrinterName, e.Kind, e.JobId, decision.Message);
        }
        else
        {
            LogReplay(_log, printer.PrinterName, e.Kind, e.JobId, decision.Message);
        }

        Update(printer, s => s with { LastEvent = e, LastDecision = decision.Message, RunNumber = decision.Run?.Number ?? s.RunNumber });
        Notice?.Invoke(this, new PrinterTrackerNotice(printer.PrinterName, e, decision.Message, decision.Run));
        return decision;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => WatchAsync(null, stoppingToken);

    private async Task WatchPrinterAsync(PrinterConnectionSettings printer, CancellationToken cancellationToken)
    {
        var reconnect = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException and not OutOfMemoryException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.ReconnectDelay,
                MaxDelay = _options.MaxReconnectDelay,
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception is PrinterException { Transient: false } or BatchivoConfigurationException ? _options.MaxReconnectDelay : null),
                OnRetry = args =>
                {
                    var error = Describe(printer, args.Outcome.Exception);
                    LogConnectionFailed(_log, printer.PrinterName, args.AttemptNumber + 1, args.RetryDelay, error);
                    Update(printer, s => s with { Link = PrinterLink.Reconnecting, LastError = error });
                    Notice?.Invoke(this, new PrinterTrackerNotice(printer.PrinterName, null, $"{error} Trying again in {args.RetryDelay.TotalSeconds:0.#} s.", null));
                    return default;
                },
            })
            .Build();
        Update(printer, s => s with { Link = PrinterLink.Connecting });
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // A connection that delivered events and then dropped starts a fresh back-off; one that never connects waits longer each time.
                await reconnect.ExecuteAsync(async token => await WatchOnceAsync(printer, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.ReconnectDelay, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Update(printer, s => s with { Link = PrinterLink.Stopped });
        }
    }

    private async Task WatchOnceAsync(PrinterConnectionSettings printer, CancellationToken cancellationToken)
    {
        var connector = _devices.GetPrinterConnector(printer.PrinterName);

        // Resume from the last job the store has seen; for a printer with none yet, from when this tracker first reached it,
        // so the jobs that ran while a connection was down are reconciled too (on the very first connection: none).
        var since = await _jobs.LastSeenAsync(printer.PrinterName, cancellationToken).ConfigureAwait(false)
            ?? (_watchedSince.TryGetValue(printer.PrinterName, out var first) ? first : null);

        // The status answers first: a printer that answers it is reached, whatever its jobs say next.
        var status = await connector.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        _watchedSince.TryAdd(printer.PrinterName, status.At);
        Connected(printer, status);
        try
        {
            await foreach (var e in connector.WatchAsync(since, cancellationToken).ConfigureAwait(false))
            {
                await ApplyAsync(printer, e, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException and not BatchivoConfigurationException and not PrinterException { Transient: false })
        {
            // A connection that was made and then lost starts a fresh back-off.
            var error = Describe(printer, ex);
            LogConnectionLost(_log, printer.PrinterName, error);
            Update(printer, s => s with { Link = PrinterLink.Reconnecting, LastError = error });
            Notice?.Invoke(this, new PrinterTrackerNotice(printer.PrinterName, null, error + " Reconnecting.", null));
            return;
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            LogConnectionLost(_log, printer.PrinterName, "the printer closed the connection");
            Update(printer, s => s with { Link = PrinterLink.Reconnecting, LastError = $"Printer {printer.PrinterName} closed the connection." });
        }
    }

    private void Connected(PrinterConnectionSettings printer, PrinterStatus status)
    {
        LogConnected(_log, printer.PrinterName, printer.Connector);
        Update(printer, s => s with { Link = PrinterLink.Watching, LastError = null, Status = status });
        Notice?.Invoke(this, new PrinterTrackerNotice(printer.PrinterName, null, $"Watching {printer.PrinterName} ({printer.Connector}).", null));
    }

    private void Update(PrinterConnectionSettings printer, Func<PrinterWatchState, PrinterWatchState> change) =>
        _states.AddOrUpdate(
            printer.PrinterName,
            _ => change(new PrinterWatchState(printer.PrinterName, printer.Connector, PrinterLink.Stopped, null, null, null, null)),
            (_, s) => change(s));

    private static string Describe(PrinterConnectionSettings printer, Exception? ex) => ex switch
    {
        PrinterException p => p.Message,
        BatchivoException b => b.Message,
        null => $"Printer {printer.PrinterName}: the connection ended.",
        _ => $"Printer {printer.PrinterName} ({printer.Connector}): {ex.GetType().Name}: {ex.Message}",
    };

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Printer {Printer}: {Kind} of job {JobId}: {Decision}")]
    private static partial void LogDecision(ILogger logger, string printer, PrinterJobEventKind kind, string jobId, string decision);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Printer {Printer}: {Kind} of job {JobId} again: {Decision}")]
    private static partial void LogReplay(ILogger logger, string printer, PrinterJobEventKind kind, string jobId, string decision);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Printer {Printer}: watching its jobs through {Connector}")]
    private static partial void LogConnected(ILogger logger, string printer, string connector);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Printer {Printer}: connection attempt {Attempt} failed, next in {Delay}: {Error}")]
    private static partial void LogConnectionFailed(ILogger logger, string printer, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Printer {Printer}: connection lost: {Error}")]
    private static partial void LogConnectionLost(ILogger logger, string printer, string error);
}
