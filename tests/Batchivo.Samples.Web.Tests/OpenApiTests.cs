using System.Text.Json;
using Batchivo.Samples.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;

namespace Batchivo.Samples.Web.Tests;

/// <summary>The OpenAPI document describes every endpoint the app maps, with its error responses.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task Every_api_endpoint_is_in_the_document_with_its_error_responses()
    {
        await using var host = await WebHost.StartAsync();
        var document = await (await host.Client.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");
        var endpoints = host.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: Template(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToList();
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints");

        foreach (var (path, method) in endpoints)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is not in the OpenAPI document");
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("400", out _), $"{method.ToUpperInvariant()} {path} documents no 400");
            Assert.True(responses.TryGetProperty("500", out _), $"{method.ToUpperInvariant()} {path} documents no 500");
            Assert.True(responses.TryGetProperty("401", out _) && responses.TryGetProperty("403", out _), $"{method.ToUpperInvariant()} {path} documents no 401 or 403");
            if (method != "get" || path.Contains('{', StringComparison.Ordinal))
            {
                Assert.True(responses.EnumerateObject().Any(r => r.Name is "404" or "409" or "412" or "422"), $"{method.ToUpperInvariant()} {path} documents no 404/409/412/422");
            }
        }
    }

    // /api/runs/{number:int} -> /api/runs/{number}
    private static string Template(string raw) => System.Text.RegularExpressions.Regex.Replace(raw.TrimEnd('/'), @"\{(\w+):[^}]+\}", "{$1}");
}
