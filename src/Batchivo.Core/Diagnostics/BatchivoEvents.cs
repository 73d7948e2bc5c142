using Batchivo.Catalog;
using Batchivo.Production;

namespace Batchivo.Diagnostics;

/// <summary>
/// Something the store committed, told to the host's <see cref="IBatchivoEventSubscriber"/>s once the commit succeeded:
/// never before it, and never for a commit that was refused (a conflict, a duplicate key) or failed.
/// </summary>
/// <param name="At">When it happened (the run's start or end, the ledger entry's time).</param>
public abstract record BatchivoEvent(DateTimeOffset At);

/// <summary>A run changed status.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="RunNumber">The run's number.</param>
/// <param name="Printer">The printer's name.</param>
/// <param name="At">When.</param>
/// <param name="Version">The run's version the commit stored.</param>
public abstract record RunEvent(RunId RunId, int RunNumber, string Printer, DateTimeOffset At, long Version) : BatchivoEvent(At);

/// <summary>A run started (went to <see cref="RunStatus.InProgress"/>).</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="RunNumber">The run's number.</param>
/// <param name="Printer">The printer's name.</param>
/// <param name="At">When it started.</param>
/// <param name="Version">The run's version the commit stored.</param>
/// <param name="Estimated">Its estimated total filament.</param>
/// <param name="Spools">The codes of its spools.</param>
public sealed record RunStarted(RunId RunId, int RunNumber, string Printer, DateTimeOffset At, long Version, Mass Estimated, IReadOnlyList<string> Spools)
    : RunEvent(RunId, RunNumber, Printer, At, Version);

/// <summary>A run was completed.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="RunNumber">The run's number.</param>
/// <param name="Printer">The printer's name.</param>
/// <param name="At">When it ended.</param>
/// <param name="Version">The run's version the commit stored.</param>
/// <param name="Estimated">Its estimated total filament.</param>
/// <param name="Used">The weighed usage of its spools.</param>
/// <param name="VariancePercent">Its material variance in percent of the estimate, when known.</param>
/// <param name="UnitsSuccessful">Successful units.</param>
/// <param name="UnitsFailed">Failed units.</param>
/// <param name="Quality">Its quality rating, if given.</param>
public sealed record RunCompleted(RunId RunId, int RunNumber, string Printer, DateTimeOffset At, long Version, Mass Estimated, Mass Used, decimal? VariancePercent, int UnitsSuccessful, int UnitsFailed, QualityRating? Quality)
    : RunEvent(RunId, RunNumber, Printer, At, Version);

/// <summary>A run failed (the whole plate).</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="RunNumber">The run's number.</param>
/// <param name="Printer">The printer's name.</param>
/// <param name="At">When it ended.</param>
/// <param name="Version">The run's version the commit stored.</param>
/// <param name="Used">The weighed usage of its spools (all of it waste).</param>
public sealed record RunFailed(RunId RunId, int RunNumber, string Printer, DateTimeOffset At, long Version, Mass Used)
    : RunEvent(RunId, RunNumber, Printer, At, Version);

/// <summary>A run was cancelled.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="RunNumber">The run's number.</param>
/// <param name="Printer">The printer's name.</param>
/// <param name="At">When it ended.</param>
/// <param name="Version">The run's version the commit stored.</param>
/// <param name="Used">The weighed usage of the spools weighed after (zero for a draft).</param>
/// <param name="WasStarted">True when it had started printing.</param>
public sealed record RunCancelled(RunId RunId, int RunNumber, string Printer, DateTimeOffset At, long Version, Mass Used, bool WasStarted)
    : RunEvent(RunId, RunNumber, Printer, At, Version);

/// <summary>A spool's ledger got an entry: a weighing, a run's consumption or an adjustment.</summary>
/// <param name="SpoolId">The spool's id.</param>
/// <param name="SpoolCode">The spool's code.</param>
/// <param name="Entry">The entry (its kind, time, gross weight before and after, run, note).</param>
public sealed record LedgerEntryAdded(SpoolId SpoolId, string SpoolCode, SpoolLedgerEntry Entry) : BatchivoEvent(Entry.At);

/// <summary>A spool was weighed (also told as a <see cref="LedgerEntryAdded"/> of kind <see cref="LedgerEntryKind.Weighed"/>, just before).</summary>
/// <param name="SpoolId">The spool's id.</param>
/// <param name="SpoolCode">The spool's code.</param>
/// <param name="At">When.</param>
/// <param name="Gross">The reading (filament plus spool).</param>
/// <param name="GrossBefore">The previous gross weight, if any.</param>
/// <param name="RunNumber">The run it was weighed for, if any.</param>
public sealed record SpoolWeighed(SpoolId SpoolId, string SpoolCode, DateTimeOffset At, Mass Gross, Mass? GrossBefore, int? RunNumber) : BatchivoEvent(At);

/// <summary>
/// Receives Batchivo's events (<see cref="RunStarted"/>, <see cref="RunCompleted"/>, <see cref="RunFailed"/>,
/// <see cref="RunCancelled"/>, <see cref="SpoolWeighed"/>, <see cref="LedgerEntryAdded"/>) after each commit of the
/// production services. Register it with <c>AddEventSubscriber</c> on the Batchivo builder (or as an
/// <see cref="IBatchivoEventSubscriber"/> singleton).
/// </summary>
/// <remarks>
/// Events of one commit arrive in order, on the writer's flow, after the commit and before the service call returns:
/// a subscriber that reads the store then sees the committed state. Keep it quick (hand slow work to a queue or a
/// channel): the caller waits for it. A subscriber that throws is logged and does not fail the write, nor keep the
/// other subscribers from their events. Called concurrently for concurrent writers.
/// </remarks>
public interface IBatchivoEventSubscriber
{
    /// <summary>Handles one event.</summary>
    /// <param name="batchivoEvent">The event.</param>
    /// <param name="cancellationToken">The writer's cancellation token.</param>
    /// <returns>A task that completes when handled.</returns>
    Task OnEventAsync(BatchivoEvent batchivoEvent, CancellationToken cancellationToken);
}
