using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchivo.Devices;

namespace Batchivo.Printers.OctoPrint;

/// <summary>The connector's calls to OctoPrint: the REST API and the push socket's opening.</summary>
public sealed partial class OctoPrintConnector
{
    private async Task<JsonObject> GetAsync(string path, CancellationToken cancellationToken, bool notFoundIsNull = false) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken, notFoundIsNull).ConfigureAwait(false) ?? [];

    /// <summary>A file's metadata (<c>GET /api/files/{origin}/{path}</c>), or null when OctoPrint does not know the file.</summary>
    private async Task<JsonObject?> FileAsync(JobFile file, CancellationToken cancellationToken)
    {
        var path = string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString));
        return await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/files/{Uri.EscapeDataString(file.Origin)}/{path}"), cancellationToken, notFoundIsNull: true).ConfigureAwait(false);
    }

    /// <summary>The passive login: the user and session that authenticate the push socket (<c>{"auth": "name:session"}</c>).</summary>
    private async Task<string> LoginAsync(CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/login") { Content = new StringContent("{\"passive\": true}", Encoding.UTF8, "application/json") };
        var login = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (Text(login?["name"]) is not { Length: > 0 } name || Text(login?["session"]) is not { Length: > 0 } session)
        {
            // OctoPrint answers a passive login with an unknown key as the anonymous user, who has no session.
            throw Unauthorized(null);
        }

        return $"{name}:{session}";
    }

    private async Task<JsonObject?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        using var requestDisposal = request;
        var what = request.RequestUri!.OriginalString.Split('?')[0];
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw Unauthorized(response.StatusCode);
            }

            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: OctoPrint answered {(int)response.StatusCode} {response.ReasonPhrase} to {what}. Check that the address is OctoPrint's.");
            }

            string body;
            try
            {
                body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false) ?? throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: OctoPrint's answer to {what} is larger than {_options.MaxMessageBytes} bytes. Check that the address is OctoPrint's.");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw Unreachable(ex);
            }

            try
            {
                return JsonNode.Parse(body) as JsonObject ?? throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: OctoPrint's answer to {what} is not a JSON object. Check that the address is OctoPrint's.");
            }
            catch (JsonException ex)
            {
                throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: OctoPrint's answer to {what} is not JSON ({ex.Message}). Check that the address is OctoPrint's.", ex);
            }
        }
    }

    /// <summary>The body as text, or null when it is larger than the bound (read no further than that).</summary>
    private async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _options.MaxMessageBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var streamDisposal = stream.ConfigureAwait(false);
        using var bytes = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (bytes.Length + read > _options.MaxMessageBytes)
            {
                return null;
            }

            bytes.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    private async Task<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        socket.Options.SetRequestHeader("X-Api-Key", _options.ApiKey);

        // SockJS's raw websocket: one JSON object per message, no SockJS framing.
        var builder = new UriBuilder(new Uri(_options.Url!, "sockjs/websocket")) { Scheme = _options.Url!.Scheme == "https" ? "wss" : "ws" };
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
            throw status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? Unauthorized(status) : Unreachable(ex);
        }
    }

    private static async Task SendAsync(WebSocket socket, JsonObject message, CancellationToken cancellationToken) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);

    private PrinterException Unreachable(Exception ex) =>
        new(PrinterFault.Unreachable, $"Printer {_printer}: OctoPrint at {_options.Url} cannot be reached ({(ex is OperationCanceledException ? "no answer in " + _options.RequestTimeout.TotalSeconds + " s" : ex.Message)}). Check that OctoPrint is running and the address is right; it is tried again.", ex);

    private PrinterException Unauthorized(HttpStatusCode? status) =>
        new(PrinterFault.Unauthorized, $"Printer {_printer}: OctoPrint refused the credentials{(status is { } s ? $" ({(int)s})" : " (the API key logs in no user)")}. Check the API key in the setting ApiKey: a key of a user with the STATUS and FILES_LIST permissions (OctoPrint: User settings > Application keys).");
}
