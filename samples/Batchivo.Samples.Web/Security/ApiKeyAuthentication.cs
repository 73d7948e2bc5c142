using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Batchivo.Samples.Web.Security;

/// <summary>
/// API keys sent as <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>, checked against the key file's hashes.
/// A client address that sent too many wrong keys gets 429 for a while, even with a right one.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyFile keys,
    FailedAuthentications failures,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string ScopeClaim = "scope";

    public const string HeaderName = "X-Api-Key";

    private const string TooMany = "too-many";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var address = Context.Connection.RemoteIpAddress;
        if (failures.IsBlocked(address))
        {
            Context.Items[TooMany] = true;
            return Task.FromResult(AuthenticateResult.Fail("Too many wrong API keys from this address."));
        }

        if (keys.Verify(presented) is not { } key)
        {
            failures.Count(address);
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(ScopeClaim, key.Scope == ApiScope.Write ? "write" : "read"), new Claim("key_id", key.Id)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(TooMany))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)FailedAuthentications.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteAsync("Too many wrong API keys", $"This address sent too many wrong API keys; it is refused for up to {FailedAuthentications.Window.TotalSeconds:0} seconds. Check the key (batchivo keys list shows which are active).");
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Presented(Request) is null
            ? "This call needs an API key: send it as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'. Create one on the host with: batchivo keys add NAME --scope write (or --scope read)."
            : "The API key is not valid or was revoked. Check it, or create a new one on the host with: batchivo keys add NAME --scope write.";
        await WriteAsync("An API key is needed", detail);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteAsync("This key may not do that", "This API key has the read scope; changes need a key with the write scope. Create one on the host with: batchivo keys add NAME --scope write.");
    }

    private async Task WriteAsync(string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = Response.StatusCode,
                Title = title,
                Detail = detail,
                Type = Response.StatusCode == StatusCodes.Status429TooManyRequests ? "https://tools.ietf.org/html/rfc6585#section-4" : null,
            },
        });

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers[HeaderName] is { Count: > 0 } key)
        {
            return key.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}

/// <summary>Wrong API keys per client address, in a fixed window: past the limit the address is refused until the window ends.</summary>
internal sealed class FailedAuthentications(int perWindow) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<IPAddress> _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions { PermitLimit = perWindow, Window = Window, QueueLimit = 0 }));

    public bool IsBlocked(IPAddress? address) => _limiter.GetStatistics(address ?? IPAddress.None)?.CurrentAvailablePermits == 0;

    public void Count(IPAddress? address)
    {
        using var lease = _limiter.AttemptAcquire(address ?? IPAddress.None);
    }

    public void Dispose() => _limiter.Dispose();
}
