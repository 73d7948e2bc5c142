using Batchivo.Catalog;
using Batchivo.Storage;

namespace Batchivo.Production;

/// <summary>
/// What the production services share: the store, the clock, the lookups that throw <see cref="NotFoundException"/>
/// and the commit. Each service call loads what it needs through it, lets the domain decide, and commits once.
/// </summary>
internal sealed class StoreAccess(IProductionStore store, TimeProvider? time)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IProductionStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    public DateTimeOffset Now => _time.GetUtcNow();

    // A run given at a version must still be at it; the commit then checks that version against every other writer.
    public async Task<ProductionRun> GetRunAsync(RunRef run, CancellationToken cancellationToken)
    {
        var found = await Store.FindRunByNumberAsync(run.Number, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("run", "#" + run.Number);
        return run.ExpectedVersion is { } expected && found.Version != expected
            ? throw new ConcurrencyConflictException("run", "#" + run.Number, expected)
            : found;
    }

    public async Task<Spool> GetSpoolAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        return await Store.FindSpoolByCodeAsync(code.Trim(), cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("spool", code);
    }

    // A spool given at a version must still be at it; the commit then checks that version against every other writer.
    public async Task<Spool> GetSpoolAsync(SpoolRef spool, CancellationToken cancellationToken)
    {
        var found = await GetSpoolAsync(spool.Code, cancellationToken).ConfigureAwait(false);
        return spool.ExpectedVersion is { } expected && found.Version != expected
            ? throw new ConcurrencyConflictException("spool", found.Code, expected)
            : found;
    }

    public async Task<Product> GetProductAsync(string sku, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sku);
        return await Store.FindProductBySkuAsync(sku.Trim(), cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("product", sku);
    }

    public async Task<Printer> GetPrinterAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await Store.FindPrinterByNameAsync(name.Trim(), cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", name);
    }

    public async Task<BrandTareRegistry> GetBrandTaresAsync(CancellationToken cancellationToken) =>
        new(await Store.ListBrandTaresAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Refuses to change a spool that is on a printer in a run in progress.</summary>
    public async Task RequireIdleAsync(Spool spool, string what, CancellationToken cancellationToken)
    {
        if (spool.ActiveRunId is { } run)
        {
            var number = (await Store.FindRunAsync(run, cancellationToken).ConfigureAwait(false))?.Number;
            var where = number is { } n ? $"run #{n}" : "a run";
            throw new SpoolInUseException(spool.Code, run, number, $"Spool {spool.Code} is on a printer in {where}, which is in progress, and cannot be {what}. Record its weight after in that run instead.");
        }
    }

    public async Task<List<Spool>> LoadSpoolsAsync(ProductionRun run, CancellationToken cancellationToken)
    {
        var spools = new List<Spool>();
        foreach (var material in run.Materials)
        {
            spools.Add(await Store.FindSpoolAsync(material.SpoolId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("spool", material.SpoolCode));
        }

        return spools;
    }

    public static ChangeSet WithSpools(ChangeSet changes, IEnumerable<Spool> spools)
    {
        foreach (var spool in spools)
        {
            changes.Put(spool);
        }

        return changes;
    }

    public Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken) => Store.CommitAsync(changes, cancellationToken);
}
