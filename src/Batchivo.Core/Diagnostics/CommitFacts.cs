using System.Diagnostics;
using Batchivo.Catalog;
using Batchivo.Production;

namespace Batchivo.Diagnostics;

/// <summary>
/// What a change set will have done once committed, taken when its entities are put into it: the runs whose status
/// changes (from the status they were read at to the one put), and the ledger entries added since the spools were
/// read. The commit turns them into measurements, and the services into events, only after the store accepted it.
/// </summary>
/// <remarks>Not thread-safe, like the change set that owns it.</remarks>
internal sealed class CommitFacts
{
    private readonly List<BatchivoEvent> _events = [];
    private readonly List<FilamentUse> _usage = [];
    private readonly HashSet<RunId> _runs = [];
    private readonly HashSet<(SpoolId, int)> _entries = [];

    /// <summary>The events, in the order their entities were put.</summary>
    public IReadOnlyList<BatchivoEvent> Events => _events;

    public void AddRun(ProductionRun run)
    {
        var before = run.StoredStatus;
        var after = run.Status;
        if (before == after || before is null && after == RunStatus.Draft || !_runs.Add(run.Id))
        {
            return;
        }

        var version = run.Version + 1;
        var totals = run.Totals;
        var at = run.EndedAt ?? run.StartedAt ?? run.CreatedAt;
        switch (after)
        {
            case RunStatus.InProgress:
                _events.Add(new RunStarted(run.Id, run.Number, run.PrinterName, run.StartedAt ?? at, version, totals.Estimated, [.. run.Materials.Select(m => m.SpoolCode)]));
                break;
            case RunStatus.Completed:
                _events.Add(new RunCompleted(run.Id, run.Number, run.PrinterName, at, version, totals.Estimated, totals.ActualRecorded, totals.VariancePercent, totals.UnitsSuccessful, totals.UnitsFailed, run.Quality));
                AddUsage(run, "completed");
                break;
            case RunStatus.Failed:
                _events.Add(new RunFailed(run.Id, run.Number, run.PrinterName, at, version, totals.ActualRecorded));
                AddUsage(run, "failed");
                break;
            case RunStatus.Cancelled:
                _events.Add(new RunCancelled(run.Id, run.Number, run.PrinterName, at, version, totals.ActualRecorded, run.StartedAt is not null));
                AddUsage(run, "cancelled");
                break;
        }
    }

    public void AddSpool(Spool spool)
    {
        for (var i = Math.Min(spool.StoredLedgerCount, spool.Ledger.Count); i < spool.Ledger.Count; i++)
        {
            var entry = spool.Ledger[i];
            if (!_entries.Add((spool.Id, entry.Sequence)))
            {
                continue;
            }

            _events.Add(new LedgerEntryAdded(spool.Id, spool.Code, entry));
            if (entry.Kind == LedgerEntryKind.Weighed)
            {
                _events.Add(new SpoolWeighed(spool.Id, spool.Code, entry.At, entry.GrossAfter, entry.GrossBefore, entry.RunNumber));
            }
        }
    }

    /// <summary>Records the runs' transitions and usage on the meter, once the store accepted the commit.</summary>
    public void Measure()
    {
        foreach (var e in _events)
        {
            switch (e)
            {
                case RunStarted s:
                    BatchivoTelemetry.RunsStartedCounter.Add(1, Printer(s));
                    break;
                case RunCompleted c:
                    BatchivoTelemetry.RunsCompletedCounter.Add(1, Printer(c));
                    if (c.VariancePercent is { } variance)
                    {
                        BatchivoTelemetry.RunVarianceHistogram.Record((double)variance, Printer(c));
                    }

                    break;
                case RunFailed f:
                    BatchivoTelemetry.RunsFailedCounter.Add(1, Printer(f));
                    break;
                case RunCancelled x:
                    BatchivoTelemetry.RunsCancelledCounter.Add(1, Printer(x));
                    break;
            }
        }

        foreach (var use in _usage)
        {
            var tags = new TagList
            {
                { "batchivo.printer", use.Printer },
                { "batchivo.material", use.Material },
                { "batchivo.run.outcome", use.Outcome },
            };
            BatchivoTelemetry.FilamentUsedCounter.Add(use.Grams, tags);
        }
    }

    private static KeyValuePair<string, object?> Printer(RunEvent e) => new("batchivo.printer", e.Printer);

    private void AddUsage(ProductionRun run, string outcome)
    {
        foreach (var group in run.Materials.Where(m => m.Actual is not null).GroupBy(m => m.Material.Spec.Type, StringComparer.OrdinalIgnoreCase))
        {
            var grams = (double)group.Sum(m => m.Actual!.Value.Grams);
            if (grams > 0)
            {
                _usage.Add(new FilamentUse(run.PrinterName, group.Key, grams, outcome));
            }
        }
    }

    private readonly record struct FilamentUse(string Printer, string Material, double Grams, string Outcome);
}
