using Batchivo.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Production;

/// <summary>The result of starting a run: the run and its pre-flight warnings.</summary>
/// <param name="Run">The run, now in progress.</param>
/// <param name="Warnings">Pre-flight warnings (spools that may run out).</param>
public sealed record StartResult(ProductionRun Run, IReadOnlyList<PreflightWarning> Warnings);

/// <summary>
/// The run workflow: a run from draft to completed, failed or cancelled, and its reprints. Every change loads what it
/// needs, lets the domain decide, and commits the run and its spools at once; a refused change stores nothing.
/// </summary>
/// <remarks>
/// Thread-safe as long as the store is: it keeps no state between calls. When two writers race, the store refuses the
/// stale one with <see cref="ConcurrencyConflictException"/>.
/// </remarks>
public sealed class RunService
{
    private readonly StoreAccess _s;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="subscribers">Told the events of each commit (see <see cref="IBatchivoEventSubscriber"/>); none when null.</param>
    /// <param name="loggerFactory">Where run transitions and failing subscribers are logged; nowhere when null.</param>
    public RunService(IProductionStore store, TimeProvider? time = null, IEnumerable<IBatchivoEventSubscriber>? subscribers = null, ILoggerFactory? loggerFactory = null)
    {
        _s = new StoreAccess(store, time, subscribers, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RunService>());
    }

