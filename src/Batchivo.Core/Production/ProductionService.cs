using Batchivo.Diagnostics;
using Microsoft.Extensions.Logging;
using Batchivo.Devices;
using Batchivo.Storage;

namespace Batchivo.Production;

/// <summary>
/// The production services over one store, for an app that creates them itself: <see cref="Catalog"/>,
/// <see cref="Runs"/>, <see cref="Weighing"/> and <see cref="Analytics"/>. A host built with <c>AddBatchivo</c>
/// registers each of them as a service too.
/// </summary>
/// <remarks>Thread-safe as long as the store is: the services keep no state between calls.</remarks>
public sealed class ProductionService
{
    /// <summary>Creates the services.</summary>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="scales">The host's named scales, for weighing from a scale by name; none when null.</param>
    /// <param name="subscribers">Told the events of each commit (see <see cref="IBatchivoEventSubscriber"/>); none when null.</param>
    /// <param name="loggerFactory">Where run transitions, scale faults and failing subscribers are logged; nowhere when null.</param>
    public ProductionService(IProductionStore store, TimeProvider? time = null, IScaleDirectory? scales = null, IEnumerable<IBatchivoEventSubscriber>? subscribers = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var told = subscribers?.ToArray();
        Catalog = new CatalogService(store, time, told, loggerFactory);
        Runs = new RunService(store, time, told, loggerFactory);
        Weighing = new WeighingService(store, time, scales, told, loggerFactory);
        Analytics = new AnalyticsService(store);
    }

    /// <summary>Spools, products, printers and brand tares.</summary>
    public CatalogService Catalog { get; }

    /// <summary>Runs from draft to completion, and reprints.</summary>
    public RunService Runs { get; }

    /// <summary>Weighing a run's spools, typed in or from a scale.</summary>
    public WeighingService Weighing { get; }

    /// <summary>Reports, statistics, outliers and BOM calibration.</summary>
    public AnalyticsService Analytics { get; }
}
