using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchivo.Devices;

namespace Batchivo.Printers.PrusaLink;

/// <summary>
/// PrusaLink's HTTP API: GETs with HTTP digest authentication (answered by <see cref="SocketsHttpHandler"/> itself from a
/// <see cref="CredentialCache"/> that holds the credentials for Digest only, so the password never goes out as Basic)
/// or an <c>X-Api-Key</c> header; every call bounded in time and in size, every failure a <see cref="PrinterException"/>.
/// </summary>
internal sealed class PrusaLinkHttp : IDisposable
{
    private readonly string _printer;
    private readonly PrusaLinkOptions _options;
    private readonly HttpClient _http;
    private readonly string _address;

    public PrusaLinkHttp(string printer, PrusaLinkOptions options)
    {
        _printer = printer;
        _options = options;
        var url = options.Url!;
        var root = new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        _address = root.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 2,
        };
        if (options.User is { Length: > 0 } user)
        {
            handler.Credentials = new CredentialCache { { root, "Digest", new NetworkCredential(user, options.Password) } };
        }

        // The bound of each call is ours (a linked token that also covers the body), not HttpClient's.
        _http = new HttpClient(handler) { BaseAddress = root, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (options.ApiKey is { Length: > 0 } key)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
    }

    /// <summary>PrusaLink's address as shown in messages (never with a user or password).</summary>
    public string Address => _address;

    /// <summary>GETs a JSON object.</summary>
    /// <param name="path">The path, relative to the address, e.g. <c>api/v1/status</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The object, or null for <c>204 No Content</c>.</returns>
    /// <exception cref="PrinterException">Unreachable, refused, or not a JSON object within the size bound.</exception>
    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(_options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, bound.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is AuthenticationException refused)
        {
            throw new PrinterException(PrinterFault.Certificate, $"Printer {_printer}: PrusaLink at {_address} presented a certificate this host does not trust ({refused.Message}). Trust the printer's certificate on this host, or give its http:// address.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw Refused(response);
            }

            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: PrusaLink at {_address} answered {(int)response.StatusCode} {response.ReasonPhrase} to /{path}. Check that the address is the printer's PrusaLink (its IP address as shown in the printer's network settings); it is tried again.");
            }

            var body = await ReadBoundedAsync(response.Content, path, bound.Token, cancellationToken).ConfigureAwait(false);
            try
            {
                return JsonNode.Parse(body) as JsonObject
                    ?? throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: PrusaLink's answer to /{path} is not a JSON object. Check that the address is the printer's PrusaLink; it is tried again.");
            }
            catch (JsonException ex)
            {
                throw new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: PrusaLink's answer to /{path} is not JSON ({ex.Message}). Check that the address is the printer's PrusaLink; it is tried again.", ex);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, string path, CancellationToken bound, CancellationToken cancellationToken)
    {
        var max = _options.MaxResponseBytes;
        if (content.Headers.ContentLength is { } length && length > max)
        {
            throw TooLarge(path);
        }

        try
        {
            var stream = await content.ReadAsStreamAsync(bound).ConfigureAwait(false);
            await using var streamDisposal = stream.ConfigureAwait(false);
            using var body = new MemoryStream();
            var buffer = new byte[Math.Min(max, 16 * 1024) + 1];
            int read;
            while ((read = await stream.ReadAsync(buffer, bound).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > max)
                {
                    throw TooLarge(path);
                }

                body.Write(buffer, 0, read);
            }

            return body.ToArray();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(ex);
        }
    }

    private PrinterException TooLarge(string path) =>
        new(PrinterFault.Protocol, $"Printer {_printer}: PrusaLink's answer to /{path} is larger than {_options.MaxResponseBytes} bytes (the setting MaxResponseBytes). Check that the address is the printer's PrusaLink; it is tried again.");

    private PrinterException Unreachable(Exception ex) =>
        new(PrinterFault.Unreachable, $"Printer {_printer}: PrusaLink at {_address} cannot be reached ({(ex is OperationCanceledException ? $"no answer in {_options.RequestTimeout.TotalSeconds:0.#} s" : ex.Message)}). Check that the printer is on and the address is right; it is tried again.", ex);

    private PrinterException Refused(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        var scheme = response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme;
        var what = scheme switch
        {
            _ when string.Equals(scheme, "ApiKey", StringComparison.OrdinalIgnoreCase) => _options.ApiKey is { Length: > 0 }
                ? $"PrusaLink refused the API key ({code}). Check the setting ApiKey against the printer's Settings > Network > Login credentials"
                : $"PrusaLink asks for an API key ({code}). Give the printer's API key (Settings > Network > Login credentials) as the setting ApiKey",
            _ when string.Equals(scheme, "Digest", StringComparison.OrdinalIgnoreCase) => _options.User is { Length: > 0 }
                ? $"PrusaLink refused the user name or password ({code}, HTTP digest). Check the settings User and Password against the printer's Settings > Network > Login credentials"
                : $"PrusaLink asks for a user name and password ({code}, HTTP digest). Give them (Settings > Network > Login credentials) as the settings User and Password",
            _ => $"PrusaLink refused the credentials ({code}{(scheme is null ? "" : ", " + scheme)}). Check the settings User and Password, or ApiKey, against the printer's Settings > Network > Login credentials",
        };
        return new PrinterException(PrinterFault.Unauthorized, $"Printer {_printer}: {what}.");
    }
}
