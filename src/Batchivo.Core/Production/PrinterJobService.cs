using Batchivo.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Storage;

namespace Batchivo.Production;

/// <summary>What the tracker decided about one printer job event.</summary>
/// <param name="Run">The run the event concerns, if any.</param>
/// <param name="Changed">True when something was stored; false for an event already seen (a replay) or one that changes nothing.</param>
/// <param name="Message">The decision in words, e.g. "Run #12 started by moonraker job 0000BF (benchy.gcode)".</param>
public sealed record PrinterJobDecision(ProductionRun? Run, bool Changed, string Message);

/// <summary>
/// Turns a printer's job events into runs: a job that starts takes the oldest draft waiting for the printer, else a new
/// run named after the file; a job that ends marks its run (finished: waiting for its weights after, or completed from
/// the printer's usage when the printer is trusted for usage; failed: failed; cancelled: cancelled). Idempotent on the
/// printer's job id: a replayed, duplicated or late event never creates a second run and never closes a run twice.
/// </summary>
/// <remarks>Each event is one commit. Two writers racing on one job are settled by the store (the job is unique per printer); the loser handles the event again and finds the run.</remarks>
public sealed class PrinterJobService
{
    private readonly StoreAccess _s;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="subscribers">Told the events of each commit (see <see cref="IBatchivoEventSubscriber"/>); none when null.</param>
    /// <param name="loggerFactory">Where run transitions and failing subscribers are logged; nowhere when null.</param>
    public PrinterJobService(IProductionStore store, TimeProvider? time = null, IEnumerable<IBatchivoEventSubscriber>? subscribers = null, ILoggerFactory? loggerFactory = null)
    {
        _s = new StoreAccess(store, time, subscribers, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PrinterJobService>());
    }

    /// <summary>The run that follows a printer's job, if any.</summary>
    /// <param name="printerName">The printer.</param>
    /// <param name="jobId">The printer's job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run, or null.</returns>
    public async Task<ProductionRun?> FindRunAsync(string printerName, string jobId, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("PrinterJobService.FindRun");
        var printer = await _s.GetPrinterAsync(printerName, cancellationToken).ConfigureAwait(false);
        var runs = await _s.Store.ListRunsAsync(new RunQuery(PrinterId: printer.Id, PrinterJobId: jobId, Take: 1), cancellationToken).ConfigureAwait(false);
        return runs.Count > 0 ? runs[0] : null;
    }

    /// <summary>
    /// Where watching a printer again should resume: the earliest start of a run still following a job the printer
    /// has not ended, else the latest start or end of a run that follows a job of the printer.
    /// </summary>
    /// <param name="printerName">The printer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instant, or null when no run follows a job of the printer (only its current job then counts).</returns>
    public async Task<DateTimeOffset?> LastSeenAsync(string printerName, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("PrinterJobService.LastSeen");
        var printer = await _s.GetPrinterAsync(printerName, cancellationToken).ConfigureAwait(false);
        var runs = (await _s.Store.ListRunsAsync(new RunQuery(PrinterId: printer.Id), cancellationToken).ConfigureAwait(false))
            .Where(r => r.PrinterJob is not null).ToList();
        var open = runs.Where(r => r.Status == RunStatus.InProgress && r.PrinterJob!.End is null).Select(r => r.StartedAt ?? r.CreatedAt).ToList();
        return open.Count > 0 ? open.Min() : runs.Select(r => (DateTimeOffset?)(r.PrinterJob!.EndedAt ?? r.StartedAt ?? r.CreatedAt)).Max();
    }

