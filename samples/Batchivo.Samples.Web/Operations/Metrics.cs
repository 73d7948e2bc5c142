using Batchivo.Diagnostics;
using OpenTelemetry.Metrics;

namespace Batchivo.Samples.Web.Operations;

/// <summary>
/// <c>/metrics</c> in Prometheus' text format, when <c>Batchivo:Web:Prometheus</c> is true: Batchivo's meter (runs,
/// grams, variance, scale reads, store commits, plugin loads), ASP.NET Core's request metrics and the .NET runtime's.
/// Off by default. Like the API, it needs a key with the read scope (Prometheus sends it with
/// <c>authorization: { credentials: KEY }</c> in the scrape job), so a host listening beyond loopback shows nothing to
/// strangers.
/// </summary>
internal static class Metrics
{
    public const string Path = "/metrics";

    public const string Setting = "Batchivo:Web:Prometheus";

    /// <summary>Adds OpenTelemetry's metrics with the Prometheus exporter when configured; true when it did.</summary>
    public static bool Add(WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue(Setting, false))
        {
            return false;
        }

        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(BatchivoTelemetry.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting", "System.Runtime")
            .AddPrometheusExporter());
        return true;
    }

    public static void Map(WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(Security.Scopes.Read);
}
