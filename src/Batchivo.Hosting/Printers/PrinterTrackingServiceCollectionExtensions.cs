using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Batchivo.Hosting.Printers;

/// <summary>Registers the printer tracker as a hosted service.</summary>
public static class PrinterTrackingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="PrinterTracker"/> (a singleton, so pages and endpoints can read its
    /// <see cref="PrinterTracker.States"/>) and runs it as a hosted service: every printer with a connection in
    /// <c>Batchivo:Printers</c> is watched while the host runs. Call after <c>AddBatchivo</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the reconnection timing, optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddBatchivoPrinterTracking(this IServiceCollection services, Action<PrinterTrackerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new PrinterTrackerOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(sp => new PrinterTracker(
            sp.GetRequiredService<BatchivoDevices>(),
            sp.GetRequiredService<IProductionStore>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<PrinterTracker>>(),
            options,
            sp.GetService<Batchivo.Production.PrinterJobService>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PrinterTracker>());
        return services;
    }
}
