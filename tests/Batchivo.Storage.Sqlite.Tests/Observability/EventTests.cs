using Batchivo.Catalog;
using Batchivo.Diagnostics;
using Batchivo.Plugins;
using Batchivo.Production;

namespace Batchivo.Storage.Sqlite.Tests.Observability;

/// <summary>Domain events reach a subscriber after the commit that stored them, never before and never for a refused commit.</summary>
public sealed class EventTests
{
    [Fact]
    public async Task A_completed_run_tells_its_start_weighings_ledger_entries_and_completion_in_order()
    {
        await using var host = new ObservedHost();
        await host.SeedAsync();
        var run = await host.DraftAsync();
        await host.CompleteAsync(run);

        var events = host.Events.Received.ToList();
        var runEvents = events.OfType<RunEvent>().ToList();
        Assert.Collection(
            runEvents,
            e => Assert.IsType<RunStarted>(e),
            e => Assert.IsType<RunCompleted>(e));
        var completed = (RunCompleted)runEvents[1];
        Assert.Equal(run, completed.RunNumber);
        Assert.Equal(host.Printer, completed.Printer);
        Assert.Equal(new Mass(66m), completed.Used);
        Assert.Equal(new Mass(60m), completed.Estimated);
        Assert.Equal(10m, completed.VariancePercent);
        Assert.Equal(4, completed.UnitsSuccessful);
        Assert.Equal(new Mass(60m), ((RunStarted)runEvents[0]).Estimated);
        Assert.Equal([host.SpoolCode], ((RunStarted)runEvents[0]).Spools);

        // The spool: weighed when added and before the run, then the run's consumption on completion.
        var ledger = events.OfType<LedgerEntryAdded>().Where(e => e.SpoolCode == host.SpoolCode).Select(e => e.Entry.Kind).ToList();
        Assert.Equal([LedgerEntryKind.Weighed, LedgerEntryKind.Weighed, LedgerEntryKind.ConsumedByRun], ledger);
        var weighed = events.OfType<SpoolWeighed>().Last();
        Assert.Equal(new Mass(1200m), weighed.Gross);
        Assert.Equal(run, weighed.RunNumber);
        Assert.True(events.IndexOf(weighed) < events.IndexOf(runEvents[0]), "The weighing before was told after the start.");
        Assert.True(events.IndexOf(runEvents[1]) < events.FindIndex(e => e is LedgerEntryAdded { Entry.Kind: LedgerEntryKind.ConsumedByRun }), "The completion was not told before its ledger entry.");
    }

    [Fact]
    public async Task A_subscriber_that_reads_the_store_when_told_sees_the_committed_state()
    {
        await using var host = new ObservedHost();
        var seen = new List<string>();
        host.Events.OnEvent = async (e, ct) =>
        {
            // The store reads on a connection of its own: what it finds is in the database, not in the writer's objects.
            var reader = host.Store;
            switch (e)
            {
                case RunEvent r:
                    var stored = await reader.FindRunByNumberAsync(r.RunNumber, ct);
                    seen.Add($"{e.GetType().Name}: {stored!.Status} v{stored.Version} (told v{r.Version})");
                    break;
                case LedgerEntryAdded l:
                    var spool = await reader.FindSpoolByCodeAsync(l.SpoolCode, ct);
                    seen.Add($"ledger {l.Entry.Sequence}: stored {spool!.Ledger.Any(x => x.Sequence == l.Entry.Sequence)}");
                    break;
            }
        };
        await host.SeedAsync();
        var run = await host.DraftAsync();
        await host.CompleteAsync(run);

        var started = Assert.Single(seen, s => s.StartsWith("RunStarted", StringComparison.Ordinal));
        var completed = Assert.Single(seen, s => s.StartsWith("RunCompleted", StringComparison.Ordinal));
        Assert.Matches(@"^RunStarted: InProgress v(\d+) \(told v\1\)$", started);
        Assert.Matches(@"^RunCompleted: Completed v(\d+) \(told v\1\)$", completed);
        Assert.Equal(3, seen.Count(s => s.StartsWith("ledger", StringComparison.Ordinal)));
        Assert.All(seen.Where(s => s.StartsWith("ledger", StringComparison.Ordinal)), s => Assert.EndsWith("stored True", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_refused_on_a_conflict_tells_nothing_and_counts_a_conflict()
    {
        using var meter = new MeasurementRecorder();
        var clock = new OvertakenClock();
        await using var host = new ObservedHost(time: clock);
        await host.SeedAsync();
        var run = await host.DraftAsync();
        var other = new ProductionService(host.Store);
        clock.Meanwhile = () => other.Runs.SetNotesAsync(run, "changed meanwhile");
        var before = host.Events.Received.Count;

        clock.Arm(1);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => host.Production.Runs.StartAsync(run));

        Assert.Equal("run", conflict.Entity);
        Assert.Equal(before, host.Events.Received.Count);
        var stored = await host.Store.FindRunByNumberAsync(run);
        Assert.Equal(RunStatus.Draft, stored!.Status);
        Assert.Equal("changed meanwhile", stored.Notes);
        Assert.DoesNotContain(meter.OfPrinter(host.Printer), m => m.Instrument == BatchivoTelemetry.RunsStarted);
        Assert.Contains(meter.All, m => m.Instrument == BatchivoTelemetry.StoreConflicts && Equals(m.Tags["batchivo.entity"], "run"));
        Assert.Contains(meter.All, m => m.Instrument == BatchivoTelemetry.StoreCommitDuration && Equals(m.Tags["batchivo.store.outcome"], "conflict"));

        // Started again, it is told once.
        await host.Production.Runs.StartAsync(run);
        Assert.Single(host.Events.Received.OfType<RunStarted>());
    }

    [Fact]
    public async Task A_throwing_subscriber_is_logged_and_neither_fails_the_write_nor_silences_the_others()
    {
        var broken = new ThrowingSubscriber();
        await using var host = new ObservedHost(b => b.AddEventSubscriber(broken));
        await host.SeedAsync();
        var run = await host.DraftAsync();

        var completed = await host.CompleteAsync(run);

        Assert.Equal(RunStatus.Completed, completed.Status);
        Assert.Equal(RunStatus.Completed, (await host.Store.FindRunByNumberAsync(run))!.Status);
        Assert.True(broken.Calls >= 2, $"The broken subscriber was told {broken.Calls} events.");
        Assert.Single(host.Events.Received.OfType<RunCompleted>());
        var failures = host.LogRecords.Where(r => r.Id.Id == 1010).ToList();
        Assert.Equal(broken.Calls, failures.Count);
        Assert.All(failures, r => Assert.IsType<InvalidOperationException>(r.Exception));
        Assert.All(failures, r => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, r.Level));
    }
}
