using Batchivo.Devices;

namespace Batchivo.Printers.PrusaLink;

/// <summary>
/// Turns one watch's successive polls into job events: a job seen running is started once, its pauses, resumes and
/// progress (in steps of 5 %) follow, and its end comes once. PrusaLink keeps no history, only its current or last job.
/// </summary>
/// <param name="time">The clock for the events' times.</param>
/// <param name="reportEnded">True when a job found already ended at the first poll is reported (the caller saw this printer before).</param>
/// <param name="followed">The job this connector followed before this watch (its previous connection), if any.</param>
internal sealed class PrusaLinkFollower(TimeProvider time, bool reportEnded, PrusaLinkJob? followed)
{
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private PrusaLinkJob? _current;
    private bool _held;
    private decimal _lastProgress;
    private bool _first = true;

    /// <summary>The job followed now (started and not ended), if any.</summary>
    public PrusaLinkJob? Following => _current;

    /// <summary>Jobs that were followed and went away without showing how they ended, since the last call.</summary>
    public List<(string Key, string FileName)> Lost { get; } = [];

    /// <summary>The events of one poll.</summary>
    /// <param name="snapshot">What the poll read.</param>
    /// <returns>The events, in order.</returns>
    public List<PrinterJobEvent> Next(PrusaLinkSnapshot snapshot)
    {
        var events = new List<PrinterJobEvent>();
        var now = time.GetUtcNow();
        var job = snapshot.Job;
        if (_first && followed is not null && job?.Key != followed.Key)
        {
            Lost.Add((followed.Key, followed.FileName));
        }

        if (_current is { } current && job?.Key != current.Key)
        {
            // The printer no longer shows the job, or shows another one: its end went by unseen (its end screen was
            // cleared, or a new job started, between two polls). Nothing says how it ended, so no end is invented.
            Lost.Add((current.Key, current.FileName));
            _current = null;
        }

        var first = _first;
        _first = false;
        if (job is null)
        {
            return events;
        }

        if (_current is null)
        {
            if (job.HasEnded)
            {
                // A job found already ended: at the first poll only when the caller saw this printer before (or this
                // connector followed it); later, a job that started and ended between two polls.
                if (_ended.Add(job.Key) && (!first || reportEnded || job.Key == followed?.Key))
                {
                    events.Add(Started(job, now, fromHistory: true));
                    events.Add(End(job, snapshot, now, fromHistory: true));
                }

                return events;
            }

            if (_ended.Contains(job.Key))
            {
                // The same job shown running again after its end (a state read between the job's and the printer's): not a new start.
                return events;
            }

            _current = job;
            _held = false;
            _lastProgress = job.Progress;
            events.Add(Started(job, now, fromHistory: false));
        }
        else if (job.HasEnded)
        {
            _current = null;
            _ended.Add(job.Key);
            events.Add(End(job, snapshot, now, fromHistory: false));
            return events;
        }

        _current = job;
        if (job.IsHeld && !_held)
        {
            _held = true;
            events.Add(Live(job, PrinterJobEventKind.Paused, now) with { Detail = job.State == "ATTENTION" ? Attention(snapshot) : null });
        }
        else if (job.State == "PRINTING" && _held)
        {
            _held = false;
            events.Add(Live(job, PrinterJobEventKind.Resumed, now));
        }

        if (job.Progress - _lastProgress >= 0.05m)
        {
            _lastProgress = job.Progress;
            events.Add(Live(job, PrinterJobEventKind.Progress, now) with { Progress = job.Progress });
        }

        return events;
    }

    private static PrinterJobEvent Started(PrusaLinkJob job, DateTimeOffset now, bool fromHistory) =>
        // PrusaLink gives no start time: the time printed so far, back from now, is the nearest to it.
        new(PrinterJobEventKind.Started, job.Key, job.FileName, now - job.Printing, job.Progress, job.Estimate, FromHistory: fromHistory);

    private static PrinterJobEvent Live(PrusaLinkJob job, PrinterJobEventKind kind, DateTimeOffset now) =>
        new(kind, job.Key, job.FileName, now, job.Progress);

    private static PrinterJobEvent End(PrusaLinkJob job, PrusaLinkSnapshot snapshot, DateTimeOffset now, bool fromHistory)
    {
        var kind = job.State switch
        {
            "FINISHED" => PrinterJobEventKind.Finished,
            "STOPPED" => PrinterJobEventKind.Cancelled,
            _ => PrinterJobEventKind.Failed,
        };
        return new PrinterJobEvent(
            kind,
            job.Key,
            job.FileName,
            now,
            kind == PrinterJobEventKind.Finished ? 1m : job.Progress,
            job.Estimate,
            null,
            kind == PrinterJobEventKind.Failed ? snapshot.Message ?? "ERROR" : null,
            fromHistory);
    }

    private static string Attention(PrusaLinkSnapshot snapshot) =>
        snapshot.Message is { } message ? $"the printer needs attention: {message}" : "the printer needs attention";
}
