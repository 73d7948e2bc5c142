using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Batchivo.Printers.Emulators;

/// <summary>
/// The server side of HTTP digest authentication (RFC 7616 with MD5 and <c>qop=auth</c>, or RFC 2069 without
/// <c>qop</c>), as PrusaLink asks for it: a challenge with a fresh nonce, and a check of the client's answer.
/// </summary>
internal sealed class PrusaLinkDigest(string realm, string user, string password, bool qop)
{
    private readonly ConcurrentDictionary<string, byte> _nonces = new(StringComparer.Ordinal);

    /// <summary>A challenge for the <c>WWW-Authenticate</c> header, with a nonce of its own.</summary>
    public string Challenge()
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _nonces[nonce] = 0;
        return qop
            ? $"Digest realm=\"{realm}\", nonce=\"{nonce}\", qop=\"auth\", algorithm=MD5"
            : $"Digest realm=\"{realm}\", nonce=\"{nonce}\", stale=FALSE";
    }

    /// <summary>True when <paramref name="authorization"/> answers one of our challenges with the right password for <paramref name="method"/> on <paramref name="uri"/>.</summary>
    public bool Accepts(string? authorization, string method, string uri)
    {
        if (authorization is null || !authorization.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var fields = Parse(authorization["Digest ".Length..]);
        string Field(string name) => fields.TryGetValue(name, out var value) ? value : "";
        if (Field("username") != user || Field("realm") != realm || !_nonces.ContainsKey(Field("nonce")) || Field("uri") != uri)
        {
            return false;
        }

        var ha1 = Md5($"{user}:{realm}:{password}");
        var ha2 = Md5($"{method}:{uri}");
        var expected = qop
            ? Md5($"{ha1}:{Field("nonce")}:{Field("nc")}:{Field("cnonce")}:{(Field("qop") == "auth" ? "auth" : "-")}:{ha2}")
            : Md5($"{ha1}:{Field("nonce")}:{ha2}");
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Field("response").ToLowerInvariant()));
    }

    // The digest scheme is MD5 by definition (RFC 7616's default algorithm, and the one PrusaLink uses).
#pragma warning disable CA5351
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    /// <summary>The auth-params: <c>name=value</c> or <c>name="value"</c>, comma-separated.</summary>
    private static Dictionary<string, string> Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == ','))
            {
                i++;
            }

            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            var name = text[i..equals].Trim();
            i = equals + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                end = end < 0 ? text.Length : end;
                value = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = text.IndexOf(',', i);
                end = end < 0 ? text.Length : end;
                value = text[i..end].Trim();
                i = end;
            }

            fields[name] = value;
        }

        return fields;
    }
}
