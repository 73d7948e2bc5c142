using System.Text.Json.Nodes;
using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Printers.Emulators;
using Batchivo.Printers.OctoPrint;

namespace Batchivo.Printers.Tests;

/// <summary>The OctoPrint connector against the OctoPrint emulator (the REST API and the push socket on loopback).</summary>
public sealed class OctoPrintConnectorTests
{
    internal static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_job_started_on_the_printer_is_streamed_with_octoprints_analysis_as_the_estimate_without_invented_grams()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        var (id, started) = await StartWhenConnectedAsync(printer, events, "whistle_v2.gcode");

        Assert.Equal(PrinterJobEventKind.Started, started.Kind);
        Assert.Equal(id, started.JobId);
        Assert.Matches(@"^local/whistle_v2\.gcode@\d+#1$", started.JobId);
        Assert.Equal("whistle_v2.gcode", started.FileName);
        Assert.False(started.FromHistory);
        var estimate = Assert.IsType<SlicedJob>(started.Estimate);
        Assert.Equal("OctoPrint G-code analysis", estimate.SlicerName);
        Assert.Equal(TimeSpan.FromSeconds(1188), estimate.PrintTime);
        var filament = Assert.Single(estimate.Filaments);
        Assert.Equal((1, null, null, 810m, 5360m), (filament.Slot, filament.Material, filament.Grams, filament.LengthMillimetres, filament.VolumeCubicMillimetres));

