using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Batchivo.Printers.Emulators;

/// <summary>A job started on the <see cref="PrusaLinkEmulator"/>.</summary>
/// <param name="Id">PrusaLink's job id.</param>
/// <param name="FileName">The file's long name (<c>display_name</c>).</param>
/// <param name="FileTimestamp">The file's modification time (<c>m_timestamp</c>, Unix seconds).</param>
public sealed record PrusaLinkEmulatedJob(int Id, string FileName, long FileTimestamp);

/// <summary>
/// A PrusaLink on loopback: <c>/api/v1/status</c> and <c>/api/v1/job</c> (204 when there is no job), behind HTTP
/// digest authentication (a nonce per challenge, MD5, with or without <c>qop</c>) or, in API-key mode, behind
/// <c>X-Api-Key</c> with a <c>WWW-Authenticate: ApiKey</c> challenge. The answers are built from the recorded payloads.
/// A scenario drives it: start a job, report progress, pause, end it (the printer then shows the ended job until the
/// next one or until its end screen is cleared), reboot (job ids start again), answer a path with raw text, go offline.
/// </summary>
public sealed partial class PrusaLinkEmulator : IAsyncDisposable
{
    /// <summary>The first job id after a start or a reboot (the recorded job's).</summary>
    public const int FirstJobId = 129;

    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, string> _raw = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _fileTimes = new(StringComparer.Ordinal);
    private readonly PrusaLinkDigest? _digest;
    private readonly string? _apiKey;
    private readonly X509Certificate2? _certificate;
    private WebApplication? _app;
    private int _nextJobId = FirstJobId;
    private long _nextFileTime = 1698686881;
    private string _printerState = "IDLE";
    private string? _message;
    private JsonObject? _job;
    private DateTimeOffset _jobStart;
    private int _statusPolls;
    private int _refused;
    private bool _rawWithLength;

    private PrusaLinkEmulator(string user, string password, string? apiKey, bool qop, int port, X509Certificate2? certificate)
    {
        _certificate = certificate;
        _apiKey = apiKey;
        _digest = apiKey is null ? new PrusaLinkDigest("Printer API", user, password, qop) : null;
        Port = port;
    }

    /// <summary>The port it listens on (kept across <see cref="GoOfflineAsync"/> and <see cref="ComeOnlineAsync"/>).</summary>
    public int Port { get; }

