using System.Text.Json.Nodes;
using Batchivo.Devices;
using Batchivo.Printers.Emulators;
using static Batchivo.Printers.Tests.PrusaLinkTesting;

namespace Batchivo.Printers.Tests;

/// <summary>The PrusaLink connector's jobs against the PrusaLink emulator (HTTP with digest authentication on loopback).</summary>
public sealed class PrusaLinkConnectorTests
{
    [Fact]
    public async Task A_job_started_on_the_printer_is_streamed_with_the_estimates_of_its_file_meta()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        var started = await StartWhenWatchedAsync(printer, events, "TabletStand3.bgcode");

        Assert.Equal(PrinterJobEventKind.Started, started.Kind);
        Assert.Equal($"{PrusaLinkEmulator.FirstJobId}@1698686881", started.JobId);
        Assert.Equal("TabletStand3.bgcode", started.FileName);
        Assert.False(started.FromHistory);
        var estimate = Assert.IsType<SlicedJob>(started.Estimate);
        var filament = Assert.Single(estimate.Filaments);
        Assert.Equal(Mass.FromGrams(15.42m), filament.Grams);
        Assert.Equal("PLA", filament.Material);
        Assert.Equal(5142.06m, filament.LengthMillimetres);
        Assert.Equal(TimeSpan.FromSeconds(25421), estimate.PrintTime);
    }

    [Fact]
    public async Task Estimates_come_per_tool_when_the_meta_gives_them_and_the_time_from_the_slicers_words()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var meta = new JsonObject
        {
            ["estimated printing time (normal mode)"] = "1h 39m 7s",
            ["filament used [g] per tool"] = new JsonArray(10.5, 4.92),
            ["filament used [mm] per tool"] = new JsonArray(3500.1, 1640.2),
            ["filament_type per tool"] = new JsonArray("PLA", "PETG"),
        };

        var started = await StartWhenWatchedAsync(printer, events, "two-colours.gcode", meta);

        var estimate = Assert.IsType<SlicedJob>(started.Estimate);
        Assert.Equal(
            [(1, "PLA", Mass.FromGrams(10.5m), 3500.1m), (2, "PETG", Mass.FromGrams(4.92m), 1640.2m)],
            estimate.Filaments.Select(f => (f.Slot, f.Material, f.Grams!.Value, f.LengthMillimetres!.Value)));
        Assert.Equal(new TimeSpan(1, 39, 7), estimate.PrintTime);
    }

    [Fact]
    public async Task A_file_without_meta_is_streamed_without_estimates()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        var started = await StartWhenWatchedAsync(printer, events, "bare.gcode", withMeta: false);

        Assert.Equal("bare.gcode", started.FileName);
        Assert.Null(started.Estimate);
    }

    [Theory]
    [InlineData("FINISHED", null, PrinterJobEventKind.Finished, null)]
    [InlineData("STOPPED", null, PrinterJobEventKind.Cancelled, null)]
    [InlineData("ERROR", "Thermal runaway", PrinterJobEventKind.Failed, "Thermal runaway")]
    [InlineData("ERROR", null, PrinterJobEventKind.Failed, "ERROR")]
    public async Task A_job_that_ends_is_streamed_with_its_end(string state, string? message, PrinterJobEventKind kind, string? detail)
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var started = await StartWhenWatchedAsync(printer, events, "hook.gcode");

        printer.EndJob(state, message);
        var ended = await NextAsync(events, e => e.IsEnd);

        Assert.Equal((kind, started.JobId, detail), (ended.Kind, ended.JobId, ended.Detail));
        Assert.Equal(started.Estimate!.Filaments, ended.Estimate!.Filaments);
        Assert.Null(ended.FilamentUsed);
        Assert.True(ended.At >= started.At);
    }

    [Fact]
    public async Task A_job_whose_own_state_ends_before_the_printers_is_ended_once()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var started = await StartWhenWatchedAsync(printer, events, "one.gcode");

        printer.EndJob("FINISHED", jobFirst: true);
        var ended = await NextAsync(events);
        var next = "";
        var after = await NextAfterPollsAsync(printer, events, (3, () => printer.EndJob("FINISHED")), (3, () => next = Key(printer.StartJob("two.gcode"))));

        Assert.Equal((PrinterJobEventKind.Finished, started.JobId), (ended.Kind, ended.JobId));
        Assert.Equal((PrinterJobEventKind.Started, next), (after.Kind, after.JobId));
    }

    [Theory]
    [InlineData("FINISHED", PrinterJobEventKind.Finished)]
    [InlineData("ERROR", PrinterJobEventKind.Failed)]
    public async Task A_job_whose_printer_ends_before_the_jobs_own_state_is_ended_by_the_printers_state(string state, PrinterJobEventKind kind)
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var started = await StartWhenWatchedAsync(printer, events, "one.gcode");

        printer.EndJob(state, printerFirst: true);
        var ended = await NextAsync(events);
        var next = "";
        var after = await NextAfterPollsAsync(printer, events, (3, () => printer.EndJob(state)), (3, () => next = Key(printer.StartJob("two.gcode"))));

        Assert.Equal((kind, started.JobId), (ended.Kind, ended.JobId));
        Assert.Equal((PrinterJobEventKind.Started, next), (after.Kind, after.JobId));
    }

    [Fact]
    public async Task Pauses_attention_resumes_and_progress_are_streamed_for_the_running_job()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var started = await StartWhenWatchedAsync(printer, events, "hook.gcode");

        printer.SetProgress(25m);
        var progress = await NextAsync(events);
        // 26 % is under the 5 % step: not streamed.
        var paused = await NextAfterPollsAsync(printer, events, (0, () => printer.SetProgress(26m)), (3, () => printer.SetState("PAUSED")));
        printer.SetState("PRINTING");
        var resumed = await NextAsync(events);
        printer.SetState("ATTENTION", "Filament runout");
        var attention = await NextAsync(events);
        printer.SetState("PRINTING");
        var again = await NextAsync(events);

        Assert.Equal((PrinterJobEventKind.Progress, 0.25m, started.JobId), (progress.Kind, progress.Progress!.Value, progress.JobId));
        Assert.Equal(PrinterJobEventKind.Paused, paused.Kind);
        Assert.Equal(PrinterJobEventKind.Resumed, resumed.Kind);
        Assert.Equal((PrinterJobEventKind.Paused, "the printer needs attention: Filament runout"), (attention.Kind, attention.Detail));
        Assert.Equal((PrinterJobEventKind.Resumed, started.JobId), (again.Kind, again.JobId));
    }

    [Fact]
    public async Task The_same_state_over_many_polls_is_one_start_and_one_end()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var started = await StartWhenWatchedAsync(printer, events, "one.gcode");

        var ended = await NextAfterPollsAsync(printer, events, (5, () => printer.EndJob("FINISHED")));
        PrusaLinkEmulatedJob? second = null;
        var next = await NextAfterPollsAsync(printer, events, (5, () => second = printer.StartJob("two.gcode")));

        Assert.Equal((PrinterJobEventKind.Finished, started.JobId), (ended.Kind, ended.JobId));
        Assert.Equal((PrinterJobEventKind.Started, Key(second!)), (next.Kind, next.JobId));
    }

    [Fact]
    public async Task The_status_names_the_running_job_by_its_id()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync(apiKey: "key-1");
        await using var connector = Connect(printer.Url, user: null, password: null, apiKey: "key-1");
        var idle = await connector.GetStatusAsync();
        var job = printer.StartJob("hook.gcode");
        printer.SetProgress(50m);

        var printing = await connector.GetStatusAsync();

        Assert.Equal(PrinterActivity.Idle, idle.Activity);
        Assert.Null(idle.Job);
        Assert.Equal(PrinterActivity.Printing, printing.Activity);
        Assert.Equal(("hook.gcode", 0.5m, Key(job)), (printing.Job!.FileName, printing.Job.Progress, printing.Job.JobId));
        Assert.NotNull(printing.Job.Remaining);
    }

    [Fact]
    public async Task A_job_id_that_repeats_after_a_reboot_is_told_apart_by_its_file()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var first = await StartWhenWatchedAsync(printer, events, "one.gcode");
        printer.EndJob("FINISHED");
        await NextAsync(events, e => e.IsEnd);

        PrusaLinkEmulatedJob? second = null;
        var started = await NextAfterPollsAsync(printer, events, (0, printer.Reboot), (2, () => second = printer.StartJob("two.gcode")));

        Assert.Equal(PrusaLinkEmulator.FirstJobId, second!.Id);
        Assert.Equal((PrinterJobEventKind.Started, Key(second)), (started.Kind, started.JobId));
        Assert.NotEqual(first.JobId, started.JobId);
    }

    [Fact]
    public async Task A_job_still_shown_ended_is_reported_with_its_end_when_watching_resumes_from_before_it()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        var job = printer.StartJob("unwatched.gcode");
        printer.EndJob("STOPPED");
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(DateTimeOffset.UnixEpoch.AddYears(55), bound.Token).GetAsyncEnumerator(bound.Token);

        var started = await NextAsync(events);
        var ended = await NextAsync(events);

        Assert.Equal((PrinterJobEventKind.Started, Key(job), true), (started.Kind, started.JobId, started.FromHistory));
        Assert.Equal((PrinterJobEventKind.Cancelled, Key(job), true), (ended.Kind, ended.JobId, ended.FromHistory));
    }

    [Fact]
    public async Task With_nothing_seen_before_a_job_shown_ended_is_not_reported_only_a_running_one()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        printer.StartJob("old.gcode");
        printer.EndJob("FINISHED");
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        var first = events.MoveNextAsync().AsTask();
        await PolledAsync(printer, first, polls: 3);
        var running = printer.StartJob("now.gcode");
        Assert.True(await first);
        var started = events.Current;
        printer.EndJob("FINISHED");
        var ended = await NextAsync(events);

        Assert.Equal((PrinterJobEventKind.Started, Key(running), false), (started.Kind, started.JobId, started.FromHistory));
        Assert.Equal((PrinterJobEventKind.Finished, Key(running)), (ended.Kind, ended.JobId));
    }
}
