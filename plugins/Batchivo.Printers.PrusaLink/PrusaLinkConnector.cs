using System.Runtime.CompilerServices;
using Batchivo.Devices;
using Microsoft.Extensions.Logging;

namespace Batchivo.Printers.PrusaLink;

/// <summary>
/// One Prusa printer through PrusaLink's HTTP API, polled: <c>/api/v1/status</c> gives the printer's state and
/// <c>/api/v1/job</c> the current or last job (204 when there is none), with the file's <c>meta</c> for the slicer's
/// estimates. HTTP digest authentication (<c>User</c> and <c>Password</c>) or an API key (<c>X-Api-Key</c>).
/// </summary>
/// <remarks>
/// PrusaLink keeps no job history: a job is reported from what the printer shows, its running job or, until the next
/// job or until someone clears the printer's end screen, its last job with its end. Thread-safe for one
/// <see cref="WatchAsync"/> at a time beside any number of <see cref="GetStatusAsync"/> calls.
/// </remarks>
public sealed partial class PrusaLinkConnector : IPrinterConnector
{
    private readonly string _printer;
    private readonly PrusaLinkOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly PrusaLinkHttp _http;

    // The job the last watch followed, kept across reconnections: a job that went away while the printer was not
    // reachable is then diagnosed instead of forgotten.
    private PrusaLinkJob? _followed;

    internal PrusaLinkConnector(string printer, PrusaLinkOptions options, ILogger log, TimeProvider time)
    {
        _printer = printer;
        _options = options;
        _log = log;
        _time = time;
        _http = new PrusaLinkHttp(printer, options);
    }

    /// <inheritdoc />
    public async Task<PrinterStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await PollAsync(cancellationToken).ConfigureAwait(false);
        var activity = snapshot.PrinterState switch
        {
            "PRINTING" => PrinterActivity.Printing,
            "PAUSED" or "ATTENTION" => PrinterActivity.Paused,
            "FINISHED" => PrinterActivity.Finished,
            "ERROR" => PrinterActivity.Error,
            _ => PrinterActivity.Idle,
        };
        var job = snapshot.Job is { } j ? new PrinterJob(j.FileName, j.Progress, j.Printing, j.Remaining, null, j.Key) : null;
        return new PrinterStatus(activity, job, _time.GetUtcNow());
    }

    /// <inheritdoc />
    /// <remarks>
    /// Polls every <see cref="PrusaLinkOptions.PollInterval"/> until cancelled; a poll that fails throws
    /// <see cref="PrinterException"/> (the caller reconnects). With <paramref name="since"/> given, a job the printer
    /// still shows as ended (FINISHED, STOPPED, ERROR) is reported with its end; with none, only a running job counts.
    /// </remarks>
    public async IAsyncEnumerable<PrinterJobEvent> WatchAsync(DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var follower = new PrusaLinkFollower(_time, since is not null, _followed);
        while (true)
        {
            var snapshot = await PollAsync(cancellationToken).ConfigureAwait(false);
            var events = follower.Next(snapshot);
            foreach (var (key, file) in follower.Lost)
            {
                LogLost(_log, _printer, key, file);
            }

            follower.Lost.Clear();
            _followed = follower.Following;
            foreach (var e in events)
            {
                yield return e;
            }

            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<PrusaLinkSnapshot> PollAsync(CancellationToken cancellationToken)
    {
        var status = await _http.GetAsync("api/v1/status", cancellationToken).ConfigureAwait(false)
            ?? throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: PrusaLink at {_http.Address} answered /api/v1/status with no content. Check that the address is the printer's PrusaLink; it is tried again.");
        var job = await _http.GetAsync("api/v1/job", cancellationToken).ConfigureAwait(false);
        return PrusaLinkJobs.Read(status, job, out var problem)
            ?? throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: PrusaLink at {_http.Address} does not follow its API: {problem}. Check that the address is the printer's PrusaLink; it is tried again.");
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Printer {Printer}: job {JobId} ({File}) is no longer shown and PrusaLink did not show how it ended (the printer was not reachable, or its end screen was cleared, before a poll saw the end); its run is left open: close it by hand")]
    private static partial void LogLost(ILogger logger, string printer, string jobId, string file);
}
