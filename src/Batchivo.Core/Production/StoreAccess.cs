using System.Diagnostics;
using Batchivo.Catalog;
using Batchivo.Diagnostics;
using Batchivo.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batchivo.Production;

/// <summary>
/// What the production services share: the store, the clock, the lookups that throw <see cref="NotFoundException"/>
/// and the commit. Each service call loads what it needs through it, lets the domain decide, and commits once; the
/// commit then logs the runs it moved and tells the subscribers its events.
/// </summary>
internal sealed class StoreAccess(IProductionStore store, TimeProvider? time, IEnumerable<IBatchivoEventSubscriber>? subscribers = null, ILogger? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly IBatchivoEventSubscriber[] _subscribers = subscribers?.ToArray() ?? [];

    public ILogger Logger { get; } = logger ?? NullLogger.Instance;

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

    /// <summary>An activity for a service call (null when nobody listens).</summary>
    public static Activity? Trace(string operation) => BatchivoTelemetry.Source.StartActivity(operation);

    /// <summary>An activity for a service call on a run.</summary>
    public static Activity? Trace(string operation, RunRef run) =>
        BatchivoTelemetry.Source.StartActivity(operation)?.SetTag("batchivo.run.number", run.Number);

    // Events come from what the commit stored, so they are told only once it returned: never for a refused commit.
    public async Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        await Store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        var events = changes.Facts.Events;
        foreach (var e in events)
        {
            Log(e);
            foreach (var subscriber in _subscribers)
            {
                try
                {
                    await subscriber.OnEventAsync(e, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    CoreLog.SubscriberFailed(Logger, subscriber.GetType().FullName ?? subscriber.GetType().Name, e.GetType().Name, ex);
                }
            }
        }
    }

    private void Log(BatchivoEvent e)
    {
        switch (e)
        {
            case RunStarted s:
                CoreLog.RunStarted(Logger, s.RunNumber, s.Printer, (double)s.Estimated.Grams);
                break;
            case RunCompleted c:
                CoreLog.RunCompleted(Logger, c.RunNumber, c.Printer, (double)c.Used.Grams, (double)c.Estimated.Grams, (double?)c.VariancePercent);
                break;
            case RunFailed f:
                CoreLog.RunFailed(Logger, f.RunNumber, f.Printer, (double)f.Used.Grams);
                break;
            case RunCancelled x:
                CoreLog.RunCancelled(Logger, x.RunNumber, x.Printer, (double)x.Used.Grams);
                break;
        }
    }
}
