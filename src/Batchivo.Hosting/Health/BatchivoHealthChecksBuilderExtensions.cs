using Batchivo.Hosting;
using Batchivo.Hosting.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Batchivo's health checks.</summary>
public static class BatchivoHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds three checks, tagged <c>batchivo</c>: <c>batchivo-store</c> (the store can be created and read; unhealthy
    /// otherwise), <c>batchivo-scales</c> (every configured scale answers a reading within
    /// <see cref="BatchivoHealthCheckOptions.ScaleTimeout"/>; degraded otherwise) and <c>batchivo-printers</c> (the printer
    /// tracker's last known connection to each printer; degraded when one is unreachable). Call after <c>AddBatchivo</c>.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="configure">Changes the time limits, optional.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddBatchivoChecks(this IHealthChecksBuilder builder, Action<BatchivoHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new BatchivoHealthCheckOptions();
        configure?.Invoke(options);
        string[] tags = [BatchivoHealthCheckOptions.Tag];
        builder.Add(new HealthCheckRegistration(BatchivoHealthCheckOptions.StoreCheckName, sp => new StoreHealthCheck(sp, options), HealthStatus.Unhealthy, tags));
        builder.Add(new HealthCheckRegistration(BatchivoHealthCheckOptions.ScalesCheckName, sp => new ScalesHealthCheck(sp.GetRequiredService<BatchivoDevices>(), options), HealthStatus.Degraded, tags));
        builder.Add(new HealthCheckRegistration(BatchivoHealthCheckOptions.PrintersCheckName, sp => new PrintersHealthCheck(sp), HealthStatus.Degraded, tags));
        return builder;
    }
}
