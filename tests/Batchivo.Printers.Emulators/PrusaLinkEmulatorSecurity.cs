using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Batchivo.Printers.Emulators;

/// <summary>The PrusaLink emulator's security: HTTP digest or API-key authentication, and a self-signed certificate for HTTPS.</summary>
public sealed partial class PrusaLinkEmulator
{
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=prusa-mk4.local", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private async Task<bool> AuthorizeAsync(HttpContext context)
    {
        string challenge;
        JsonNode body;
        bool sent;
        if (_apiKey is not null)
        {
            var key = context.Request.Headers["X-Api-Key"].ToString();
            if (key == _apiKey)
            {
                return true;
            }

            sent = key.Length > 0;
            challenge = "ApiKey realm=\"Printer API\"";
            body = Payloads.Json("prusalink/error_api_key.json");
        }
        else
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            var uri = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            if (_digest!.Accepts(authorization, context.Request.Method, uri))
            {
                return true;
            }

            sent = authorization.Length > 0;
            challenge = _digest.Challenge();
            body = Payloads.Json("prusalink/error_unauthorized.json");
        }

        if (sent)
        {
            Interlocked.Increment(ref _refused);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = challenge;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
        return false;
    }
}