    /// <summary>Its address, e.g. <c>http://127.0.0.1:41234/</c> (<c>https</c> with a self-signed certificate when started so).</summary>
    public Uri Url => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}/");

    /// <summary>Status requests answered (authenticated).</summary>
    public int StatusPolls => Volatile.Read(ref _statusPolls);

    /// <summary>Requests refused with a 401 after credentials were sent (a wrong password or key), not counting the first challenge of a digest exchange.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Starts an emulator on a free loopback port.</summary>
    /// <param name="user">The digest user.</param>
    /// <param name="password">The digest password.</param>
    /// <param name="apiKey">The API key; when given, the printer is in API-key mode (no digest).</param>
    /// <param name="qop">False for a digest challenge without <c>qop</c> (RFC 2069 style).</param>
    /// <param name="online">False to reserve the port but not listen yet (a printer offline at start).</param>
    /// <param name="https">True to serve HTTPS with a self-signed certificate no one trusts.</param>
    /// <returns>The emulator.</returns>
    public static async Task<PrusaLinkEmulator> StartAsync(string user = "maker", string password = "emulated-password", string? apiKey = null, bool qop = true, bool online = true, bool https = false)
    {
        var emulator = new PrusaLinkEmulator(user, password, apiKey, qop, FreePort(), https ? SelfSigned() : null);
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
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port, listen =>
        {
            if (_certificate is not null)
            {
                listen.UseHttps(_certificate);
            }
        }));
        var app = builder.Build();
        app.Run(ServeAsync);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops listening (the printer switched off or left the network); <see cref="ComeOnlineAsync"/> brings it back on the same port.</summary>
    /// <returns>A task.</returns>
    public async Task GoOfflineAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Starts printing a file: the recorded job with a new id, the file's metadata, and the printer PRINTING.</summary>
    /// <param name="fileName">The file's long name.</param>
    /// <param name="meta">The file's <c>meta</c>; the recorded one (15.42 g of PLA) when null.</param>
    /// <param name="withMeta">False for a file without <c>meta</c>.</param>
    /// <returns>The job.</returns>
    public PrusaLinkEmulatedJob StartJob(string fileName, JsonObject? meta = null, bool withMeta = true)
    {
        lock (_gate)
        {
            if (!_fileTimes.TryGetValue(fileName, out var modified))
            {
                modified = _fileTimes[fileName] = _nextFileTime++;
            }

            var job = (JsonObject)Payloads.Json("prusalink/job_printing.json");
            var id = _nextJobId++;
            job["id"] = id;
            job["state"] = "PRINTING";
            job["progress"] = 0.0;
            job["time_printing"] = 0;
            var file = (JsonObject)job["file"]!;
            file["display_name"] = fileName;
            file["name"] = ShortName(fileName);
            file["m_timestamp"] = modified;
            file["refs"]!["download"] = $"/usb/{ShortName(fileName)}";
            if (withMeta)
            {
                file["meta"] = meta?.DeepClone() ?? Payloads.Json("prusalink/file_meta.json");
            }

            _job = job;
            _jobStart = TimeProvider.System.GetUtcNow();
            _printerState = "PRINTING";
            _message = null;
            return new PrusaLinkEmulatedJob(id, fileName, modified);
        }
    }

    /// <summary>Sets the running job's progress.</summary>
    /// <param name="percent">0..100, as PrusaLink reports it.</param>
    public void SetProgress(decimal percent)
    {
        lock (_gate)
        {
            var job = _job ?? throw new InvalidOperationException("No job.");
            job["progress"] = percent;
            job["time_remaining"] = (int)(73020 * (100 - percent) / 100);
        }
    }

    /// <summary>Holds or resumes the running job.</summary>
    /// <param name="state">PAUSED, ATTENTION (the printer waits for someone), or PRINTING.</param>
    /// <param name="message">The printer's words (<c>status_printer.message</c>), if any.</param>
    public void SetState(string state, string? message = null)
    {
        lock (_gate)
        {
            var job = _job ?? throw new InvalidOperationException("No job.");

            // ATTENTION is the printer's state only; the job stays PRINTING or PAUSED.
            if (state != "ATTENTION")
            {
                job["state"] = state;
            }

            _printerState = state;
            _message = message;
        }
    }

    /// <summary>Ends the running job; the printer shows it, ended, until the next job or <see cref="ClearEndScreen"/>.</summary>
    /// <param name="state">FINISHED, STOPPED or ERROR.</param>
    /// <param name="message">The printer's words (<c>status_printer.message</c>), if any.</param>
    /// <param name="jobFirst">True to end the job while the printer's own state still says PRINTING (PrusaLink's two states seen apart).</param>
    /// <param name="printerFirst">True to end the printer's state while the job's still says PRINTING.</param>
    public void EndJob(string state = "FINISHED", string? message = null, bool jobFirst = false, bool printerFirst = false)
    {
        lock (_gate)
        {
            var job = _job ?? throw new InvalidOperationException("No job.");
            if (!printerFirst)
            {
                job["state"] = state;
            }

            if (state == "FINISHED")
            {
                job["progress"] = 100.0;
                job["time_remaining"] = 0;
            }

            if (!jobFirst)
            {
                _printerState = state;
            }

            _message = message;
        }
    }

    /// <summary>Someone cleared the printer's end screen: IDLE, no job (204).</summary>
    public void ClearEndScreen()
    {
        lock (_gate)
        {
            _job = null;
            _printerState = "IDLE";
            _message = null;
        }
    }

    /// <summary>The printer restarted: IDLE, no job, and job ids start again at <see cref="FirstJobId"/>.</summary>
    public void Reboot()
    {
        lock (_gate)
        {
            ClearEndScreen();
            _nextJobId = FirstJobId;
        }
    }

    /// <summary>Answers a path with this text as it is (malformed or oversized JSON), instead of its real answer; null to answer normally again.</summary>
    /// <param name="path">The path, e.g. <c>/api/v1/job</c>.</param>
    /// <param name="text">The text.</param>
    /// <param name="withLength">True to send a <c>Content-Length</c>; else the text goes chunked, its length unsaid.</param>
    public void AnswerRaw(string path, string? text, bool withLength = false)
    {
        if (text is null)
        {
            _raw.TryRemove(path, out _);
        }
        else
        {
            _raw[path] = text;
            _rawWithLength = withLength;
        }
    }

    /// <summary>Accepts requests but never answers them (a printer that hangs) while true.</summary>
    public bool Stalled { get; set; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await GoOfflineAsync();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // A DOS 8.3 name as the printer's USB stick shows it: "TabletStand3.bgcode" -> "TABLET~1.BGC".
    private static string ShortName(string fileName)
    {
        var stem = new string([.. Path.GetFileNameWithoutExtension(fileName).Where(char.IsLetterOrDigit).Take(6)]).ToUpperInvariant();
        var extension = new string([.. Path.GetExtension(fileName).TrimStart('.').Take(3)]).ToUpperInvariant();
        return $"{stem}~1.{extension}";
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (Stalled)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        if (!await AuthorizeAsync(context))
        {
            return;
        }

        var path = context.Request.Path.Value ?? "/";
        if (_raw.TryGetValue(path, out var raw))
        {
            context.Response.ContentType = "application/json";
            if (_rawWithLength)
            {
                context.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(raw);
            }

            // Flushed headers first: the body then goes chunked unless its length was given.
            await context.Response.StartAsync();
            await context.Response.WriteAsync(raw);
            return;
        }

        JsonNode? answer;
        lock (_gate)
        {
            if (_job is { } job && (string?)job["state"] == "PRINTING")
            {
                job["time_printing"] = (int)(TimeProvider.System.GetUtcNow() - _jobStart).TotalSeconds;
            }

            answer = path switch
            {
                "/api/v1/status" => Status(),
                "/api/v1/job" => _job?.DeepClone(),
                _ => null,
            };
        }

        if (path == "/api/v1/status")
        {
            Interlocked.Increment(ref _statusPolls);
        }

        if (answer is null)
        {
            context.Response.StatusCode = path == "/api/v1/job" ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private JsonObject Status()
    {
        if (_job is not { } job)
        {
            var idle = (JsonObject)Payloads.Json("prusalink/status_idle.json");
            idle["printer"]!["state"] = _printerState;
            return idle;
        }

        var status = (JsonObject)Payloads.Json("prusalink/status_printing.json");
        status["job"] = new JsonObject
        {
            ["id"] = job["id"]!.DeepClone(),
            ["progress"] = job["progress"]!.DeepClone(),
            ["time_remaining"] = job["time_remaining"]?.DeepClone(),
            ["time_printing"] = job["time_printing"]?.DeepClone(),
        };
        status["printer"]!["state"] = _printerState;
        if (_message is not null)
        {
            status["printer"]!["status_printer"] = new JsonObject { ["ok"] = false, ["message"] = _message };
        }

        return status;
    }
}
