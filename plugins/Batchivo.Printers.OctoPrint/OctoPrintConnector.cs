using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchivo.Devices;
using Microsoft.Extensions.Logging;

namespace Batchivo.Printers.OctoPrint;

/// <summary>
/// One printer through OctoPrint. Jobs come from OctoPrint's events on the push socket (SockJS's raw websocket at
/// <c>/sockjs/websocket</c>, authenticated with the session of a passive login with the API key): PrintStarted,
/// PrintDone, PrintFailed, PrintCancelled, PrintPaused and PrintResumed; progress from the <c>current</c> messages.
/// <c>/api/job</c> gives the job running when the socket opens, and the file's print history (<c>prints</c> of
/// <c>/api/files</c>) the end of a job that ended while nobody watched. Job ids count the file's prints (see the README).
/// </summary>
/// <remarks>Thread-safe for one <see cref="WatchAsync"/> at a time beside any number of <see cref="GetStatusAsync"/> calls.</remarks>
public sealed partial class OctoPrintConnector : IPrinterConnector
{
    /// <summary>The events followed; the socket sends no others.</summary>
    private static readonly string[] Followed = ["PrintStarted", "PrintDone", "PrintFailed", "PrintCancelled", "PrintPaused", "PrintResumed"];

    private readonly string _printer;
    private readonly OctoPrintOptions _options;
    private readonly ILogger _log;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    // Per file: the print number of its last job seen ending, so that a job started before OctoPrint has counted the
    // previous one (it counts a print just after its end event) still gets the next number.
    private readonly Dictionary<string, int> _lastEnded = new(StringComparer.Ordinal);

    // Jobs of files without a print history (the printer's SD card): their id, kept while they run.
    private readonly Dictionary<string, string> _untracked = new(StringComparer.Ordinal);

    internal OctoPrintConnector(string printer, OctoPrintOptions options, ILogger log, TimeProvider time)
    {
        _printer = printer;
        _options = options;
        _log = log;
        _time = time;
        _http = new HttpClient { BaseAddress = options.Url, Timeout = options.RequestTimeout };
        _http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }

    /// <inheritdoc />
    public async Task<PrinterStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var answer = await GetAsync("api/job", cancellationToken).ConfigureAwait(false);
        var completion = Number(answer["progress"]?["completion"]);
        var activity = OctoPrintJobs.Activity(Text(answer["state"]), completion);
        PrinterJob? job = null;
        if (OctoPrintJobs.FileOf(answer["job"]?["file"]) is { } file)
        {
            var running = OctoPrintJobs.IsRunning(activity) ? (await RunningAsync(file, answer["job"]?["file"], cancellationToken).ConfigureAwait(false)).Id : null;
            var left = Number(answer["progress"]?["printTimeLeft"]);
            job = new PrinterJob(
                file.Name,
                Math.Clamp((completion ?? 0m) / 100m, 0m, 1m),
                TimeSpan.FromSeconds((double)(Number(answer["progress"]?["printTime"]) ?? 0m)),
                left is >= 0 ? TimeSpan.FromSeconds((double)left.Value) : null,
                null,
                running);
        }

