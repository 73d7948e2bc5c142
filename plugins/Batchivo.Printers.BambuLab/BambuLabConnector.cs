using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchivo.Devices;
using Microsoft.Extensions.Logging;

namespace Batchivo.Printers.BambuLab;

/// <summary>
/// One Bambu Lab printer over its LAN MQTT service (TLS on port 8883, user <c>bblp</c>, the access code as password):
/// reports on <c>device/&lt;serial&gt;/report</c>, merged into one state (P1 and A1 printers send only what changed),
/// and the job events read from <c>print.gcode_state</c>. Each connection asks for the full state once
/// (<c>pushing.pushall</c>) and never again: the printer's own reports keep the state current.
/// </summary>
/// <remarks>
/// Thread-safe for one <see cref="WatchAsync"/> at a time beside any number of <see cref="GetStatusAsync"/> calls. The
/// connection a status call opens is kept for a minute and taken over by the next watch, so a host that reads the
/// status and then watches makes one connection and one full-state request.
/// </remarks>
public sealed partial class BambuLabConnector : IPrinterConnector
{
    private static readonly TimeSpan ParkedFor = TimeSpan.FromMinutes(1);
    private readonly string _printer;
    private readonly BambuLabOptions _options;
    private readonly BambuLabTrust _trust;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly BambuLabJobs _jobs;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _opening = new(1, 1);
    private readonly List<PrinterJobEvent> _pending = [];
    private Connection? _parked;
    private ITimer? _parkTimer;
    private Connection? _watching;
    private bool _disposed;

    internal BambuLabConnector(string printer, BambuLabOptions options, BambuLabTrust trust, ILogger log, TimeProvider time)
    {
        _printer = printer;
        _options = options;
        _trust = trust;
        _log = log;
        _time = time;
        _jobs = new BambuLabJobs(options.Serial!);
    }

