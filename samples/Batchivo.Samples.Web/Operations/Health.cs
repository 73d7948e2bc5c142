using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Batchivo.Samples.Web.Operations;

/// <summary>
/// <c>/health</c>: Batchivo's checks (<c>AddBatchivoChecks</c>): the store (unhealthy when it cannot be read), the
/// configured scales and the printers the tracker follows (degraded, not unhealthy, when one does not answer: the API
/// still works without them). Anonymous, so a proxy or a service manager can probe it; it says which part is wrong, never a secret. <c>/health/live</c> runs no check: it
/// answers while the process serves requests (a liveness probe that a slow database does not fail).
/// </summary>
internal static class Health
{
    public const string Path = "/health";

    /// <summary>Batchivo's own checks: the store, the configured scales and the printers the tracker follows.</summary>
    public static void Add(IServiceCollection services) => services.AddHealthChecks().AddBatchivoChecks();

    public static void Map(WebApplication app)
    {
        app.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(Path + "/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = Name(report.Status),
            checks = report.Entries.Select(e => new { name = e.Key, status = Name(e.Value.Status), description = e.Value.Description, data = e.Value.Data }),
        }, ContractJson.Options);
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}