        return new PrinterStatus(activity, job, _time.GetUtcNow());
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PrinterJobEvent> WatchAsync(DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var auth = await LoginAsync(cancellationToken).ConfigureAwait(false);
        var socket = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var socketDisposal = socket;

        // The subscription goes before the auth, so that the socket never sends what is not followed (logs, temperatures, plugins).
        await SendAsync(socket, new JsonObject
        {
            ["subscribe"] = new JsonObject
            {
                ["state"] = new JsonObject { ["logs"] = false, ["messages"] = false },
                ["events"] = new JsonArray([.. Followed.Select(e => (JsonNode)e)]),
                ["plugins"] = false,
            },
        }, cancellationToken).ConfigureAwait(false);
        await SendAsync(socket, new JsonObject { ["auth"] = auth }, cancellationToken).ConfigureAwait(false);

        // OctoPrint registers an authenticated socket for events and sends it the state (`history`) in one go: from then
        // on no event is missed, so the job read next over REST and the live events overlap rather than leave a gap.
        if (!await AuthenticatedAsync(socket, cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        var watch = new Watch();
        foreach (var e in await ReconcileAsync(since, watch, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }

        while (true)
        {
            var text = await PrinterMessages.ReceiveTextAsync(socket, _options.MaxMessageBytes, _printer, cancellationToken).ConfigureAwait(false);
            if (text is null)
            {
                yield break;
            }

            JsonObject? message;
            try
            {
                message = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException ex)
            {
                LogMalformed(_log, _printer, ex.Message, Start(text));
                continue;
            }

            if (message is null)
            {
                LogMalformed(_log, _printer, "not a JSON object", Start(text));
                continue;
            }

            if (message["reauthRequired"] is JsonObject reauth)
            {
                // The session ended (OctoPrint restarted, the user logged out): the next connection logs in again.
                var reason = Text(reauth["reason"]) ?? "unknown";
                LogReauth(_log, _printer, reason);
                yield break;
            }

            if (message["event"] is JsonObject pushed && Text(pushed["type"]) is { } type)
            {
                var e = await OnEventAsync(type, pushed["payload"] as JsonObject, watch, cancellationToken).ConfigureAwait(false);
                if (e is not null)
                {
                    yield return e;
                }
            }
            else if (message["current"] is JsonObject current && watch.Current is { } job && !watch.Ended.Contains(job.Started.JobId))
            {
                // Progress in steps of 5 %, not twice a second.
                if (Number(current["progress"]?["completion"]) is { } percent && percent / 100m - watch.LastProgress >= 0.05m)
                {
                    watch.LastProgress = Math.Clamp(percent / 100m, 0m, 1m);
                    yield return job.Started with { Kind = PrinterJobEventKind.Progress, At = Now(), Progress = watch.LastProgress, Estimate = null, FromHistory = false };
                }
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads up to the first <c>history</c> message (true), or a <c>reauthRequired</c> (false: the session was refused).</summary>
    private async Task<bool> AuthenticatedAsync(System.Net.WebSockets.WebSocket socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            while (true)
            {
                var text = await PrinterMessages.ReceiveTextAsync(socket, _options.MaxMessageBytes, _printer, timeout.Token).ConfigureAwait(false)
                    ?? throw new PrinterException(PrinterFault.Unreachable, $"Printer {_printer}: OctoPrint closed the push socket before it authenticated it. It is tried again.");
                JsonObject? message;
                try
                {
                    message = JsonNode.Parse(text) as JsonObject;
                }
                catch (JsonException)
                {
                    message = null;
                }

                if (message?["history"] is not null)
                {
                    return true;
                }

                if (message?["reauthRequired"] is JsonObject reauth)
                {
                    var reason = Text(reauth["reason"]) ?? "unknown";
                    LogReauth(_log, _printer, reason);
                    return false;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: OctoPrint sent no state in {_options.RequestTimeout.TotalSeconds} s after the push socket's authentication. Check that the API key's user has the STATUS permission; it is tried again.");
        }
    }

    private async Task<PrinterJobEvent?> OnEventAsync(string type, JsonObject? payload, Watch watch, CancellationToken cancellationToken)
    {
        if (OctoPrintJobs.FileOf(payload) is not { } file)
        {
            return null;
        }

        var job = watch.Current is { } current && current.File.Key == file.Key ? current : null;
        switch (type)
        {
            case "PrintStarted":
                if (job is not null && !watch.Ended.Contains(job.Started.JobId))
                {
                    return null; // a repeated start of the job that runs
                }

                // A start replayed after its end (OctoPrint idle again) is no new job; the job's own answer also names the file's upload date.
                var now = await GetAsync("api/job", cancellationToken).ConfigureAwait(false);
                if (!OctoPrintJobs.IsRunning(OctoPrintJobs.Activity(Text(now["state"]), null)) || OctoPrintJobs.FileOf(now["job"]?["file"])?.Key != file.Key)
                {
                    LogStaleStart(_log, _printer, file.Key);
                    return null;
                }

                var running = await RunningAsync(file, now["job"]?["file"], cancellationToken).ConfigureAwait(false);
                if (watch.Ended.Contains(running.Id) || job?.Started.JobId == running.Id)
                {
                    return null;
                }

                var started = new PrinterJobEvent(PrinterJobEventKind.Started, running.Id, file.Name, Now(), 0m, running.Estimate);
                watch.Start(started, file);
                return started;

            case "PrintDone" or "PrintFailed" or "PrintCancelled":
                if (job is null)
                {
                    // The end of a job whose start this connection has not seen: the next connection reads it from the file's history.
                    LogUnknownEnd(_log, _printer, type, file.Key);
                    return null;
                }

                if (!watch.Ended.Add(job.Started.JobId))
                {
                    return null; // PrintFailed (cancelled) after PrintCancelled, or a repeated end: one end per job
                }

                Ended(file, job.Started.JobId);
                var reason = Text(payload?["reason"]);
                var kind = type switch
                {
                    "PrintDone" => PrinterJobEventKind.Finished,
                    "PrintCancelled" => PrinterJobEventKind.Cancelled,
                    _ when reason == "cancelled" => PrinterJobEventKind.Cancelled,
                    _ => PrinterJobEventKind.Failed,
                };
                return job.Started with
                {
                    Kind = kind,
                    At = Now(),
                    Progress = kind == PrinterJobEventKind.Finished ? 1m : null,
                    Estimate = null,
                    Detail = kind == PrinterJobEventKind.Failed ? reason ?? "error" : null,
                    FromHistory = false,
                };

            case "PrintPaused" or "PrintResumed" when job is not null && !watch.Ended.Contains(job.Started.JobId):
                var paused = type == "PrintPaused";
                if (watch.Paused == paused)
                {
                    return null;
                }

                watch.Paused = paused;
                return job.Started with { Kind = paused ? PrinterJobEventKind.Paused : PrinterJobEventKind.Resumed, At = Now(), Estimate = null, FromHistory = false };

            default:
                return null;
        }
    }

    private DateTimeOffset Now() => _time.GetUtcNow();

    private static string Start(string text) => text.Length > 200 ? text[..200] : text;

    private static string? Text(JsonNode? node) => OctoPrintJobs.Text(node);

    private static decimal? Number(JsonNode? node) => OctoPrintJobs.Number(node);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Printer {Printer}: OctoPrint sent a push message that is not a JSON object ({Problem}), skipped: {Start}")]
    private static partial void LogMalformed(ILogger logger, string printer, string problem, string start);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Printer {Printer}: OctoPrint asks to log in again ({Reason}); reconnecting")]
    private static partial void LogReauth(ILogger logger, string printer, string reason);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Debug, Message = "Printer {Printer}: {Event} for {File}, whose start this connection did not see; the next connection reads it from the file's print history")]
    private static partial void LogUnknownEnd(ILogger logger, string printer, string @event, string file);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Debug, Message = "Printer {Printer}: PrintStarted for {File}, but OctoPrint is not printing it (a replayed start); skipped")]
    private static partial void LogStaleStart(ILogger logger, string printer, string file);

    /// <summary>What one connection has seen.</summary>
    private sealed class Watch
    {
        public Running? Current { get; private set; }

        public HashSet<string> Ended { get; } = new(StringComparer.Ordinal);

        public bool Paused { get; set; }

        public decimal LastProgress { get; set; }

        public void Start(PrinterJobEvent started, JobFile file)
        {
            Current = new Running(started with { Estimate = null, FromHistory = false }, file);
            Paused = false;
            LastProgress = 0m;
        }
    }

    private sealed record Running(PrinterJobEvent Started, JobFile File);
}