    /// <summary>Applies one event of a printer's job.</summary>
    /// <param name="printer">The printer's connection (its name in the catalog, connector, and whether it is trusted for usage).</param>
    /// <param name="e">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was decided.</returns>
    /// <exception cref="NotFoundException">The printer is not in the catalog.</exception>
    /// <exception cref="ConcurrencyConflictException">Someone changed the run meanwhile: handle the event again.</exception>
    /// <exception cref="DuplicateKeyException">Another writer started a run for the job meanwhile: handle the event again.</exception>
    public async Task<PrinterJobDecision> HandleAsync(PrinterConnectionSettings printer, PrinterJobEvent e, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("PrinterJobService.Handle");
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentNullException.ThrowIfNull(e);
        var job = $"{printer.Connector} job {e.JobId} ({e.FileName})";
        var run = await FindRunAsync(printer.PrinterName, e.JobId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            (run, var started) = await StartAsync(printer, e, job, cancellationToken).ConfigureAwait(false);
            if (!e.IsEnd)
            {
                return new PrinterJobDecision(run, true, started);
            }
        }
        else if (!e.IsEnd)
        {
            return new PrinterJobDecision(run, false, e.Kind switch
            {
                PrinterJobEventKind.Progress when e.Progress is { } progress => $"Run #{run.Number}: {job} is at {progress * 100:0} %.",
                PrinterJobEventKind.Paused => $"Run #{run.Number}: {job} is paused on the printer.",
                PrinterJobEventKind.Resumed => $"Run #{run.Number}: {job} resumed.",
                _ => $"Run #{run.Number} already follows {job}.",
            });
        }

        if (run.IsFinal || run.PrinterJob?.End is not null)
        {
            return new PrinterJobDecision(run, false, $"Run #{run.Number} already has the end of {job}; nothing changes.");
        }

        return await EndAsync(printer, run, e, job, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(ProductionRun Run, string Line)> StartAsync(PrinterConnectionSettings printer, PrinterJobEvent e, string job, CancellationToken cancellationToken)
    {
        var catalogPrinter = await _s.GetPrinterAsync(printer.PrinterName, cancellationToken).ConfigureAwait(false);
        var drafts = await _s.Store.ListRunsAsync(new RunQuery(Status: RunStatus.Draft, PrinterId: catalogPrinter.Id, Take: 1), cancellationToken).ConfigureAwait(false);
        ProductionRun run;
        string how;
        if (drafts.Count > 0)
        {
            run = drafts[0];
            how = $"took draft run #{run.Number}, the oldest waiting for {catalogPrinter.Name}";
        }
        else
        {
            var number = await _s.Store.ReserveRunNumberAsync(cancellationToken).ConfigureAwait(false);
            run = ProductionRun.Create(number, catalogPrinter, _s.Now, e.Estimate?.PrintTime, $"Printed {e.FileName}");
            how = $"no draft was waiting for {catalogPrinter.Name}: created run #{run.Number} for {e.FileName}";
        }

        var spools = await _s.LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        var estimate = "the run's own estimates";
        if (e.Estimate is { } sliced)
        {
            if (run.Materials.Count == 0)
            {
                estimate = $"no spools to put the slicer's {Grams(sliced)} on";
            }
            else
            {
                try
                {
                    run.ApplySlicerEstimate(SlicedJobs.ToRunEstimate(sliced, e.FileName, run.Number, spools));
                    estimate = $"the slicer's estimates ({Grams(sliced)})";
                }
                catch (DomainRuleException ex)
                {
                    estimate = $"the run's own estimates; the slicer's were not applied: {ex.Message}";
                }
            }
        }

        var at = e.Kind == PrinterJobEventKind.Started ? e.At : _s.Now;
        var line = $"Run #{run.Number} started by {job}{(e.FromHistory ? ", found in the printer's history" : e.Kind != PrinterJobEventKind.Started ? ", found already printing" : "")}: {how}; with {estimate}.";
        run.StartFromPrinter(new PrinterJobLink(printer.Connector, e.JobId, e.FileName).WithLine(line, at), spools, at, printer.TrustedForUsage);
        await _s.CommitAsync(StoreAccess.WithSpools(new ChangeSet().Put(run).Put(catalogPrinter), spools), cancellationToken).ConfigureAwait(false);
        return (run, line);
    }

    private async Task<PrinterJobDecision> EndAsync(PrinterConnectionSettings printer, ProductionRun run, PrinterJobEvent e, string job, CancellationToken cancellationToken)
    {
        var spools = await _s.LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        var end = e.Kind switch
        {
            PrinterJobEventKind.Finished => PrintEnd.Finished,
            PrinterJobEventKind.Failed => PrintEnd.Failed,
            _ => PrintEnd.Cancelled,
        };
        var said = $"{job} {end.ToString().ToLowerInvariant()}{(e.Detail is { Length: > 0 } d ? $" ({d})" : "")}";
        var used = e.FilamentUsed ?? e.Estimate?.Filaments.Select(f => f.GramsFrom(FilamentDensities.Of(f.Material))).Aggregate((Mass?)Mass.Zero, (a, b) => a is { } x && b is { } y ? x + y : null);
        string decision;
        if (end == PrintEnd.Cancelled)
        {
            run.RecordPrintEnd(end, e.At, $"{said}: run #{run.Number} cancelled; weigh its spools to record what the part printed used.");
            run.Cancel(spools, _s.Now);
            decision = $"Run #{run.Number} cancelled: {said}.";
        }
        else if (printer.TrustedForUsage && used is { } grams && run.Materials.All(m => m.WeightBefore is not null || m.WeightAfter is not null))
        {
            run.RecordPrintEnd(end, e.At, $"{said}: the printer is trusted for usage, so its {Limits.Grams(grams.Grams)} {(e.FilamentUsed is null ? "(the slicer's estimate; the printer reports no usage)" : "reported")} is the usage.");
            run.RecordPrinterUsage(grams);
            Close(run, end, spools);
            decision = $"Run #{run.Number} {(end == PrintEnd.Finished ? "completed" : "failed")} from the printer's usage ({Limits.Grams(grams.Grams)}): {said}.";
        }
        else if (end == PrintEnd.Failed && run.Materials.All(m => m.WeightAfter is not null))
        {
            run.RecordPrintEnd(end, e.At, $"{said}: run #{run.Number} failed.");
            Close(run, end, spools);
            decision = $"Run #{run.Number} failed: {said}.";
        }
        else
        {
            var waits = end == PrintEnd.Finished
                ? "waiting for its weights after and outcomes, then complete it"
                : "waiting for its weights after, then mark it failed";
            run.RecordPrintEnd(end, e.At, $"{said}: run #{run.Number} is {waits}.");
            decision = $"Run #{run.Number} {waits}: {said}.";
        }

        await _s.CommitAsync(StoreAccess.WithSpools(new ChangeSet().Put(run), spools), cancellationToken).ConfigureAwait(false);
        return new PrinterJobDecision(run, true, decision);
    }

    private void Close(ProductionRun run, PrintEnd end, IReadOnlyCollection<Spool> spools)
    {
        if (end == PrintEnd.Finished)
        {
            run.Complete(spools, _s.Now);
        }
        else
        {
            run.Fail(spools, _s.Now);
        }
    }

    private static string Grams(SlicedJob job)
    {
        var grams = job.Filaments.Select(f => f.GramsFrom(FilamentDensities.Of(f.Material))).ToList();
        return grams.All(g => g is not null) ? Limits.Grams(grams.Sum(g => g!.Value.Grams)) : "grams unknown";
    }
}
