using System.Text.Json;
using Batchivo.Hosting;
using Batchivo.Production;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Batchivo.Samples.Web.Operations;

/// <summary>
/// <c>/health</c>: the store (unhealthy when it cannot be read), and each configured scale and printer connection
/// (degraded, not unhealthy, when it does not answer: the API still works without them). Anonymous, so a proxy or a
/// service manager can probe it; it says which part is wrong, never a secret. <c>/health/live</c> runs no check: it
/// answers while the process serves requests (a liveness probe that a slow database does not fail).
/// </summary>
internal static class Health
{
    public const string Path = "/health";

    /// <summary>How long a device may take to answer the probe.</summary>
    private static readonly TimeSpan DeviceTimeout = TimeSpan.FromSeconds(3);

    public static void Add(IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<StoreCheck>("store", HealthStatus.Unhealthy)
            .AddCheck<DevicesCheck>("devices", HealthStatus.Degraded);

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

    private sealed class StoreCheck(CatalogService catalog) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var printers = await catalog.ListPrintersAsync(cancellationToken);
                return HealthCheckResult.Healthy($"The store answers ({printers.Count} printers).");
            }
            catch (BatchivoException e)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        }
    }

    private sealed class DevicesCheck(BatchivoDevices devices) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var problems = new Dictionary<string, object>();
            foreach (var name in devices.ScaleNames)
            {
                await ProbeAsync(problems, $"scale {name}", async ct => await devices.GetScale(name).ReadAsync(ct), cancellationToken);
            }

            foreach (var printer in devices.ConnectedPrinters)
            {
                await ProbeAsync(problems, $"printer {printer}", async ct => await devices.GetPrinterConnector(printer).GetStatusAsync(ct), cancellationToken);
            }

            var count = devices.ScaleNames.Count + devices.ConnectedPrinters.Count;
            return problems.Count == 0
                ? HealthCheckResult.Healthy($"{count} configured devices answer.")
                : HealthCheckResult.Degraded($"{problems.Count} of {count} configured devices do not answer. {string.Join(" ", problems.Select(p => $"{p.Key}: {p.Value}"))}", data: problems);
        }

        private static async Task ProbeAsync(Dictionary<string, object> problems, string device, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(DeviceTimeout);
            try
            {
                await probe(timeout.Token);
            }
            catch (BatchivoException e)
            {
                problems[device] = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problems[device] = $"The {device} did not answer within {DeviceTimeout.TotalSeconds:0} s.";
            }
        }
    }
}
