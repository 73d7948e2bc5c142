using Microsoft.AspNetCore.Authorization;

namespace Batchivo.Samples.Web.Security;

/// <summary>The API's authorization: every call needs the read scope, every call that is not a GET the write scope.</summary>
internal static class Scopes
{
    public const string Read = "read";

    public const string Write = "write";

    /// <summary>
    /// Requires <paramref name="policy"/> of every endpoint of the group that is not a GET or HEAD, including endpoints
    /// added later: a new write cannot ship without it.
    /// </summary>
    public static RouteGroupBuilder WithWritesRequiring(this RouteGroupBuilder group, string policy)
    {
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            if (methods.Count == 0 || methods.Any(m => m is not ("GET" or "HEAD")))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(policy));
            }
        });
        return group;
    }
}

/// <summary>Keeps a host without API keys on loopback addresses.</summary>
internal static class Loopback
{
    /// <summary>The URLs, each with a host that is not loopback (*, +, 0.0.0.0, a LAN address) changed to 127.0.0.1.</summary>
    public static string Only(string urls) => string.Join(';', urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(One));

    private static string One(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        var rest = url[(scheme + 3)..];
        var hostEnd = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        var host = hostEnd <= 0 ? rest : rest[..hostEnd];
        var isLoopback = host is "localhost" or "[::1]" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
        return isLoopback ? url : url[..(scheme + 3)] + "127.0.0.1" + (hostEnd <= 0 ? string.Empty : rest[hostEnd..]);
    }
}
