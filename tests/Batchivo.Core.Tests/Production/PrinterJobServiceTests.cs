using Batchivo.Catalog;
using Batchivo.Core.Tests.Support;
using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Production;
using FsCheck;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Production;

/// <summary>The decisions of the printer tracker, on Core's in-memory store: which run a job takes, and idempotence on the job id.</summary>
public sealed class PrinterJobServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly PrinterConnectionSettings Voron = new("Voron", "moonraker", PluginSettings.Of([]));

    /// <summary>
    /// Three jobs' starts and ends, each sent one to three times, in any order: each job has exactly one run, each run
    /// records exactly one end, and that end is the job's own.
    /// </summary>
    [Property(MaxTest = 150)]
    public void Any_order_and_any_repetition_of_the_events_gives_one_run_per_job_and_one_end_each(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var ends = new[] { PrinterJobEventKind.Finished, PrinterJobEventKind.Failed, PrinterJobEventKind.Cancelled };
        var events = Enumerable.Range(0, 3).SelectMany(j => new[]
        {
            new PrinterJobEvent(PrinterJobEventKind.Started, $"J{j}", $"part{j}.gcode", T0.AddHours(j)),
            new PrinterJobEvent(ends[j], $"J{j}", $"part{j}.gcode", T0.AddHours(j).AddMinutes(30)),
        }).SelectMany(e => Enumerable.Repeat(e, random.Next(1, 4))).OrderBy(_ => random.Next()).ToList();
        var (service, store) = Service();

        foreach (var e in events)
        {
            service.HandleAsync(Voron, e).GetAwaiter().GetResult();
        }

        var runs = store.ListRunsAsync(new Batchivo.Storage.RunQuery()).Result;
        Assert.Equal(["J0", "J1", "J2"], runs.Select(r => r.PrinterJob!.JobId).Order());
        foreach (var run in runs)
        {
            var j = int.Parse(run.PrinterJob!.JobId[1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((PrintEnd)j, run.PrinterJob.End);
            Assert.Equal(2, run.PrinterJob.TrailLinesList.Count); // its start and its one end
        }

        Assert.Equal(RunStatus.InProgress, runs.Single(r => r.PrinterJob!.JobId == "J0").Status); // waits for its weights
        Assert.Equal(RunStatus.Failed, runs.Single(r => r.PrinterJob!.JobId == "J1").Status); // no spools to weigh
        Assert.Equal(RunStatus.Cancelled, runs.Single(r => r.PrinterJob!.JobId == "J2").Status);
    }

    [Fact]
    public async Task A_job_takes_the_oldest_draft_of_its_printer_not_a_draft_of_another_printer()
    {
        var (service, store) = Service();
        var runs = new RunService(store, new FixedClock(T0));
        await new CatalogService(store).AddPrinterAsync("Prusa", "MK4");
        var other = await runs.CreateRunAsync("Prusa");
        var oldest = await runs.CreateRunAsync("Voron");
        var newer = await runs.CreateRunAsync("Voron");

        var decision = await service.HandleAsync(Voron, new PrinterJobEvent(PrinterJobEventKind.Started, "0000BF", "hook.gcode", T0));

        Assert.True(decision.Changed);
        Assert.Equal(oldest.Number, decision.Run!.Number);
        Assert.Equal(RunStatus.InProgress, decision.Run.Status);
        Assert.Equal(T0, decision.Run.StartedAt);
        Assert.Equal(RunStatus.Draft, (await store.FindRunByNumberAsync(other.Number))!.Status);
        Assert.Equal(RunStatus.Draft, (await store.FindRunByNumberAsync(newer.Number))!.Status);
    }

    [Fact]
    public async Task A_job_first_seen_printing_starts_a_run_now_and_says_so()
    {
        var (service, _) = Service();

        var decision = await service.HandleAsync(Voron, new PrinterJobEvent(PrinterJobEventKind.Progress, "000007", "late.gcode", T0.AddDays(-1), 0.4m));
        var again = await service.HandleAsync(Voron, new PrinterJobEvent(PrinterJobEventKind.Progress, "000007", "late.gcode", T0, 0.45m));

        Assert.Equal(T0, decision.Run!.StartedAt);
        Assert.Contains("found already printing", decision.Message, StringComparison.Ordinal);
        Assert.False(again.Changed);
        Assert.Contains("is at 45 %", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resuming_after_a_restart_starts_from_the_earliest_job_still_open_else_the_latest_end()
    {
        var (service, _) = Service();
        Assert.Null(await service.LastSeenAsync("Voron"));

        await service.HandleAsync(Voron, new PrinterJobEvent(PrinterJobEventKind.Started, "A", "a.gcode", T0));
        await service.HandleAsync(Voron, new PrinterJobEvent(PrinterJobEventKind.Finished, "A", "a.gcode", T0.AddHours(1)));
        var afterEnd = await service.LastSeenAsync("Voron");
        await service.HandleAsync(Voron, new PrinterJobEvent(PrinterJobEventKind.Started, "B", "b.gcode", T0.AddHours(2)));
        var whileOpen = await service.LastSeenAsync("Voron");

        Assert.Equal(T0.AddHours(1), afterEnd);
        Assert.Equal(T0.AddHours(2), whileOpen);
    }

    [Fact]
    public async Task An_event_for_a_printer_not_in_the_catalog_is_refused_and_stores_nothing()
    {
        var (service, store) = Service();

        await Assert.ThrowsAsync<NotFoundException>(() => service.HandleAsync(Voron with { PrinterName = "Ghost" }, new PrinterJobEvent(PrinterJobEventKind.Started, "A", "a.gcode", T0)));

        Assert.Empty(await store.ListRunsAsync(new Batchivo.Storage.RunQuery()));
    }

    private static (PrinterJobService Service, InMemoryStore Store) Service()
    {
        var store = new InMemoryStore();
        new CatalogService(store).AddPrinterAsync("Voron", "Voron 2.4").GetAwaiter().GetResult();
        return (new PrinterJobService(store, new FixedClock(T0)), store);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
