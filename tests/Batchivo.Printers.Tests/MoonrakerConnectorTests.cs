using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Printers.Emulators;
using Batchivo.Printers.Moonraker;

namespace Batchivo.Printers.Tests;

/// <summary>The Moonraker connector against the Moonraker emulator (HTTP and the websocket JSON-RPC API on loopback).</summary>
public sealed class MoonrakerConnectorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_job_started_on_the_printer_is_streamed_with_the_estimates_of_its_file_metadata()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        var started = await StartWhenConnectedAsync(printer, events, "hook_x4_0.2mm_PLA_MK3S_1h39m.gcode");

        Assert.Equal(PrinterJobEventKind.Started, started.Kind);
        Assert.Equal("0000BF", started.JobId);
        Assert.False(started.FromHistory);
        var estimate = Assert.IsType<SlicedJob>(started.Estimate);
        Assert.Equal("PrusaSlicer 2.7.1+win64", estimate.SlicerName);
        var filament = Assert.Single(estimate.Filaments);
        Assert.Equal(Mass.FromGrams(27.32m), filament.Grams);
        Assert.Equal("PLA", filament.Material);
        Assert.Equal(9159.55m, filament.LengthMillimetres);
        Assert.Equal(TimeSpan.FromSeconds(5947), estimate.PrintTime);
    }

    [Theory]
    [InlineData("completed", PrinterJobEventKind.Finished, null)]
    [InlineData("cancelled", PrinterJobEventKind.Cancelled, null)]
    [InlineData("error", PrinterJobEventKind.Failed, "error")]
    [InlineData("klippy_shutdown", PrinterJobEventKind.Failed, "klippy_shutdown")]
    public async Task A_job_that_ends_is_streamed_with_its_end_and_the_filament_the_printer_counted(string status, PrinterJobEventKind kind, string? detail)
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var started = await StartWhenConnectedAsync(printer, events, "hook.gcode");

        // Half the slicer's length: half its grams, at the file's own grams per millimetre.
        await printer.EndJobAsync(status, 9159.55m / 2);
        var ended = await NextAsync(events, e => e.IsEnd);

        Assert.Equal(kind, ended.Kind);
        Assert.Equal(started.JobId, ended.JobId);
        Assert.Equal(detail, ended.Detail);
        Assert.Equal(Mass.FromGrams(13.66m), ended.FilamentUsed);
        Assert.True(ended.At >= started.At);
    }

    [Fact]
    public async Task Pauses_resumes_and_progress_are_streamed_for_the_running_job()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var started = await StartWhenConnectedAsync(printer, events, "hook.gcode");

        await printer.ProgressAsync(0.25m);
        var progress = await NextAsync(events, _ => true);
        await printer.ProgressAsync(0.26m); // under the 5 % step: not streamed
        await printer.SetPausedAsync(true);
        var paused = await NextAsync(events, _ => true);
        await printer.SetPausedAsync(false);
        var resumed = await NextAsync(events, _ => true);

        Assert.Equal((PrinterJobEventKind.Progress, 0.25m, started.JobId), (progress.Kind, progress.Progress!.Value, progress.JobId));
        Assert.Equal(PrinterJobEventKind.Paused, paused.Kind);
        Assert.Equal(PrinterJobEventKind.Resumed, resumed.Kind);
    }

    [Fact]
    public async Task The_status_names_the_running_job_by_its_id()
    {
        await using var printer = await MoonrakerEmulator.StartAsync(apiKey: "key-1");
        await using var connector = Connect(printer.Url, "key-1");
        var idle = await connector.GetStatusAsync();
        var id = await printer.StartJobAsync("hook.gcode");
        await printer.ProgressAsync(0.5m);

        var printing = await connector.GetStatusAsync();

        Assert.Equal(PrinterActivity.Idle, idle.Activity);
        Assert.Null(idle.Job);
        Assert.Equal(PrinterActivity.Printing, printing.Activity);
        Assert.Equal(("hook.gcode", 0.5m, id), (printing.Job!.FileName, printing.Job.Progress, printing.Job.JobId));
    }

    [Fact]
    public async Task Jobs_that_ran_while_nobody_watched_come_from_the_history_since_the_last_one_seen()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        var first = await printer.StartJobAsync("one.gcode", announce: false);
        await printer.EndJobAsync(announce: false);
        var second = await printer.StartJobAsync("two.gcode", announce: false);
        await printer.EndJobAsync("cancelled", 10m, announce: false);
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(DateTimeOffset.UnixEpoch.AddYears(30), bound.Token).GetAsyncEnumerator(bound.Token);

        var seen = new List<PrinterJobEvent>();
        for (var i = 0; i < 4; i++)
        {
            seen.Add(await NextAsync(events, _ => true));
        }

        Assert.Equal(
            [(first, PrinterJobEventKind.Started), (first, PrinterJobEventKind.Finished), (second, PrinterJobEventKind.Started), (second, PrinterJobEventKind.Cancelled)],
            seen.Select(e => (e.JobId, e.Kind)));
        Assert.All(seen, e => Assert.True(e.FromHistory));
        Assert.Contains(printer.HistoryQueries, q => q.Contains("since=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_nothing_seen_before_only_the_running_job_counts_not_the_printers_old_history()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await printer.StartJobAsync("old.gcode", announce: false);
        await printer.EndJobAsync(announce: false);
        var running = await printer.StartJobAsync("now.gcode", announce: false);
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);

        var first = await NextAsync(events, _ => true);
        await printer.EndJobAsync();
        var second = await NextAsync(events, _ => true);

        Assert.Equal((running, PrinterJobEventKind.Started), (first.JobId, first.Kind));
        Assert.Equal((running, PrinterJobEventKind.Finished), (second.JobId, second.Kind));
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused_as_unauthorized_without_showing_the_key()
    {
        await using var printer = await MoonrakerEmulator.StartAsync(apiKey: "the-right-key");
        await using var connector = Connect(printer.Url, "a-wrong-key");

        var watch = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());
        var status = await Assert.ThrowsAsync<PrinterException>(() => connector.GetStatusAsync());

        foreach (var error in new[] { watch, status })
        {
            Assert.Equal(PrinterFault.Unauthorized, error.Fault);
            Assert.False(error.Transient);
            Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("a-wrong-key", error.Message, StringComparison.Ordinal);
        }

        Assert.True(printer.Refused >= 2);
    }

    [Fact]
    public async Task A_printer_that_is_off_is_unreachable_and_says_to_check_it()
    {
        await using var printer = await MoonrakerEmulator.StartAsync(online: false);
        await using var connector = Connect(printer.Url);

        var error = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());

        Assert.Equal(PrinterFault.Unreachable, error.Fault);
        Assert.True(error.Transient);
        Assert.Contains(printer.Url.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_messages_are_skipped_and_the_jobs_after_them_still_come()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        await StartWhenConnectedAsync(printer, events, "one.gcode");

        await printer.SendRawAsync("{\"jsonrpc\": \"2.0\", \"method\": \"notify_history_changed\", \"params\": [{\"action\": \"finished\", \"job\": ");
        await printer.SendRawAsync("[1, 2, 3]");
        await printer.SendRawAsync("{\"jsonrpc\": \"2.0\", \"method\": \"notify_history_changed\", \"params\": [{\"action\": \"finished\", \"job\": {\"status\": 7}}]}");
        await printer.EndJobAsync();
        var ended = await NextAsync(events, e => e.Kind != PrinterJobEventKind.Started);

        Assert.Equal(PrinterJobEventKind.Finished, ended.Kind);
    }

    [Fact]
    public async Task An_oversized_message_ends_the_connection_with_a_protocol_fault()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var connector = Connect(printer.Url, settings: new() { ["MaxMessageBytes"] = "4096" });
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        await StartWhenConnectedAsync(printer, events, "one.gcode");

        await printer.SendRawAsync("{\"jsonrpc\": \"2.0\", \"method\": \"notify_status_update\", \"params\": [{\"pad\": \"" + new string('x', 100_000) + "\"}]}");
        var error = await Assert.ThrowsAsync<PrinterException>(async () => await events.MoveNextAsync());

        Assert.Equal(PrinterFault.Protocol, error.Fault);
        Assert.Contains("4096", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Url")]
    [InlineData("ftp://printer/", "Url")]
    [InlineData("not a url", "Url")]
    public void Settings_without_a_usable_address_are_refused_with_what_to_give(string? url, string key)
    {
        var settings = new Dictionary<string, string?>();
        if (url is not null)
        {
            settings["Url"] = url;
        }

        var error = Assert.Throws<PrinterSettingsException>(() => MoonrakerPrinterPlugin.Create(new PrinterConnectionSettings("Voron", "moonraker", PluginSettings.Of(settings))));

        Assert.Equal(("Voron", key), (error.Printer, error.Key));
        Assert.Contains("7125", error.Message, StringComparison.Ordinal);
    }

    internal static MoonrakerConnector Connect(Uri url, string? apiKey = null, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Url"] = url.ToString();

        // Generous on a busy machine (the default is 10 s): a slow answer is not what these tests check.
        settings.TryAdd("RequestTimeout", "00:00:45");
        if (apiKey is not null)
        {
            settings["ApiKey"] = apiKey;
        }

        return MoonrakerPrinterPlugin.Create(new PrinterConnectionSettings("Voron", "moonraker", PluginSettings.Of(settings)));
    }

    /// <summary>Starts the first event's reading (which connects), waits for the connection, then starts a job and returns its start.</summary>
    private static async Task<PrinterJobEvent> StartWhenConnectedAsync(MoonrakerEmulator printer, IAsyncEnumerator<PrinterJobEvent> events, string file)
    {
        var first = events.MoveNextAsync().AsTask();
        using var bound = new CancellationTokenSource(Bound);
        while (printer.Connections == 0 && !first.IsCompleted)
        {
            await Task.Delay(20, bound.Token);
        }

        var id = await printer.StartJobAsync(file);
        Assert.True(await first);
        Assert.Equal(id, events.Current.JobId);
        return events.Current;
    }

    private static async Task<PrinterJobEvent> NextAsync(IAsyncEnumerator<PrinterJobEvent> events, Func<PrinterJobEvent, bool> match)
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
}
