using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Production;

/// <summary>What the service needs to describe a new spool.</summary>
/// <param name="Code">The unique code, e.g. PLA-001.</param>
/// <param name="Material">The filament.</param>
/// <param name="NominalNet">The nominal net weight, e.g. 1000 g.</param>
/// <param name="Price">The purchase price.</param>
/// <param name="Tare">The empty-spool weight, if known.</param>
/// <param name="SpoolType">The kind of spool, to find a brand tare.</param>
/// <param name="GrossWeight">A first weighing, if weighed.</param>
public sealed record NewSpool(string Code, Material Material, Mass NominalNet, Money Price, Mass? Tare = null, string? SpoolType = null, Mass? GrossWeight = null);

/// <summary>The result of starting a run: the run and its pre-flight warnings.</summary>
/// <param name="Run">The run, now in progress.</param>
/// <param name="Warnings">Pre-flight warnings (spools that may run out).</param>
public sealed record StartResult(ProductionRun Run, IReadOnlyList<PreflightWarning> Warnings);

/// <summary>
/// Drives the production workflow against a store: catalog, runs from draft to completion, reports, statistics and
/// BOM calibration. Every operation loads what it needs, lets the domain decide, and commits all changes at once.
/// </summary>
/// <remarks>
/// Thread-safe as long as the store is: it keeps no state between calls. A refused operation stores nothing.
/// When two writers race, the store refuses the stale one with <see cref="ConcurrencyConflictException"/>.
/// </remarks>
public sealed partial class ProductionService
{
    private readonly IProductionStore _store;
    /// <summary>The pause between readings while a scale settles, when every reading is reported.</summary>
    private static readonly TimeSpan ScalePollInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly IScaleDirectory? _scales;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="scales">
    /// The host's named scales, for <see cref="WeighBeforeAsync(int, string, string, TimeSpan, CancellationToken)"/> and
    /// <see cref="WeighAfterAsync(int, string, string, TimeSpan, CancellationToken)"/> (in a host built with <c>AddBatchivo</c>,
    /// its <c>BatchivoDevices</c>); none when null.
    /// </param>
    public ProductionService(IProductionStore store, TimeProvider? time = null, IScaleDirectory? scales = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time ?? TimeProvider.System;
        _scales = scales;
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Finds a run by number or throws.</summary>
    /// <param name="number">The number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run.</exception>
    public async Task<ProductionRun> GetRunAsync(int number, CancellationToken cancellationToken = default) =>
        await _store.FindRunByNumberAsync(number, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("run", "#" + number);

    private async Task<List<Spool>> LoadSpoolsAsync(ProductionRun run, CancellationToken cancellationToken)
    {
        var spools = new List<Spool>();
        foreach (var material in run.Materials)
        {
            spools.Add(await _store.FindSpoolAsync(material.SpoolId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("spool", material.SpoolCode));
        }

        return spools;
    }

    private static ChangeSet WithSpools(ChangeSet changes, IEnumerable<Spool> spools)
    {
        foreach (var spool in spools)
        {
            changes.Put(spool);
        }

        return changes;
    }

    private Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken) =>
        _store.CommitAsync(changes, cancellationToken);
}