    /// <inheritdoc />
    public async Task<PrinterStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_watching is { Session.IsConnected: true, FullState: true })
            {
                return _jobs.Status(_time.GetUtcNow());
            }
        }

        await _opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = TakeParked() ?? new Connection(await BambuLabSession.OpenAsync(_printer, _options, _trust, cancellationToken).ConfigureAwait(false));
            try
            {
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bound.CancelAfter(_options.ConnectTimeout);
                while (!connection.FullState)
                {
                    BambuLabSession.Report report;
                    try
                    {
                        report = await connection.Session.ReadAsync(bound.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new PrinterException(PrinterFault.Unreachable, $"Printer {_printer}: the printer at {_options.Host}:{_options.Port} sent no full state in {_options.ConnectTimeout.TotalSeconds} s after it was asked. It is tried again.");
                    }

                    var events = Handle(connection, report);
                    lock (_gate)
                    {
                        _pending.AddRange(events);
                    }
                }

                PrinterStatus status;
                lock (_gate)
                {
                    status = _jobs.Status(_time.GetUtcNow());
                }

                Park(connection);
                connection = null;
                return status;
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.Session.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _opening.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The printer keeps no job history. With <paramref name="since"/> given, what is reconciled is what its full state
    /// names: the job running now, or the last job when it ended (FINISH or FAILED) while nobody watched, reported once
    /// as found in the history. Jobs before that last one are lost to the printer itself.
    /// </remarks>
    public async IAsyncEnumerable<PrinterJobEvent> WatchAsync(DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Connection? connection;
        await _opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            connection = TakeParked() ?? new Connection(await BambuLabSession.OpenAsync(_printer, _options, _trust, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _opening.Release();
        }

        await using var sessionDisposal = connection.Session.ConfigureAwait(false);
        List<PrinterJobEvent> first;
        lock (_gate)
        {
            _watching = connection;
            first = [.. _pending];
            _pending.Clear();
        }

        try
        {
            var reconciled = false;
            foreach (var e in first)
            {
                yield return e;
            }

            while (true)
            {
                if (since is not null && !reconciled && connection.FullState)
                {
                    reconciled = true;
                    List<PrinterJobEvent> found;
                    lock (_gate)
                    {
                        found = _jobs.Reconcile(_time.GetUtcNow());
                    }

                    foreach (var e in found)
                    {
                        yield return e;
                    }
                }

                var report = await connection.Session.ReadAsync(cancellationToken).ConfigureAwait(false);
                foreach (var e in Handle(connection, report))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watching = null;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Connection? parked;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            parked = _parked;
            _parked = null;
            _parkTimer?.Dispose();
        }

        if (parked is not null)
        {
            await parked.Session.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads one report into the state: the job events it makes. A report that is not JSON is logged and skipped.</summary>
    private List<PrinterJobEvent> Handle(Connection connection, BambuLabSession.Report report)
    {
        if (report.Payload is not { } payload)
        {
            throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: the printer sent a report of {report.Length} bytes, larger than {_options.MaxMessageBytes} bytes (the setting MaxMessageBytes). It is tried again.");
        }

        JsonObject? message;
        try
        {
            message = JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException ex)
        {
            LogMalformed(_log, _printer, ex.Message, Start(payload));
            return [];
        }

        if (message is null)
        {
            LogMalformed(_log, _printer, "not a JSON object", Start(payload));
            return [];
        }

        if (message["print"] is not JsonObject print)
        {
            return [];
        }

        var isStatus = BambuLabReports.Text(print["command"]) == "push_status";
        var isFull = isStatus && BambuLabReports.Text(print["msg"]) == "0";
        if (isStatus && BambuLabReports.Number(print["sequence_id"]) is { } sequence)
        {
            // Reports are numbered on a connection: one numbered at or below the last applied is a duplicate or came late.
            // The first full state of a connection is applied whatever its number: it is the answer the connection waits for.
            if (connection.LastSequence is { } last && sequence <= last && !(isFull && !connection.FullState))
            {
                LogStale(_log, _printer, sequence, last);
                return [];
            }

            connection.LastSequence = Math.Max(sequence, connection.LastSequence ?? sequence);
        }

        lock (_gate)
        {
            var events = _jobs.Apply(print, _time.GetUtcNow());
            if (isFull)
            {
                connection.FullState = true;
            }

            return events;
        }
    }

    private Connection? TakeParked()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var parked = _parked;
            _parked = null;
            _parkTimer?.Dispose();
            _parkTimer = null;
            return parked is { Session.IsConnected: true } ? parked : Discard(parked);
        }
    }

    private static Connection? Discard(Connection? connection)
    {
        if (connection is not null)
        {
            _ = connection.Session.DisposeAsync().AsTask();
        }

        return null;
    }

    private void Park(Connection connection)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                Discard(connection);
                return;
            }

            Discard(_parked);
            _parked = connection;
            _parkTimer?.Dispose();
            _parkTimer = _time.CreateTimer(
                _ =>
                {
                    lock (_gate)
                    {
                        if (ReferenceEquals(_parked, connection))
                        {
                            _parked = null;
                            Discard(connection);
                        }
                    }
                },
                null,
                ParkedFor,
                Timeout.InfiniteTimeSpan);
        }
    }

    private static string Start(byte[] payload) => Encoding.UTF8.GetString(payload, 0, Math.Min(payload.Length, 200));

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Printer {Printer}: the printer sent a report that is not JSON ({Problem}), skipped: {Start}")]
    private static partial void LogMalformed(ILogger logger, string printer, string problem, string start);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug, Message = "Printer {Printer}: report {Sequence} skipped, report {Last} was applied already (a duplicate or a late report)")]
    private static partial void LogStale(ILogger logger, string printer, decimal sequence, decimal last);

    /// <summary>A session and what the connector knows of it.</summary>
    private sealed class Connection(BambuLabSession session)
    {
        public BambuLabSession Session { get; } = session;

        public decimal? LastSequence { get; set; }

        public bool FullState { get; set; }
    }
}
