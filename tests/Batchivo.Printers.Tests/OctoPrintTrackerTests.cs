using Batchivo.Catalog;
using Batchivo.Hosting.Printers;
using Batchivo.Printers.Emulators;
using Batchivo.Production;

namespace Batchivo.Printers.Tests;

/// <summary>
/// The printer tracker in a host built from the real plugin folders, on a real SQLite file, following the OctoPrint
/// emulator: runs open and close from jobs, and no fault loses or duplicates a run.
/// </summary>
public sealed class OctoPrintTrackerTests
{
    private const string Key = "octo-key";

    [Fact]
    public async Task A_job_opens_a_run_named_after_its_file_and_its_end_leaves_the_run_waiting_for_its_weights()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(Key);
        await using var host = await StartHostAsync(printer);
        host.Watch();
        await host.WatchingAsync();

        var job = await printer.StartJobAsync("whistle_v2.gcode");
        var started = await host.RunOfJobAsync(job);
        await printer.EndJobAsync("done");
        var ended = await host.RunOfJobAsync(job, r => r.PrinterJob!.End is not null);

        Assert.Equal(RunStatus.InProgress, started.Status);
        Assert.Equal("Printed whistle_v2.gcode", started.Notes);
        Assert.Equal(TimeSpan.FromSeconds(1188), started.EstimatedDuration);
        Assert.Contains($"started by octoprint job {job} (whistle_v2.gcode)", started.PrinterJob!.Trail, StringComparison.Ordinal);
        Assert.Equal(PrintEnd.Finished, ended.PrinterJob!.End);
        Assert.True(ended.AwaitsWeightsAfter);
        Assert.Single(await host.RunsAsync());
    }

    [Fact]
    public async Task A_job_takes_the_waiting_draft_with_grams_from_octoprints_volume_at_the_spools_density()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(Key);
        await using var host = await StartHostAsync(printer);
        var draft = await PlanDraftAsync(host);
        host.Watch();
        await host.WatchingAsync();

        var job = await printer.StartJobAsync("whistle_v2.gcode");
        var run = await host.RunOfJobAsync(job);

        Assert.Equal(draft.Number, run.Number);
        Assert.Equal(EstimateSource.Slicer, run.EstimateSource);
        // 5.36 cm³ of PLA at its usual 1.24 g/cm³: OctoPrint gives no grams, the spool's material gives the density.
        Assert.Equal(Mass.FromGrams(6.65m), Assert.Single(run.Materials).EstimatedTotal);
    }

    [Fact]
    public async Task A_user_cancel_sends_two_events_and_cancels_the_run_once()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(Key);
        await using var host = await StartHostAsync(printer);
        host.Watch();
        await host.WatchingAsync();

        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);
        await printer.EndJobAsync("cancelled");
        var run = await host.RunOfJobAsync(job, r => r.IsFinal);
        // One more job after it: once it is tracked, both end events of the cancel have been handled.
        var next = await printer.StartJobAsync("next.gcode");
        await host.RunOfJobAsync(next);

        run = (await host.RunsAsync()).Single(r => r.PrinterJob!.JobId == job);
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal(1, run.PrinterJob!.TrailLinesList.Count(l => l.Contains("cancelled", StringComparison.Ordinal) && l.Contains(job, StringComparison.Ordinal)));
        Assert.Equal(2, (await host.RunsAsync()).Count);
        Assert.DoesNotContain(host.Logs, l => l.Contains("already has the end", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_printer_offline_at_start_is_retried_and_its_job_tracked_once_it_is_on()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(Key, online: false);
        await using var host = await StartHostAsync(printer);
        host.Watch();
        var error = await host.WaitForAsync(() => Task.FromResult(host.Tracker!.States.Single() is { Link: PrinterLink.Reconnecting, LastError: { } e } ? e : null), "a failed connection");

        await printer.ComeOnlineAsync();
        await host.WatchingAsync();
        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);

        Assert.Contains("cannot be reached", error, StringComparison.Ordinal);
        Assert.Single(await host.RunsAsync());
    }

    [Fact]
    public async Task A_disconnect_mid_job_and_a_reconnect_after_it_ended_close_the_run_once_from_the_files_print_history()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(Key);
        await using var host = await StartHostAsync(printer);
        host.Watch();
        await host.WatchingAsync();
        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);

        await printer.GoOfflineAsync();
        await printer.EndJobAsync("done", announce: false);
        await printer.ComeOnlineAsync();
        var run = await host.RunOfJobAsync(job, r => r.PrinterJob!.End is not null);

        Assert.Equal(PrintEnd.Finished, run.PrinterJob!.End);
        Assert.Single(await host.RunsAsync());
        Assert.True(printer.ConnectionsAccepted >= 2);
    }

    [Fact]
    public async Task A_host_restart_finds_the_running_job_under_its_id_and_closes_its_run_without_a_second_one()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(Key);
        var folder = Directory.CreateTempSubdirectory("batchivo-printers-").FullName;
        string job;
        await using (var host = await StartHostAsync(printer, folder))
        {
            host.Watch();
            await host.WatchingAsync();
            job = await printer.StartJobAsync("hook.gcode");
            await host.RunOfJobAsync(job);
        }

        await using (var again = await StartHostAsync(printer, folder))
        {
            again.Watch();
            await again.WaitForAsync(() => Task.FromResult(again.Logs.FirstOrDefault(l => l.Contains($"Started of job {job} again", StringComparison.Ordinal))), "the running job found again");
        }

        // Down again while the job ends: the third start reads the end from the file's print history.
        await printer.EndJobAsync("error", announce: false);
        await using var third = await StartHostAsync(printer, folder);
        third.Watch();
        var run = await third.RunOfJobAsync(job, r => r.PrinterJob!.End is not null);

        Assert.Equal(PrintEnd.Failed, run.PrinterJob!.End);
        Assert.Single(await third.RunsAsync());
    }

    [Fact]
    public async Task A_wrong_api_key_is_reported_on_the_printers_state_and_never_logged()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(Key);
        await using var host = await TrackerHost.StartAsync(printer.Url, apiKey: "a-wrong-secret-key", connector: "octoprint");
        host.Watch();

        var error = await host.WaitForAsync(() => Task.FromResult(host.Tracker!.States.Single().LastError), "the refusal");

        Assert.Contains("refused the credentials (403)", error, StringComparison.Ordinal);
        Assert.Empty(await host.RunsAsync());
        Assert.DoesNotContain(host.Logs, l => l.Contains("a-wrong-secret-key", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Notices, n => n.Message.Contains("a-wrong-secret-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_and_oversized_messages_are_diagnosed_and_the_next_job_is_still_tracked()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(Key);
        await using var host = await StartHostAsync(printer);
        host.Watch();
        await host.WatchingAsync();
        await host.WaitForAsync(() => Task.FromResult(printer.Connections > 0 ? (object?)true : null), "the push socket's authentication");

        await printer.SendRawAsync("{\"event\": {\"type\": \"PrintStarted\", \"payload\": ");
        await printer.SendRawAsync("{\"current\": {\"logs\": [\"" + new string('x', 2 << 20) + "\"]}}");
        await host.WaitForAsync(() => Task.FromResult(host.Logs.FirstOrDefault(l => l.Contains("larger than", StringComparison.Ordinal))), "the oversized message's diagnosis");
        await host.WatchingAsync();
        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);

        Assert.Contains(host.Logs, l => l.Contains("not a JSON object", StringComparison.Ordinal));
        Assert.Single(await host.RunsAsync());
    }

    private static Task<TrackerHost> StartHostAsync(OctoPrintEmulator printer, string? folder = null) =>
        TrackerHost.StartAsync(printer.Url, apiKey: Key, folder: folder, connector: "octoprint");

    private static async Task<ProductionRun> PlanDraftAsync(TrackerHost host)
    {
        var pla = new MaterialSpec("PLA", "Brown");
        await host.Service.Catalog.AddSpoolAsync(new NewSpool("PLA-1", new Material(pla, "Prusament", "#6B4226"), Mass.FromGrams(1000), new Money(25m, "EUR"), Tare: Mass.FromGrams(180), GrossWeight: Mass.FromGrams(1180)));
        await host.Service.Catalog.AddProductAsync("WHISTLE", "Whistle", [new BomLine(pla, Mass.FromGrams(13m), Mass.Zero)]);
        var run = await host.Service.Runs.CreateRunAsync("Voron");
        await host.Service.Runs.AddProductToRunAsync(run.Number, "WHISTLE", 1);
        await host.Service.Runs.AssignSpoolAsync(run.Number, "PLA-1");
        await host.Service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-1", Mass.FromGrams(1180));
        return await host.Service.Runs.GetRunAsync(run.Number);
    }
}
