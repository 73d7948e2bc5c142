using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Production;

// The run workflow: a run from draft to completed, failed or cancelled, and its reprints.
public sealed partial class ProductionService
{
    /// <summary>Creates a draft run on a printer.</summary>
    /// <param name="printerName">The printer.</param>
    /// <param name="estimatedDuration">The estimated print time, if known.</param>
    /// <param name="notes">Notes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such printer.</exception>
    public async Task<ProductionRun> CreateRunAsync(string printerName, TimeSpan? estimatedDuration = null, string? notes = null, CancellationToken cancellationToken = default)
    {
        var printer = await GetPrinterAsync(printerName, cancellationToken).ConfigureAwait(false);
        var number = await _store.ReserveRunNumberAsync(cancellationToken).ConfigureAwait(false);
        var run = ProductionRun.Create(number, printer, Now, estimatedDuration, notes);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Adds a product to a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="quantity">Units.</param>
    /// <param name="bedPosition">Optional bed position.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> AddProductToRunAsync(int runNumber, string sku, int quantity, string? bedPosition = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        run.AddItem(product, quantity, bedPosition);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Removes a product from a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RemoveProductFromRunAsync(int runNumber, string sku, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        run.RemoveItem(product.Id);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Assigns a spool to a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="estimatedPurge">Estimated purge grams.</param>
    /// <param name="estimatedTower">Estimated tower grams.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> AssignSpoolAsync(int runNumber, string spoolCode, Mass? estimatedPurge = null, Mass? estimatedTower = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        var printer = await _store.FindPrinterAsync(run.PrinterId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", run.PrinterName);
        run.AssignSpool(spool, printer.MaterialSlots, estimatedPurge, estimatedTower);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Unassigns a spool from a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> UnassignSpoolAsync(int runNumber, string spoolCode, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.UnassignSpool(spool.Id);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Sets a spool's estimated purge and tower in a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="purge">Purge grams.</param>
    /// <param name="tower">Tower grams.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> SetPurgeEstimateAsync(int runNumber, string spoolCode, Mass purge, Mass tower, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.SetPurgeEstimate(spool.Id, purge, tower);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Replaces a draft run's BOM estimates with a slicer's.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="estimate">The slicer estimate.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> ApplySlicerEstimateAsync(int runNumber, SlicerEstimate estimate, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        run.ApplySlicerEstimate(estimate);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// The warnings of a run, in any status: spools that may not hold enough filament, spools whose tare is unknown, and
    /// weights before or after below a spool's tare (call it after recording a weight to check it).
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The warnings.</returns>
    public async Task<IReadOnlyList<PreflightWarning>> PreflightAsync(int runNumber, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        return run.Preflight(spools, await GetBrandTaresAsync(cancellationToken).ConfigureAwait(false));
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
    public async Task<StartResult> StartAsync(int runNumber, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var printer = await _store.FindPrinterAsync(run.PrinterId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", run.PrinterName);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        foreach (var spool in spools)
        {
            if (spool.ActiveRunId is { } other && other != run.Id)
            {
                var otherRun = await _store.FindRunAsync(other, cancellationToken).ConfigureAwait(false);
                throw new SpoolInUseException(spool.Code, other, otherRun?.Number);
            }
        }

        if (run.Status == RunStatus.Draft)
        {
            var busy = await _store.ListRunsAsync(new RunQuery(Status: RunStatus.InProgress, PrinterId: run.PrinterId, Take: 1), cancellationToken).ConfigureAwait(false);
            if (busy.Count > 0 && busy[0].Id != run.Id)
            {
                var other = busy[0].Number;
                throw new DomainRuleException(
                    DomainRule.PrinterBusy,
                    $"Printer {run.PrinterName} is printing run #{other}, which is in progress; a printer prints one plate at a time. Complete, fail or cancel run #{other} first, or plan run #{run.Number} on another printer.");
            }
        }

        var warnings = run.Preflight(spools, await GetBrandTaresAsync(cancellationToken).ConfigureAwait(false));
        run.Start(spools, Now);
        await CommitAsync(WithSpools(new ChangeSet().Put(run).Put(printer), spools), cancellationToken).ConfigureAwait(false);
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
    public async Task<ProductionRun> RecordMeasuredWasteAsync(int runNumber, string spoolCode, Mass? supports, Mass? purge, Mass? tower, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.RecordMeasuredWaste(spool.Id, supports, purge, tower);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Records a product's successful and failed units.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="successful">Successful units.</param>
    /// <param name="failed">Failed units.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordOutcomeAsync(int runNumber, string sku, int successful, int failed, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        run.RecordOutcome(product.Id, successful, failed);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Completes a run: the run, its spools' new weights and their ledger entries are stored in one transaction.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="quality">The rating, optional.</param>
    /// <param name="notes">Notes to set, optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> CompleteAsync(int runNumber, QualityRating? quality = null, string? notes = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Complete(spools, Now, quality);
        if (notes is not null)
        {
            run.SetNotes(notes);
        }

        await CommitAsync(WithSpools(new ChangeSet().Put(run), spools), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Fails a whole plate: every unit failed, the filament is waste, spools updated as on completion.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="notes">Notes to set, optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> FailAsync(int runNumber, string? notes = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Fail(spools, Now);
        if (notes is not null)
        {
            run.SetNotes(notes);
        }

        await CommitAsync(WithSpools(new ChangeSet().Put(run), spools), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Cancels a run (draft, or in progress with optional weights after).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="notes">Notes to set (e.g. the reason), optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> CancelAsync(int runNumber, string? notes = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Cancel(spools, Now);
        if (notes is not null)
        {
            run.SetNotes(notes);
        }

        var changes = new ChangeSet().Put(run);
        await CommitAsync(run.StartedAt is null ? changes : WithSpools(changes, spools), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Sets a run's notes (allowed on final runs too).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="notes">The notes, or null to clear.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> SetNotesAsync(int runNumber, string? notes, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        run.SetNotes(notes);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
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
    public async Task<ProductionRun> ReprintAsync(int runNumber, string? printerName = null, CancellationToken cancellationToken = default)
    {
        var original = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var reprints = await _store.ListReprintsAsync(original.Id, cancellationToken).ConfigureAwait(false);
        var needs = Reprints.Uncovered(original, reprints);
        if (needs.Count == 0)
        {
            throw new DomainRuleException(DomainRule.NothingToReprint, $"Run #{original.Number} has no failed units left to reprint: its failed units are all covered by reprints (or none failed).");
        }

        var printer = printerName is null
            ? await _store.FindPrinterAsync(original.PrinterId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", original.PrinterName)
            : await GetPrinterAsync(printerName, cancellationToken).ConfigureAwait(false);
        var products = new List<Product>();
        foreach (var need in needs)
        {
            products.Add(await _store.FindProductAsync(need.ProductId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("product", need.Name));
        }

        var number = await _store.ReserveRunNumberAsync(cancellationToken).ConfigureAwait(false);
        // The link is the run's OriginalRunId, shown as "Reprint of run #N" wherever the run is shown; the notes stay the user's.
        var run = ProductionRun.Create(number, printer, Now, originalRunId: original.Id);
        for (var i = 0; i < needs.Count; i++)
        {
            run.AddItem(products[i], needs[i].Units);
        }

        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Lists runs.</summary>
    /// <param name="query">Filters and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The runs.</returns>
    public Task<IReadOnlyList<ProductionRun>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default) =>
        _store.ListRunsAsync(query ?? new RunQuery(), cancellationToken);
}
