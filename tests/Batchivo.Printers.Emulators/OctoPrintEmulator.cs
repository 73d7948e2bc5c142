using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Printers.Emulators;

/// <summary>
/// An OctoPrint on loopback: the REST API (<c>POST /api/login</c> passive, <c>GET /api/job</c>,
/// <c>GET /api/files/{origin}/{path}</c>) behind an API key (<c>X-Api-Key</c>; a wrong key gets 403, and a passive
/// login as the anonymous user, without a session), and the push socket at SockJS's raw websocket
/// (<c>/sockjs/websocket</c>: <c>connected</c> on opening, <c>subscribe</c> and <c>auth</c> from the client,
/// <c>reauthRequired</c> for an unknown session, then <c>history</c>, <c>current</c> and <c>event</c> messages).
/// Files keep their print history (<c>prints</c>) as OctoPrint's local storage does, counted just after the end events.
/// A scenario drives it: start a job, report progress, pause, end it, replay events, drop connections, go offline.
/// </summary>
public sealed partial class OctoPrintEmulator : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Client> _sockets = new();
    private readonly Dictionary<string, JsonObject> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sessions = [];
    private readonly object _gate = new();
    private readonly string _apiKey;
    private WebApplication? _app;
    private int _nextSocket;
    private string _state = "Operational";
    private string? _file;
    private decimal _completion;
    private double _startedAt;
    private bool _refuseSessions;

    private OctoPrintEmulator(string apiKey, int port)
    {
        _apiKey = apiKey;
        Port = port;
    }

    /// <summary>The user the API key belongs to.</summary>
    public const string User = "octo";

    /// <summary>The port it listens on (kept across <see cref="GoOfflineAsync"/> and <see cref="ComeOnlineAsync"/>).</summary>
    public int Port { get; }

    /// <summary>Its address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Authenticated push connections open now.</summary>
    public int Connections => _sockets.Values.Count(c => c.Authed);

    /// <summary>Push connections accepted so far.</summary>
    public int ConnectionsAccepted { get; private set; }

    /// <summary>Requests refused (403) for a wrong API key.</summary>
    public int Refused { get; private set; }

    /// <summary>The subscriptions clients sent.</summary>
    public ConcurrentQueue<string> Subscriptions { get; } = new();

    /// <summary>Starts an emulator on a free loopback port.</summary>
    /// <param name="apiKey">The API key it accepts.</param>
    /// <param name="port">The port; 0 for a free one.</param>
    /// <param name="online">False to reserve the port but not listen yet (a printer offline at start).</param>
    /// <returns>The emulator.</returns>
    public static async Task<OctoPrintEmulator> StartAsync(string apiKey = "octo-key", int port = 0, bool online = true)
    {
        var emulator = new OctoPrintEmulator(apiKey, port == 0 ? FreePort() : port);
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

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRouting();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.UseWebSockets();
        app.MapPost("/api/login", (HttpRequest request) =>
        {
            // A passive login with an unknown key is the anonymous user: no name, no session.
            if (request.Headers["X-Api-Key"] != _apiKey)
            {
                return Json(new JsonObject { ["name"] = null, ["active"] = false, ["admin"] = false, ["groups"] = new JsonArray("guests"), ["permissions"] = new JsonArray(), ["_is_external_client"] = false });
            }

            var login = (JsonObject)Payloads.Json("octoprint/login.json");
            var session = Guid.NewGuid().ToString("N")[..10];
            lock (_gate)
            {
                if (!_refuseSessions)
                {
                    _sessions.Add(session);
                }
            }

            login["name"] = User;
            login["session"] = session;
            return Json(login);
        });
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && context.Request.Headers["X-Api-Key"] != _apiKey)
            {
                Refused++;
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("<!doctype html><title>403 Forbidden</title><h1>Forbidden</h1>");
                return;
            }

            await next(context);
        });
        app.MapGet("/api/job", () => Json(Job()));
        app.MapGet("/api/files/{origin}/{**path}", (string origin, string path) =>
        {
            lock (_gate)
            {
                return origin == "local" && _files.TryGetValue(path, out var file) ? Json((JsonObject)file.DeepClone()) : Results.NotFound();
            }
        });
        app.Map("/sockjs/websocket", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var id = Interlocked.Increment(ref _nextSocket);
            ConnectionsAccepted++;
            using var client = new Client(socket);
            _sockets[id] = client;
            try
            {
                await client.SendAsync(Payloads.Json("octoprint/connected.json").ToJsonString());
                await ServeAsync(client, context.RequestAborted);
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

    /// <summary>Stops listening and drops every connection (OctoPrint switched off); <see cref="ComeOnlineAsync"/> brings it back on the same port.</summary>
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

    /// <summary>Uploads a file (if new) from the recorded file (whistle_v2.gcode: 810 mm, 5.36 cm³, 1188 s) and starts printing it.</summary>
    /// <param name="fileName">The file's path in the local storage.</param>
    /// <param name="announce">False to start it silently (while nobody was connected).</param>
    /// <param name="analysis">How the file's G-code analysis reads (for a new file).</param>
    /// <returns>The job id the connector should give it: <c>local/{path}@{date}#{n}</c>.</returns>
    public async Task<string> StartJobAsync(string fileName, bool announce = true, OctoPrintAnalysis analysis = OctoPrintAnalysis.ByTool)
    {
        string id;
        lock (_gate)
        {
            if (_state is "Printing" or "Paused")
            {
                throw new InvalidOperationException("A job is running already.");
            }

            if (!_files.TryGetValue(fileName, out var file))
            {
                file = (JsonObject)Payloads.Json("octoprint/file.json");
                file["name"] = Path.GetFileName(fileName);
                file["path"] = fileName;
                file["display"] = Path.GetFileName(fileName);
                file["date"] = (long)UnixNow();
                file.Remove("prints");
                var recorded = (JsonObject)file["gcodeAnalysis"]!;
                switch (analysis)
                {
                    case OctoPrintAnalysis.ByTool:
                        recorded["filament"] = new JsonObject { ["tool0"] = recorded["filament"]!.DeepClone() };
                        break;
                    case OctoPrintAnalysis.None:
                        // The recorded answer's filament without analysis, {"length": null, "volume": null}.
                        recorded["filament"] = Payloads.Json("octoprint/job_not_analysed.json")["job"]!["filament"]!.DeepClone();
                        recorded.Remove("estimatedPrintTime");
                        break;
                }

                _files[fileName] = file;
            }

            _file = fileName;
            _state = "Printing";
            _completion = 0;
            _startedAt = UnixNow();
            id = IdOf(file, Prints(file) + 1);
        }

        if (announce)
        {
            await EventAsync("PrintStarted", new JsonObject { ["user"] = User });
            await BroadcastAsync(new JsonObject { ["current"] = Job() }.ToJsonString());
        }

        return id;
    }

    /// <summary>Reports the job's progress in a <c>current</c> message.</summary>
    /// <param name="percent">0..100.</param>
    /// <returns>A task.</returns>
    public Task ProgressAsync(decimal percent)
    {
        _completion = percent;
        return BroadcastAsync(new JsonObject { ["current"] = Job() }.ToJsonString());
    }

    /// <summary>Pauses or resumes the job.</summary>
    /// <param name="paused">True to pause.</param>
    /// <returns>A task.</returns>
    public Task SetPausedAsync(bool paused)
    {
        _state = paused ? "Paused" : "Printing";
        return EventAsync(paused ? "PrintPaused" : "PrintResumed", new JsonObject { ["user"] = User });
    }

    /// <summary>
    /// Ends the job as OctoPrint does: <c>done</c> sends PrintDone; <c>cancelled</c> PrintCancelled and then
    /// PrintFailed with reason cancelled; <c>error</c> PrintFailed with reason error. The file's print history counts
    /// the print after the events.
    /// </summary>
    /// <param name="how">done, cancelled or error.</param>
    /// <param name="announce">False to end it silently (while nobody was connected).</param>
    /// <returns>The job's id.</returns>
    public async Task<string> EndJobAsync(string how = "done", bool announce = true)
    {
        string id;
        double took;
        lock (_gate)
        {
            if (_state is not ("Printing" or "Paused") || _file is null)
            {
                throw new InvalidOperationException("No job is running.");
            }

            var file = _files[_file];
            id = IdOf(file, Prints(file) + 1);
            took = Math.Round(UnixNow() - _startedAt, 2);
            _state = how == "error" ? "Offline after error" : "Operational";
            _completion = how == "done" ? 100 : _completion;
        }

        if (announce)
        {
            switch (how)
            {
                case "done": await EventAsync("PrintDone", new JsonObject { ["time"] = took }); break;
                case "cancelled":
                    await EventAsync("PrintCancelled", new JsonObject { ["time"] = took, ["user"] = User, ["progress"] = _completion });
                    await EventAsync("PrintFailed", new JsonObject { ["time"] = took, ["reason"] = "cancelled" });
                    break;
                default: await EventAsync("PrintFailed", new JsonObject { ["time"] = took, ["reason"] = "error" }); break;
            }
        }

        lock (_gate)
        {
            var file = _files[_file!];
            var prints = file["prints"] as JsonObject ?? new JsonObject { ["success"] = 0, ["failure"] = 0 };
            var key = how == "done" ? "success" : "failure";
            prints[key] = prints[key]!.GetValue<int>() + 1;
            prints["last"] = how == "done"
                ? new JsonObject { ["date"] = UnixNow(), ["printTime"] = took, ["success"] = true }
                : new JsonObject { ["date"] = UnixNow(), ["success"] = false };
            file["prints"] = prints;
        }

        return id;
    }

    /// <summary>Sends an event for the current (or last) job's file, with the documented payload plus <paramref name="extra"/>.</summary>
    /// <param name="type">The event, e.g. PrintDone.</param>
    /// <param name="extra">More payload fields.</param>
    /// <returns>A task.</returns>
    public Task EventAsync(string type, JsonObject? extra = null)
    {
        JsonObject payload;
        lock (_gate)
        {
            var file = _file is null ? null : _files[_file];
            payload = new JsonObject
            {
                ["name"] = file?["name"]?.DeepClone(),
                ["path"] = _file,
                ["origin"] = "local",
                ["size"] = file?["size"]?.DeepClone(),
                ["owner"] = User,
            };
        }

        foreach (var (key, value) in extra ?? [])
        {
            payload[key] = value?.DeepClone();
        }

        return BroadcastAsync(new JsonObject { ["event"] = new JsonObject { ["type"] = type, ["payload"] = payload } }.ToJsonString());
    }

    /// <summary>Sends a message as it is (a malformed or oversized frame) to every authenticated connection.</summary>
    /// <param name="text">The message's text.</param>
    /// <returns>A task.</returns>
    public Task SendRawAsync(string text) => BroadcastAsync(text);

    /// <summary>Forgets every login session (OctoPrint restarted): a socket that authenticates with an old session gets <c>reauthRequired</c>.</summary>
    /// <param name="refuseNewOnes">True to also hand out sessions the socket will not know (a session store that keeps failing).</param>
    public void ForgetSessions(bool refuseNewOnes = false)
    {
        lock (_gate)
        {
            _sessions.Clear();
            _refuseSessions = refuseNewOnes;
        }
    }

    /// <summary>Aborts every push connection (a network drop).</summary>
    public void DropConnections()
    {
        foreach (var (_, client) in _sockets)
        {
            client.Socket.Abort();
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

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static int Prints(JsonObject file) => file["prints"] is JsonObject p ? p["success"]!.GetValue<int>() + p["failure"]!.GetValue<int>() : 0;

    private static string IdOf(JsonObject file, int n) => $"local/{file["path"]!.GetValue<string>()}@{file["date"]!.GetValue<long>()}#{n}";

    private JsonObject Job()
    {
        lock (_gate)
        {
            if (_file is null)
            {
                // Nothing selected yet: the recorded answer of a printer without a job (every field null).
                var idle = (JsonObject)Payloads.Json("octoprint/job_not_analysed.json");
                idle["progress"]!["completion"] = null;
                idle["progress"]!["printTime"] = null;
                idle["progress"]!["printTimeLeft"] = null;
                idle["state"] = _state;
                return idle;
            }

            var file = _files[_file];
            var job = (JsonObject)Payloads.Json("octoprint/job.json");
            var running = _state is "Printing" or "Paused";
            job["job"]!["file"] = new JsonObject
            {
                ["name"] = file["name"]!.DeepClone(),
                ["path"] = _file,
                ["display"] = file["name"]!.DeepClone(),
                ["origin"] = "local",
                ["size"] = file["size"]!.DeepClone(),
                ["date"] = file["date"]!.DeepClone(),
            };
            job["job"]!["estimatedPrintTime"] = file["gcodeAnalysis"]!["estimatedPrintTime"]?.DeepClone();
            job["job"]!["filament"] = file["gcodeAnalysis"]!["filament"]!.DeepClone();
            job["progress"]!["completion"] = _completion;
            job["progress"]!["printTime"] = running ? (long)(UnixNow() - _startedAt) : null;
            job["state"] = _state;
            return job;
        }
    }
}

/// <summary>How the emulated OctoPrint's G-code analysis of a file reads.</summary>
public enum OctoPrintAnalysis
{
    /// <summary>Filament per tool (<c>filament.tool0</c>), as the data model says.</summary>
    ByTool,

    /// <summary>One filament unkeyed (<c>filament.length</c>, <c>filament.volume</c>), as the files documentation's example shows.</summary>
    Unkeyed,

    /// <summary>Not analysed: <c>"filament": {"length": null, "volume": null}</c> and no print time.</summary>
    None,
}
