using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchivo.Devices;
using Microsoft.Extensions.Logging;

namespace Batchivo.Printers.Moonraker;

/// <summary>
/// One Klipper printer through Moonraker. Jobs come from Moonraker's job history: <c>notify_history_changed</c> on the
/// websocket (JSON-RPC 2.0 at <c>/websocket</c>) gives a job's start and end, <c>notify_status_update</c> of
/// <c>print_stats</c> and <c>virtual_sdcard</c> gives pauses and progress, and <c>/server/history/list?since=</c>
/// gives the jobs that ran while nobody watched. The estimates come from the job's file metadata.
/// </summary>
/// <remarks>Thread-safe for one <see cref="WatchAsync"/> at a time beside any number of <see cref="GetStatusAsync"/> calls.</remarks>
public sealed partial class MoonrakerConnector : IPrinterConnector
{
    private const int IdentifyId = 1;
    private const int SubscribeId = 2;
    private readonly string _printer;
    private readonly MoonrakerOptions _options;
    private readonly ILogger _log;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    internal MoonrakerConnector(string printer, MoonrakerOptions options, ILogger log, TimeProvider time)
    {
        _printer = printer;
        _time = time;
        _options = options;
        _log = log;
        _http = new HttpClient { BaseAddress = options.Url, Timeout = options.RequestTimeout };
        if (options.ApiKey is { Length: > 0 } key)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
    }

    /// <inheritdoc />
    public async Task<PrinterStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var result = await GetAsync("printer/objects/query?print_stats&virtual_sdcard", cancellationToken).ConfigureAwait(false);
        var stats = result?["status"]?["print_stats"];
        var progress = Number(result?["status"]?["virtual_sdcard"]?["progress"]) ?? 0m;
        var state = Text(stats?["state"]);
        var activity = state switch
        {
            "printing" => PrinterActivity.Printing,
            "paused" => PrinterActivity.Paused,
            "complete" => PrinterActivity.Finished,
            "error" => PrinterActivity.Error,
            _ => PrinterActivity.Idle,
        };
        PrinterJob? job = null;
        if (Text(stats?["filename"]) is { Length: > 0 } file)
        {
            var last = await LatestJobAsync(cancellationToken).ConfigureAwait(false);
            var jobId = last is not null && Text(last["filename"]) == file ? Text(last["job_id"]) : null;
            var used = Number(stats?["filament_used"]);
            job = new PrinterJob(
                file,
                Math.Clamp(progress, 0m, 1m),
                TimeSpan.FromSeconds((double)(Number(stats?["print_duration"]) ?? 0m)),
                null,
                used is { } mm && last?["metadata"] is JsonObject metadata ? MoonrakerJobs.GramsOf(mm, metadata) : null,
                jobId);
        }

