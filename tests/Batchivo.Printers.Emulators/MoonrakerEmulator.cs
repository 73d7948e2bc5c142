using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Batchivo.Printers.Emulators;

/// <summary>
/// A Moonraker on loopback: the HTTP API (<c>/printer/objects/query</c>, <c>/server/history/list</c>) and the websocket
/// JSON-RPC 2.0 API (<c>server.connection.identify</c>, <c>printer.objects.subscribe</c>, <c>notify_history_changed</c>,
/// <c>notify_status_update</c>), with an optional API key. Jobs are built from the recorded payloads. A scenario drives
/// it: start a job, report progress, pause, end it, drop the connections, send raw frames, go offline.
/// </summary>
public sealed class MoonrakerEmulator : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, (WebSocket Socket, SemaphoreSlim Gate)> _sockets = new();
    private readonly List<JsonObject> _history = [];
    private readonly object _gate = new();
    private readonly string? _apiKey;
    private WebApplication? _app;
    private int _nextSocket;
    private int _nextJob = 0xBF;
    private string _state = "standby";
    private decimal _progress;

    private MoonrakerEmulator(string? apiKey, int port)
    {
        _apiKey = apiKey;
        Port = port;
    }

    /// <summary>The port it listens on (kept across <see cref="GoOfflineAsync"/> and <see cref="ComeOnlineAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Its address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Open websocket connections.</summary>
    public int Connections => _sockets.Count;

    /// <summary>Websocket connections accepted so far.</summary>
    public int ConnectionsAccepted { get; private set; }

    /// <summary>Requests refused for a missing or wrong API key.</summary>
    public int Refused { get; private set; }

    /// <summary>The history queries received (their query strings).</summary>
    public ConcurrentQueue<string> HistoryQueries { get; } = new();

    /// <summary>Starts an emulator on a free loopback port.</summary>
    /// <param name="apiKey">The API key it requires, or null for a trusted client.</param>
    /// <param name="port">The port; 0 for a free one.</param>
    /// <param name="online">False to reserve the port but not listen yet (a printer offline at start).</param>
    /// <returns>The emulator.</returns>
    public static async Task<MoonrakerEmulator> StartAsync(string? apiKey = null, int port = 0, bool online = true)
    {
        var emulator = new MoonrakerEmulator(apiKey, port == 0 ? FreePort() : port);
        if (online)
        {
            await emulator.ComeOnlineAsync();
        }

        return emulator;
    }

    /// <summary>Starts listening (again) on <see cref="Port"/>.</summary>
    /// <returns>A task.</returns>
    public async Task ComeOnlineAsync()
    {
        if (_app is not null)
        {
            return;
        }

        // An empty builder: no configuration files, so no file watcher (inotify instance) per emulator; tests run fifty at once.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRouting();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            if (_apiKey is not null && context.Request.Headers["X-Api-Key"] != _apiKey)
            {
                Refused++;
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { error = new { code = 401, message = "Unauthorized" } });
                return;
            }

            await next(context);
        });
        app.MapGet("/printer/objects/query", () => Results.Text(Wrap(new JsonObject { ["eventtime"] = 578243.57, ["status"] = Status() }).ToJsonString(), "application/json"));
        app.MapGet("/server/history/list", (HttpRequest request) =>
        {
            HistoryQueries.Enqueue(request.QueryString.Value ?? "");
            return Results.Text(Wrap(History(request)).ToJsonString(), "application/json");
        });
        app.Map("/websocket", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var id = Interlocked.Increment(ref _nextSocket);
            ConnectionsAccepted++;
            var gate = new SemaphoreSlim(1, 1);
            _sockets[id] = (socket, gate);
            try
            {
                await ServeAsync(socket, gate, context.RequestAborted);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
            finally
            {
                _sockets.TryRemove(id, out _);
            }
        });
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops listening and drops every connection (the printer switched off); <see cref="ComeOnlineAsync"/> brings it back on the same port.</summary>
    /// <returns>A task.</returns>
    public async Task GoOfflineAsync()
    {
        DropConnections();
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Starts a job: a history entry in progress from the recorded payloads, announced with <c>notify_history_changed</c> "added" and a <c>printing</c> status.</summary>
    /// <param name="fileName">The job's file.</param>
    /// <param name="metadata">The file's metadata; the recorded PrusaSlicer file's (27.32 g) when null.</param>
    /// <param name="announce">False to start it silently (a job that started while nobody was connected).</param>
    /// <returns>The job id (six upper-case hex digits).</returns>
    public async Task<string> StartJobAsync(string fileName, JsonObject? metadata = null, bool announce = true)
    {
        JsonObject job;
        lock (_gate)
        {
            job = (JsonObject)Payloads.Json("moonraker/notify_history_changed.json")["params"]![0]!["job"]!.DeepClone();
            job["job_id"] = (_nextJob++).ToString("X6", CultureInfo.InvariantCulture);
            job["filename"] = fileName;
            job["status"] = "in_progress";
            job["start_time"] = UnixNow();
            job["end_time"] = null;
            job["filament_used"] = 0.0;
            job["metadata"] = metadata ?? FileMetadata(fileName);
            _history.Add(job);
            _state = "printing";
            _progress = 0;
        }

        if (announce)
        {
            await BroadcastAsync(HistoryChanged("added", job));
            await BroadcastAsync(StatusUpdate(new JsonObject { ["print_stats"] = new JsonObject { ["state"] = "printing", ["filename"] = fileName } }));
        }

        return job["job_id"]!.GetValue<string>();
    }

    /// <summary>Reports the current job's progress.</summary>
    /// <param name="progress">0..1.</param>
    public Task ProgressAsync(decimal progress)
    {
        _progress = progress;
        return BroadcastAsync(StatusUpdate(new JsonObject { ["virtual_sdcard"] = new JsonObject { ["progress"] = progress } }));
    }

    /// <summary>Pauses or resumes the current job.</summary>
    /// <param name="paused">True to pause.</param>
    public Task SetPausedAsync(bool paused)
    {
        _state = paused ? "paused" : "printing";
        return BroadcastAsync(StatusUpdate(new JsonObject { ["print_stats"] = new JsonObject { ["state"] = _state } }));
    }

    /// <summary>Ends the current job with a history status, announced with <c>notify_history_changed</c> "finished".</summary>
    /// <param name="status">completed, cancelled, error, klippy_shutdown...</param>
    /// <param name="filamentUsed">Millimetres of filament the job used.</param>
    /// <param name="announce">False to end it silently (while nobody was connected).</param>
    /// <returns>The job id.</returns>
    public async Task<string> EndJobAsync(string status = "completed", decimal filamentUsed = 9159.55m, bool announce = true)
    {
        JsonObject job;
        lock (_gate)
        {
            job = _history.LastOrDefault(j => j["status"]!.GetValue<string>() == "in_progress") ?? throw new InvalidOperationException("No job in progress.");
            job["status"] = status;
            job["end_time"] = UnixNow();
            job["filament_used"] = filamentUsed;
            job["print_duration"] = job["end_time"]!.GetValue<double>() - job["start_time"]!.GetValue<double>();
            job["total_duration"] = job["print_duration"]!.GetValue<double>();
            _state = status switch { "completed" => "complete", "cancelled" => "cancelled", _ => "error" };
        }

        if (announce)
        {
            await BroadcastAsync(HistoryChanged("finished", job));
            await BroadcastAsync(StatusUpdate(new JsonObject { ["print_stats"] = new JsonObject { ["state"] = _state } }));
        }

        return job["job_id"]!.GetValue<string>();
    }

    /// <summary>Sends a message as it is (a replayed notification, a malformed or oversized frame) to every connection.</summary>
    /// <param name="text">The frame's text.</param>
    public Task SendRawAsync(string text) => BroadcastAsync(text);

    /// <summary>The <c>notify_history_changed</c> message for a job of the history, as Moonraker sends it.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="action">added or finished.</param>
    /// <returns>The message's text.</returns>
    public string HistoryChangedOf(string jobId, string action)
    {
        lock (_gate)
        {
            return HistoryChanged(action, _history.Single(j => j["job_id"]!.GetValue<string>() == jobId));
        }
    }

    /// <summary>Aborts every websocket connection (a network drop).</summary>
    public void DropConnections()
    {
        foreach (var (_, (socket, _)) in _sockets)
        {
            socket.Abort();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await GoOfflineAsync();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double UnixNow() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    private static JsonObject FileMetadata(string fileName)
    {
        var metadata = (JsonObject)Payloads.Json("moonraker/file_metadata.json");
        metadata.Remove("job_id");
        metadata.Remove("print_start_time");
        metadata["filename"] = fileName;
        return metadata;
    }

    private static JsonObject Wrap(JsonNode result) => new() { ["result"] = result };

    private static string HistoryChanged(string action, JsonObject job)
    {
        var message = Payloads.Json("moonraker/notify_history_changed.json");
        message["params"]![0]!["action"] = action;
        message["params"]![0]!["job"] = job.DeepClone();
        return message.ToJsonString();
    }

    private static string StatusUpdate(JsonObject changes) =>
        new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notify_status_update", ["params"] = new JsonArray(changes, 578243.57) }.ToJsonString();

    private JsonObject Status()
    {
        lock (_gate)
        {
            var current = _history.LastOrDefault();
            return new JsonObject
            {
                ["print_stats"] = new JsonObject
                {
                    ["filename"] = current?["filename"]?.GetValue<string>() ?? "",
                    ["total_duration"] = 0.0,
                    ["print_duration"] = 0.0,
                    ["filament_used"] = current?["filament_used"]?.DeepClone() ?? 0.0,
                    ["state"] = _state,
                    ["message"] = "",
                },
                ["virtual_sdcard"] = new JsonObject { ["progress"] = _progress },
            };
        }
    }

    private JsonObject History(HttpRequest request)
    {
        var since = double.TryParse(request.Query["since"], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : (double?)null;
        var limit = int.TryParse(request.Query["limit"], out var l) ? l : 50;
        var ascending = request.Query["order"] == "asc";
        lock (_gate)
        {
            var jobs = _history.Where(j => since is null || j["start_time"]!.GetValue<double>() > since);
            jobs = ascending ? jobs : jobs.Reverse();
            var list = new JsonArray([.. jobs.Take(limit).Select(j => j.DeepClone())]);
            return new JsonObject { ["count"] = list.Count, ["jobs"] = list };
        }
    }

    private async Task ServeAsync(WebSocket socket, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var request = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count));
            var id = request?["id"]?.DeepClone();
            var reply = request?["method"]?.GetValue<string>() switch
            {
                "server.connection.identify" => new JsonObject { ["connection_id"] = 1730367696 },
                "printer.objects.subscribe" => new JsonObject { ["eventtime"] = 578243.57, ["status"] = Status() },
                _ => null,
            };
            var answer = reply is null
                ? new JsonObject { ["jsonrpc"] = "2.0", ["error"] = new JsonObject { ["code"] = -32601, ["message"] = "Method not found" }, ["id"] = id }
                : new JsonObject { ["jsonrpc"] = "2.0", ["result"] = reply, ["id"] = id };
            await SendAsync(socket, gate, answer.ToJsonString());
        }
    }

    private async Task BroadcastAsync(string text)
    {
        foreach (var (_, (socket, gate)) in _sockets)
        {
            await SendAsync(socket, gate, text);
        }
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim gate, string text)
    {
        await gate.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
        }
        finally
        {
            gate.Release();
        }
    }
}
