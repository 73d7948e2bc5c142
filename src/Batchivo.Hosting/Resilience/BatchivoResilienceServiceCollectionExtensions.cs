using Batchivo.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Batchivo's conflict retry pipeline.</summary>
public static class BatchivoResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Registers Batchivo's conflict retry (<see cref="BatchivoResilience.AddBatchivoConflictRetry"/>) as a keyed
    /// singleton <see cref="ResiliencePipeline"/> under <see cref="BatchivoResilience.ConflictRetryKey"/>, e.g. for a
    /// minimal API handler's <c>[FromKeyedServices(BatchivoResilience.ConflictRetryKey)] ResiliencePipeline retry</c>.
    /// Its retries are logged under the category <c>Batchivo.Hosting</c>. A second call does nothing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the attempts and delay, optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddBatchivoConflictRetry(this IServiceCollection services, Action<ConflictRetryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ConflictRetryOptions();
        configure?.Invoke(options);
        services.TryAddKeyedSingleton(BatchivoResilience.ConflictRetryKey, (sp, _) =>
            BatchivoResilience.ConflictRetry(options, sp.GetService<ILoggerFactory>()?.CreateLogger("Batchivo.Hosting")));
        return services;
    }
}