        return new PrinterStatus(activity, job, _time.GetUtcNow());
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PrinterJobEvent> WatchAsync(DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var socket = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var socketDisposal = socket;
        await SendAsync(socket, new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = "server.connection.identify",
            ["params"] = Identify(),
            ["id"] = IdentifyId,
        }, cancellationToken).ConfigureAwait(false);
        await SendAsync(socket, new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = "printer.objects.subscribe",
            ["params"] = new JsonObject { ["objects"] = new JsonObject { ["print_stats"] = new JsonArray("state", "filename"), ["virtual_sdcard"] = new JsonArray("progress") } },
            ["id"] = SubscribeId,
        }, cancellationToken).ConfigureAwait(false);

        // A job that starts or ends while the history is read comes both from the history and live: once is enough.
        var yielded = new HashSet<(string, PrinterJobEventKind)>();
        var current = default(JsonObject);
        foreach (var e in await ReconcileAsync(since, cancellationToken).ConfigureAwait(false))
        {
            current = e.Job;
            yielded.Add((e.Event.JobId, e.Event.Kind));
            yield return e.Event;
        }

        current = current is not null && Text(current["status"]) == "in_progress" ? current : null;
        var paused = false;
        var lastProgress = -1m;
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
                LogMalformed(_log, _printer, ex.Message, text.Length > 200 ? text[..200] : text);
                continue;
            }

            if (message is null)
            {
                LogMalformed(_log, _printer, "not a JSON object", text.Length > 200 ? text[..200] : text);
                continue;
            }

            if (message["id"] is JsonValue id && message["error"] is JsonObject error)
            {
                var code = Number(error["code"]);
                var what = Text(error["message"]) ?? "an error";
                if (id.TryGetValue<int>(out var n) && n == IdentifyId && code is 401 or 403)
                {
                    throw new PrinterException(PrinterFault.Unauthorized, $"Printer {_printer}: Moonraker refused the connection ({what}). Give the printer's API key as the setting ApiKey, or add this host to Moonraker's trusted clients.");
                }

                LogRefused(_log, _printer, what);
                continue;
            }

            var method = Text(message["method"]);
            var parameters = message["params"] as JsonArray;
            if (method == "notify_history_changed" && parameters is [JsonObject change, ..] && change["job"] is JsonObject job)
            {
                var action = Text(change["action"]);
                if (MoonrakerJobs.ToEvent(job, action, fromHistory: false) is { } e && yielded.Add((e.JobId, e.Kind)))
                {
                    current = action == "added" ? job : null;
                    paused = false;
                    lastProgress = 0;
                    yield return e;
                }
            }
            else if (method == "notify_status_update" && parameters is [JsonObject status, ..] && current is not null)
            {
                var started = MoonrakerJobs.ToEvent(current, "added", fromHistory: false)!;
                if (Text(status["print_stats"]?["state"]) is { } state)
                {
                    if (state == "paused" && !paused)
                    {
                        paused = true;
                        yield return started with { Kind = PrinterJobEventKind.Paused, At = Now(), Estimate = null };
                    }
                    else if (state == "printing" && paused)
                    {
                        paused = false;
                        yield return started with { Kind = PrinterJobEventKind.Resumed, At = Now(), Estimate = null };
                    }
                }

                // Progress is reported in steps of 5 %, not every few seconds.
                if (Number(status["virtual_sdcard"]?["progress"]) is { } progress && progress - lastProgress >= 0.05m)
                {
                    lastProgress = progress;
                    yield return started with { Kind = PrinterJobEventKind.Progress, At = Now(), Progress = Math.Clamp(progress, 0m, 1m), Estimate = null };
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

    private DateTimeOffset Now() => _time.GetUtcNow();

    private JsonObject Identify()
    {
        var identify = new JsonObject
        {
            ["client_name"] = "Batchivo",
            ["version"] = typeof(MoonrakerConnector).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
            ["type"] = "other",
            ["url"] = "https://batchivo.example/",
        };
        if (_options.ApiKey is { Length: > 0 } key)
        {
            identify["api_key"] = key;
        }

        return identify;
    }

    private async Task<List<(PrinterJobEvent Event, JsonObject Job)>> ReconcileAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        // With nothing seen before, only the job that is running now counts: earlier jobs are not this host's to track.
        var query = since is { } from
            ? $"server/history/list?since={(from.ToUnixTimeMilliseconds() / 1000.0 - 1).ToString("0.###", CultureInfo.InvariantCulture)}&order=asc&limit=1000"
            : "server/history/list?limit=1&order=desc";
        var result = await GetAsync(query, cancellationToken).ConfigureAwait(false);
        var events = new List<(PrinterJobEvent, JsonObject)>();
        foreach (var job in (result?["jobs"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var status = Text(job["status"]);
            if (since is null && status != "in_progress")
            {
                continue;
            }

            if (MoonrakerJobs.ToEvent(job, "added", fromHistory: since is not null) is { } started)
            {
                events.Add((started, job));
            }

            if (status != "in_progress" && MoonrakerJobs.ToEvent(job, "finished", fromHistory: true) is { } ended)
            {
                events.Add((ended, job));
            }
        }

        return events;
    }

    private async Task<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        if (_options.ApiKey is { Length: > 0 } key)
        {
            socket.Options.SetRequestHeader("X-Api-Key", key);
        }

        var builder = new UriBuilder(new Uri(_options.Url!, "websocket")) { Scheme = _options.Url!.Scheme == "https" ? "wss" : "ws" };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            await socket.ConnectAsync(builder.Uri, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? Unauthorized(status)
                : new PrinterException(PrinterFault.Unreachable, $"Printer {_printer}: Moonraker at {_options.Url} cannot be reached ({(ex is OperationCanceledException ? "no answer in " + _options.RequestTimeout.TotalSeconds + " s" : ex.Message)}). Check that the printer is on and the address is right; it is tried again.", ex);
        }
    }

    private async Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new PrinterException(PrinterFault.Unreachable, $"Printer {_printer}: Moonraker at {_options.Url} cannot be reached ({(ex is TaskCanceledException ? "no answer in " + _options.RequestTimeout.TotalSeconds + " s" : ex.Message)}). Check that the printer is on and the address is right.", ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw Unauthorized(response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: Moonraker answered {(int)response.StatusCode} {response.ReasonPhrase} to {path.Split('?')[0]}. Check that the address is Moonraker's (port 7125 by default).");
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > _options.MaxMessageBytes)
            {
                throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: Moonraker's answer to {path.Split('?')[0]} is larger than {_options.MaxMessageBytes} bytes.");
            }

            try
            {
                return JsonNode.Parse(body)?["result"];
            }
            catch (JsonException ex)
            {
                throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: Moonraker's answer to {path.Split('?')[0]} is not JSON ({ex.Message}). Check that the address is Moonraker's.", ex);
            }
        }
    }

    private async Task<JsonObject?> LatestJobAsync(CancellationToken cancellationToken)
    {
        var result = await GetAsync("server/history/list?limit=1&order=desc", cancellationToken).ConfigureAwait(false);
        return result?["jobs"] is JsonArray { Count: > 0 } jobs ? jobs[0] as JsonObject : null;
    }

    private PrinterException Unauthorized(HttpStatusCode? status) =>
        new(PrinterFault.Unauthorized, $"Printer {_printer}: Moonraker refused the credentials ({(int?)status}). {(_options.ApiKey is { Length: > 0 } ? "Check the API key in the setting ApiKey (Moonraker's `/access/api_key`)." : "Give the printer's API key as the setting ApiKey, or add this host to Moonraker's trusted clients.")}");

    private static async Task SendAsync(WebSocket socket, JsonObject message, CancellationToken cancellationToken) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);

    private static string? Text(JsonNode? node) => MoonrakerJobs.Text(node);

    private static decimal? Number(JsonNode? node) => MoonrakerJobs.Number(node);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Printer {Printer}: Moonraker sent a message that is not JSON-RPC ({Problem}), skipped: {Start}")]
    private static partial void LogMalformed(ILogger logger, string printer, string problem, string start);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Printer {Printer}: Moonraker refused a request: {Error}")]
    private static partial void LogRefused(ILogger logger, string printer, string error);
}