        // Grams only once a density is known (the run's spool's material): 5.36 cm³ of PLA at 1.24 g/cm³.
        Assert.Equal(Mass.FromGrams(6.65m), filament.GramsFrom(1.24m));
    }

    [Fact]
    public async Task A_file_octoprint_has_not_analysed_gives_no_estimate()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        var (_, started) = await StartWhenConnectedAsync(printer, events, "fresh.gcode", OctoPrintAnalysis.None);

        Assert.Null(started.Estimate);
    }

    [Fact]
    public async Task An_analysis_that_gives_one_filament_without_a_tool_key_is_read_as_the_first_tool()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        var (_, started) = await StartWhenConnectedAsync(printer, events, "whistle_v2.gcode", OctoPrintAnalysis.Unkeyed);

        var filament = Assert.Single(started.Estimate!.Filaments);
        Assert.Equal((1, 810m, 5360m), (filament.Slot, filament.LengthMillimetres, filament.VolumeCubicMillimetres));
    }

    [Theory]
    [InlineData("done", PrinterJobEventKind.Finished, null)]
    [InlineData("cancelled", PrinterJobEventKind.Cancelled, null)]
    [InlineData("error", PrinterJobEventKind.Failed, "error")]
    public async Task A_job_that_ends_is_streamed_with_one_end_of_the_right_kind(string how, PrinterJobEventKind kind, string? detail)
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var (_, started) = await StartWhenConnectedAsync(printer, events, "hook.gcode");

        await printer.EndJobAsync(how);
        // The next job's start comes after everything the end sent (a cancel sends PrintCancelled and PrintFailed).
        var next = await printer.StartJobAsync("next.gcode");
        var seen = await UntilAsync(events, e => e.JobId == next);

        var ended = Assert.Single(seen, e => e.IsEnd);
        Assert.Equal((kind, started.JobId, detail), (ended.Kind, ended.JobId, ended.Detail));
        Assert.True(ended.At >= started.At);
        Assert.Null(ended.FilamentUsed);
    }

    [Fact]
    public async Task Duplicated_and_out_of_order_end_events_make_one_end_only()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var (_, started) = await StartWhenConnectedAsync(printer, events, "hook.gcode");

        // PrintFailed (cancelled) before PrintCancelled, then a stray PrintDone and a replayed PrintStarted of the same job.
        await printer.EventAsync("PrintFailed", new JsonObject { ["reason"] = "cancelled", ["time"] = 12.5 });
        await printer.EventAsync("PrintCancelled", new JsonObject { ["time"] = 12.5 });
        await printer.EventAsync("PrintDone", new JsonObject { ["time"] = 12.5 });
        await printer.EndJobAsync("cancelled", announce: false);
        await printer.EventAsync("PrintStarted");
        var next = await printer.StartJobAsync("next.gcode");
        var seen = await UntilAsync(events, e => e.JobId == next);

        var ended = Assert.Single(seen, e => e.IsEnd);
        Assert.Equal((PrinterJobEventKind.Cancelled, started.JobId), (ended.Kind, ended.JobId));
        Assert.DoesNotContain(seen, e => e.Kind == PrinterJobEventKind.Started && e.JobId != next);
    }

    [Fact]
    public async Task Each_print_of_the_same_file_is_another_job_numbered_by_the_files_print_history()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var (_, first) = await StartWhenConnectedAsync(printer, events, "hook.gcode");
        await printer.EndJobAsync("error");
        await NextAsync(events, e => e.IsEnd);

        var id = await printer.StartJobAsync("hook.gcode");
        var second = await NextAsync(events, e => e.Kind == PrinterJobEventKind.Started);

        Assert.EndsWith("#1", first.JobId, StringComparison.Ordinal);
        Assert.Equal(id, second.JobId);
        Assert.EndsWith("#2", second.JobId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pauses_resumes_and_progress_are_streamed_for_the_running_job()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var (_, started) = await StartWhenConnectedAsync(printer, events, "hook.gcode");

        await printer.ProgressAsync(25m);
        var progress = await NextAsync(events, _ => true);
        await printer.ProgressAsync(26m); // under the 5 % step: not streamed
        await printer.SetPausedAsync(true);
        var paused = await NextAsync(events, _ => true);
        await printer.SetPausedAsync(false);
        var resumed = await NextAsync(events, _ => true);

        Assert.Equal((PrinterJobEventKind.Progress, 0.25m, started.JobId), (progress.Kind, progress.Progress!.Value, progress.JobId));
        Assert.Equal((PrinterJobEventKind.Paused, started.JobId), (paused.Kind, paused.JobId));
        Assert.Equal((PrinterJobEventKind.Resumed, started.JobId), (resumed.Kind, resumed.JobId));
    }

    [Fact]
    public async Task The_status_names_the_running_job_by_its_id()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        var idle = await connector.GetStatusAsync();
        var id = await printer.StartJobAsync("hook.gcode");
        await printer.ProgressAsync(50m);

        var printing = await connector.GetStatusAsync();

        Assert.Equal(PrinterActivity.Idle, idle.Activity);
        Assert.Null(idle.Job);
        Assert.Equal(PrinterActivity.Printing, printing.Activity);
        Assert.Equal(("hook.gcode", 0.5m, id), (printing.Job!.FileName, printing.Job.Progress, printing.Job.JobId));
    }

    [Fact]
    public async Task A_reconnect_mid_job_finds_the_job_under_the_same_id_and_its_end_comes_once()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        PrinterJobEvent started;
        await using (var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token))
        {
            (_, started) = await StartWhenConnectedAsync(printer, events, "hook.gcode");
            printer.DropConnections();
            await Assert.ThrowsAsync<PrinterException>(async () => await NextAsync(events, _ => true));
        }

        // A new connector too: what a host restart would bring.
        await using var again = Connect(printer.Url);
        await using var resumed = again.WatchAsync(started.At, bound.Token).GetAsyncEnumerator(bound.Token);
        var found = await NextAsync(resumed, _ => true);
        await printer.EndJobAsync("done");
        var ended = await NextAsync(resumed, e => e.IsEnd);
        var next = await printer.StartJobAsync("next.gcode");
        var after = await UntilAsync(resumed, e => e.JobId == next);

        Assert.Equal((PrinterJobEventKind.Started, started.JobId), (found.Kind, found.JobId));
        Assert.Equal((PrinterJobEventKind.Finished, started.JobId), (ended.Kind, ended.JobId));
        Assert.DoesNotContain(after, e => e.IsEnd);
    }

    [Theory]
    [InlineData("done", PrinterJobEventKind.Finished)]
    [InlineData("cancelled", PrinterJobEventKind.Failed)] // OctoPrint's print history tells a success from a failure, not a cancel from an error
    public async Task A_job_that_ended_while_nobody_watched_is_reported_from_the_files_print_history_under_its_id(string how, PrinterJobEventKind kind)
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        PrinterJobEvent started;
        await using (var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token))
        {
            (_, started) = await StartWhenConnectedAsync(printer, events, "hook.gcode");
        }

        await printer.EndJobAsync(how, announce: false);
        await using var again = Connect(printer.Url);
        await using var resumed = again.WatchAsync(started.At, bound.Token).GetAsyncEnumerator(bound.Token);
        var seen = new[] { await NextAsync(resumed, _ => true), await NextAsync(resumed, _ => true) };

        Assert.Equal([(PrinterJobEventKind.Started, started.JobId), (kind, started.JobId)], seen.Select(e => (e.Kind, e.JobId)));
        Assert.All(seen, e => Assert.True(e.FromHistory));
    }

    [Fact]
    public async Task With_nothing_seen_before_a_job_that_already_ended_is_not_reported()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await printer.StartJobAsync("old.gcode", announce: false);
        await printer.EndJobAsync(announce: false);
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        var (id, first) = await StartWhenConnectedAsync(printer, events, "now.gcode");

        Assert.Equal((PrinterJobEventKind.Started, id), (first.Kind, first.JobId));
    }

    [Fact]
    public async Task The_socket_subscribes_to_the_job_events_only_before_it_authenticates()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        await StartWhenConnectedAsync(printer, events, "hook.gcode");

        var subscription = JsonNode.Parse(Assert.Single(printer.Subscriptions))!;
        Assert.Equal(
            ["PrintStarted", "PrintDone", "PrintFailed", "PrintCancelled", "PrintPaused", "PrintResumed"],
            subscription["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.False(subscription["state"]!["logs"]!.GetValue<bool>());
    }

    internal static OctoPrintConnector Connect(Uri url, string apiKey = "octo-key", Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Url"] = url.ToString();
        settings["ApiKey"] = apiKey;
        // Generous on a busy machine (the default is 10 s): a slow answer is not what these tests check.
        settings.TryAdd("RequestTimeout", "00:00:45");
        return OctoPrintPrinterPlugin.Create(new PrinterConnectionSettings("Prusa", "octoprint", PluginSettings.Of(settings)));
    }

    /// <summary>Starts the first event's reading (which connects), waits for the connection, then starts a job and returns its start.</summary>
    internal static async Task<(string Id, PrinterJobEvent Started)> StartWhenConnectedAsync(OctoPrintEmulator printer, IAsyncEnumerator<PrinterJobEvent> events, string file, OctoPrintAnalysis analysis = OctoPrintAnalysis.ByTool)
    {
        var first = events.MoveNextAsync().AsTask();
        using var bound = new CancellationTokenSource(Bound);
        while (printer.Connections == 0 && !first.IsCompleted)
        {
            await Task.Delay(20, bound.Token);
        }

        var id = await printer.StartJobAsync(file, analysis: analysis);
        Assert.True(await first);
        return (id, events.Current);
    }

    internal static async Task<PrinterJobEvent> NextAsync(IAsyncEnumerator<PrinterJobEvent> events, Func<PrinterJobEvent, bool> match)
    {
        while (await events.MoveNextAsync())
        {
            if (match(events.Current))
            {
                return events.Current;
            }
        }

        throw new Xunit.Sdk.XunitException("The stream ended.");
    }

    /// <summary>The events up to and with the first that matches.</summary>
    private static async Task<List<PrinterJobEvent>> UntilAsync(IAsyncEnumerator<PrinterJobEvent> events, Func<PrinterJobEvent, bool> match)
    {
        var seen = new List<PrinterJobEvent>();
        while (await events.MoveNextAsync())
        {
            seen.Add(events.Current);
            if (match(events.Current))
            {
                return seen;
            }
        }

        throw new Xunit.Sdk.XunitException("The stream ended.");
    }
}