    /// <summary>Creates a draft run on a printer.</summary>
    /// <param name="printerName">The printer.</param>
    /// <param name="estimatedDuration">The estimated print time, if known.</param>
    /// <param name="notes">Notes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such printer.</exception>
    public async Task<ProductionRun> CreateRunAsync(string printerName, TimeSpan? estimatedDuration = null, string? notes = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.CreateRun");
        var printer = await _s.GetPrinterAsync(printerName, cancellationToken).ConfigureAwait(false);
        var number = await _s.Store.ReserveRunNumberAsync(cancellationToken).ConfigureAwait(false);
        var run = ProductionRun.Create(number, printer, _s.Now, estimatedDuration, notes);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Adds a product to a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="quantity">Units.</param>
    /// <param name="bedPosition">Optional bed position.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> AddProductToRunAsync(RunRef runNumber, string sku, int quantity, string? bedPosition = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.AddProductToRun", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await _s.GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        run.AddItem(product, quantity, bedPosition);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Changes how many units of a product a draft run prints, in one commit: the product leaves the plate and comes
    /// back with the new quantity at the same bed position, so its estimate uses the product's current BOM.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="quantity">The new number of units.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or product.</exception>
    /// <exception cref="DomainRuleException">The product is not on the plate, or the quantity is out of range.</exception>
    public async Task<ProductionRun> SetQuantityAsync(RunRef runNumber, string sku, int quantity, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.SetQuantity", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await _s.GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        var bed = run.FindItem(product.Id)?.BedPosition;
        run.RemoveItem(product.Id);
        run.AddItem(product, quantity, bed);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Removes a product from a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RemoveProductFromRunAsync(RunRef runNumber, string sku, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.RemoveProductFromRun", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await _s.GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        run.RemoveItem(product.Id);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Assigns a spool to a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="estimatedPurge">Estimated purge grams.</param>
    /// <param name="estimatedTower">Estimated tower grams.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> AssignSpoolAsync(RunRef runNumber, string spoolCode, Mass? estimatedPurge = null, Mass? estimatedTower = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.AssignSpool", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await _s.GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        var printer = await _s.Store.FindPrinterAsync(run.PrinterId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", run.PrinterName);
        run.AssignSpool(spool, printer.MaterialSlots, estimatedPurge, estimatedTower);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Unassigns a spool from a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> UnassignSpoolAsync(RunRef runNumber, string spoolCode, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.UnassignSpool", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await _s.GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.UnassignSpool(spool.Id);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Sets a spool's estimated purge and tower in a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="purge">Purge grams.</param>
    /// <param name="tower">Tower grams.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> SetPurgeEstimateAsync(RunRef runNumber, string spoolCode, Mass purge, Mass tower, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.SetPurgeEstimate", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await _s.GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.SetPurgeEstimate(spool.Id, purge, tower);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Replaces a draft run's BOM estimates with a slicer's.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="estimate">The slicer estimate.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> ApplySlicerEstimateAsync(RunRef runNumber, SlicerEstimate estimate, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.ApplySlicerEstimate", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        run.ApplySlicerEstimate(estimate);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Replaces a draft run's BOM estimates with what a slicer file says, its filaments mapped to the run's spools
    /// (see <see cref="SlicedJobs.ToRunEstimate"/>); the run's estimate source then names the file and the slicer.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="job">What the file says (from an <see cref="Devices.ISlicerFileReader"/>).</param>
    /// <param name="fileName">The file's name.</param>
    /// <param name="map">Slicer filament number (1-based) → spool code, for filaments that type and colour do not settle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="DomainRuleException">The filaments cannot be mapped to the run's spools, or their grams cannot be known.</exception>
    public async Task<ProductionRun> ApplySlicedJobAsync(RunRef runNumber, Devices.SlicedJob job, string fileName, IReadOnlyDictionary<int, string>? map = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.ApplySlicedJob", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await _s.LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.ApplySlicerEstimate(SlicedJobs.ToRunEstimate(job, fileName, run.Number, spools, map));
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// The warnings of a run, in any status: spools that may not hold enough filament, spools whose tare is unknown, and
    /// weights before or after below a spool's tare (call it after recording a weight to check it).
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The warnings.</returns>
    public async Task<IReadOnlyList<PreflightWarning>> PreflightAsync(RunRef runNumber, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.Preflight", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await _s.LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        return run.Preflight(spools, await _s.GetBrandTaresAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Starts a run; its spools are marked in use in the same transaction. A printer prints one plate at a time: the
    /// start is refused while another run on the same printer is in progress, and the printer is written with the run
    /// so that of two concurrent starts on one printer only one is stored.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run and its pre-flight warnings.</returns>
    /// <exception cref="DomainRuleException">The run cannot start (<see cref="DomainRule.PrinterBusy"/>: its printer has another run in progress).</exception>
    /// <exception cref="ConcurrencyConflictException">Another start on the same printer, or with the same spools, was stored first.</exception>
    public async Task<StartResult> StartAsync(RunRef runNumber, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.Start", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var printer = await _s.Store.FindPrinterAsync(run.PrinterId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", run.PrinterName);
        var spools = await _s.LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        foreach (var spool in spools)
        {
            if (spool.ActiveRunId is { } other && other != run.Id)
            {
                var otherRun = await _s.Store.FindRunAsync(other, cancellationToken).ConfigureAwait(false);
                throw new SpoolInUseException(spool.Code, other, otherRun?.Number);
            }
        }

        if (run.Status == RunStatus.Draft)
        {
            var busy = await _s.Store.ListRunsAsync(new RunQuery(Status: RunStatus.InProgress, PrinterId: run.PrinterId, Take: 1), cancellationToken).ConfigureAwait(false);
            if (busy.Count > 0 && busy[0].Id != run.Id)
            {
                var other = busy[0].Number;
                throw new DomainRuleException(
                    DomainRule.PrinterBusy,
                    $"Printer {run.PrinterName} is printing run #{other}, which is in progress; a printer prints one plate at a time. Complete, fail or cancel run #{other} first, or plan run #{run.Number} on another printer.");
            }
        }

        var warnings = run.Preflight(spools, await _s.GetBrandTaresAsync(cancellationToken).ConfigureAwait(false));
        run.Start(spools, _s.Now);
        await _s.CommitAsync(StoreAccess.WithSpools(new ChangeSet().Put(run).Put(printer), spools), cancellationToken).ConfigureAwait(false);
        // Shown after the start: their advice is for a run that has started.
        return new StartResult(run, [.. warnings.Select(w => w with { RunStarted = true })]);
    }

    /// <summary>Records measured supports, purge and tower of a spool, for the variance breakdown.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="supports">Support grams, or null.</param>
    /// <param name="purge">Purge grams, or null.</param>
    /// <param name="tower">Tower grams, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordMeasuredWasteAsync(RunRef runNumber, string spoolCode, Mass? supports, Mass? purge, Mass? tower, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.RecordMeasuredWaste", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await _s.GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.RecordMeasuredWaste(spool.Id, supports, purge, tower);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Records a product's successful and failed units.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="successful">Successful units.</param>
    /// <param name="failed">Failed units.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordOutcomeAsync(RunRef runNumber, string sku, int successful, int failed, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.RecordOutcome", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await _s.GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        run.RecordOutcome(product.Id, successful, failed);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Completes a run: the run, its spools' new weights and their ledger entries are stored in one transaction.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="quality">The rating, optional.</param>
    /// <param name="notes">Notes to set, optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> CompleteAsync(RunRef runNumber, QualityRating? quality = null, string? notes = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.Complete", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await _s.LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Complete(spools, _s.Now, quality);
        if (notes is not null)
        {
            run.SetNotes(notes);
        }

        await _s.CommitAsync(StoreAccess.WithSpools(new ChangeSet().Put(run), spools), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Fails a whole plate: every unit failed, the filament is waste, spools updated as on completion.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="notes">Notes to set, optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> FailAsync(RunRef runNumber, string? notes = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.Fail", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await _s.LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Fail(spools, _s.Now);
        if (notes is not null)
        {
            run.SetNotes(notes);
        }

        await _s.CommitAsync(StoreAccess.WithSpools(new ChangeSet().Put(run), spools), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Cancels a run (draft, or in progress with optional weights after).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="notes">Notes to set (e.g. the reason), optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> CancelAsync(RunRef runNumber, string? notes = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.Cancel", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await _s.LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Cancel(spools, _s.Now);
        if (notes is not null)
        {
            run.SetNotes(notes);
        }

        var changes = new ChangeSet().Put(run);
        await _s.CommitAsync(run.StartedAt is null ? changes : StoreAccess.WithSpools(changes, spools), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Sets a run's notes (allowed on final runs too).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="notes">The notes, or null to clear.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> SetNotesAsync(RunRef runNumber, string? notes, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.SetNotes", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        run.SetNotes(notes);
        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Creates a draft reprint of a run's failed units not yet covered by other reprints, linked to the original.
    /// The products' current BOMs are used.
    /// </summary>
    /// <param name="runNumber">The original run.</param>
    /// <param name="printerName">The printer for the reprint; the original's when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new draft run.</returns>
    /// <exception cref="DomainRuleException">Nothing is left to reprint.</exception>
    public async Task<ProductionRun> ReprintAsync(RunRef runNumber, string? printerName = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("RunService.Reprint", runNumber);
        var original = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var reprints = await _s.Store.ListReprintsAsync(original.Id, cancellationToken).ConfigureAwait(false);
        var needs = Reprints.Uncovered(original, reprints);
        if (needs.Count == 0)
        {
            throw new DomainRuleException(DomainRule.NothingToReprint, $"Run #{original.Number} has no failed units left to reprint: its failed units are all covered by reprints (or none failed).");
        }

        var printer = printerName is null
            ? await _s.Store.FindPrinterAsync(original.PrinterId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", original.PrinterName)
            : await _s.GetPrinterAsync(printerName, cancellationToken).ConfigureAwait(false);
        var products = new List<Product>();
        foreach (var need in needs)
        {
            products.Add(await _s.Store.FindProductAsync(need.ProductId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("product", need.Name));
        }

        var number = await _s.Store.ReserveRunNumberAsync(cancellationToken).ConfigureAwait(false);
        // The link is the run's OriginalRunId, shown as "Reprint of run #N" wherever the run is shown; the notes stay the user's.
        var run = ProductionRun.Create(number, printer, _s.Now, originalRunId: original.Id);
        for (var i = 0; i < needs.Count; i++)
        {
            run.AddItem(products[i], needs[i].Units);
        }

        await _s.CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Lists runs.</summary>
    /// <param name="query">Filters and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The runs.</returns>
    public Task<IReadOnlyList<ProductionRun>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default) =>
        _s.Store.ListRunsAsync(query ?? new RunQuery(), cancellationToken);

    /// <summary>Finds a run by number or throws.</summary>
    /// <param name="number">The number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run.</exception>
    public Task<ProductionRun> GetRunAsync(int number, CancellationToken cancellationToken = default) =>
        _s.GetRunAsync(number, cancellationToken);
}
