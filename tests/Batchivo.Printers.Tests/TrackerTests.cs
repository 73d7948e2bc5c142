using Batchivo.Catalog;
using Batchivo.Hosting.Printers;
using Batchivo.Printers.Emulators;
using Batchivo.Production;

namespace Batchivo.Printers.Tests;

/// <summary>
/// The printer tracker in a host built from the real plugin folders, on a real SQLite file, following the Moonraker
/// emulator: runs open and close from jobs, and no fault loses or duplicates a run.
/// </summary>
public sealed class TrackerTests
{
    [Fact]
    public async Task A_job_opens_a_run_named_after_its_file_and_its_end_leaves_the_run_waiting_for_its_weights()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url);
        host.Watch();
        await host.WatchingAsync(() => printer.Connections > 0);

        var job = await printer.StartJobAsync("hook_x4_0.2mm_PLA_MK3S_1h39m.gcode");
        var started = await host.RunOfJobAsync(job);
        await printer.EndJobAsync();
        var ended = await host.RunOfJobAsync(job, r => r.PrinterJob!.End is not null);

        Assert.Equal(RunStatus.InProgress, started.Status);
        Assert.Equal("Printed hook_x4_0.2mm_PLA_MK3S_1h39m.gcode", started.Notes);
        Assert.Equal(TimeSpan.FromSeconds(5947), started.EstimatedDuration);
        Assert.Contains($"started by moonraker job {job} (hook_x4_0.2mm_PLA_MK3S_1h39m.gcode)", started.PrinterJob!.Trail, StringComparison.Ordinal);
        Assert.Equal(RunStatus.InProgress, ended.Status);
        Assert.True(ended.AwaitsWeightsAfter);
        Assert.Equal(PrintEnd.Finished, ended.PrinterJob!.End);
        Assert.Contains("waiting for its weights after", ended.PrinterJob.Trail, StringComparison.Ordinal);
        Assert.Single(await host.RunsAsync());
        Assert.Contains(host.Logs, l => l.Contains($"Printer Voron: Started of job {job}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_takes_the_oldest_draft_waiting_for_the_printer_with_the_slicers_estimates_on_its_spool()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url);
        var draft = await PlanDraftAsync(host);
        var later = await host.Service.Runs.CreateRunAsync("Voron");
        host.Watch();
        await host.WatchingAsync(() => printer.Connections > 0);

        var job = await printer.StartJobAsync("hook.gcode");
        var run = await host.RunOfJobAsync(job);

        Assert.Equal(draft.Number, run.Number);
        Assert.Equal(EstimateSource.Slicer, run.EstimateSource);
        Assert.Equal(Mass.FromGrams(27.32m), Assert.Single(run.Materials).EstimatedTotal);
        Assert.Equal(RunStatus.Draft, (await host.Service.Runs.GetRunAsync(later.Number)).Status);
        Assert.Equal(run.Id, (await host.Store.FindSpoolByCodeAsync("PLA-1"))!.ActiveRunId);
    }

    [Fact]
    public async Task On_a_printer_trusted_for_usage_a_finished_job_completes_its_run_from_the_printers_filament()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url, trusted: true);
        var draft = await PlanDraftAsync(host, weighBefore: false);
        host.Watch();
        await host.WatchingAsync(() => printer.Connections > 0);

        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);
        await printer.EndJobAsync("completed", 9159.55m / 2);
        var run = await host.RunOfJobAsync(job, r => r.IsFinal);

        Assert.Equal(draft.Number, run.Number);
        Assert.Equal(RunStatus.Completed, run.Status);
        var spool = (await host.Store.FindSpoolByCodeAsync("PLA-1"))!;
        Assert.Equal(Mass.FromGrams(1180m - 13.66m), spool.GrossWeight);
        Assert.Null(spool.ActiveRunId);
        Assert.Equal((2, 0), (run.Items[0].Successful, run.Items[0].Failed));
    }

    [Theory]
    [InlineData("cancelled", RunStatus.Cancelled)]
    [InlineData("error", RunStatus.Failed)]
    public async Task A_cancelled_job_cancels_its_run_and_a_failed_one_fails_it(string status, RunStatus expected)
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url);
        host.Watch();
        await host.WatchingAsync(() => printer.Connections > 0);

        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);
        await printer.EndJobAsync(status, 100m);
        var run = await host.RunOfJobAsync(job, r => r.IsFinal);

        Assert.Equal(expected, run.Status);
        Assert.Single(await host.RunsAsync());
    }

    [Fact]
    public async Task A_failed_job_on_a_run_with_spools_waits_for_their_weights_after_and_the_failure_is_kept()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url);
        var draft = await PlanDraftAsync(host);
        host.Watch();
        await host.WatchingAsync(() => printer.Connections > 0);

        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);
        await printer.EndJobAsync("error", 100m);
        var run = await host.RunOfJobAsync(job, r => r.PrinterJob!.End is not null);
        await host.Service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-1", Mass.FromGrams(1175m));
        var failed = await host.Service.Runs.FailAsync(run.Number);

        Assert.Equal((draft.Number, PrintEnd.Failed, RunStatus.InProgress), (run.Number, run.PrinterJob!.End!.Value, run.Status));
        Assert.Contains("then mark it failed", run.PrinterJob.Trail, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Failed, failed.Status);
    }

    [Fact]
    public async Task A_printer_offline_at_start_is_retried_and_its_job_tracked_once_it_is_on()
    {
        await using var printer = await MoonrakerEmulator.StartAsync(online: false);
        await using var host = await TrackerHost.StartAsync(printer.Url);
        host.Watch();
        await host.WaitForAsync(() => Task.FromResult(host.Tracker!.States.Single() is { Link: PrinterLink.Reconnecting, LastError: { } e } ? e : null), "a failed connection");
        var error = host.Tracker!.States.Single().LastError!;

        await printer.ComeOnlineAsync();
        await host.WatchingAsync(() => printer.Connections > 0);
        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);

        Assert.Contains("cannot be reached", error, StringComparison.Ordinal);
        Assert.Contains(host.Logs, l => l.StartsWith("Warning: Printer Voron: connection attempt", StringComparison.Ordinal));
        Assert.Single(await host.RunsAsync());
    }

    [Fact]
    public async Task A_disconnect_mid_job_and_a_reconnect_after_it_ended_close_the_run_once_from_the_history()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url);
        host.Watch();
        await host.WatchingAsync(() => printer.Connections > 0);
        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);

        await printer.GoOfflineAsync();
        await printer.EndJobAsync("cancelled", 10m, announce: false);
        await printer.ComeOnlineAsync();
        var run = await host.RunOfJobAsync(job, r => r.IsFinal);

        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Single(await host.RunsAsync());
        Assert.True(printer.ConnectionsAccepted >= 2);
        Assert.Contains(printer.HistoryQueries, q => q.Contains("since=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jobs_that_ran_while_the_connection_was_down_before_any_job_was_seen_are_reconciled()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url);
        host.Watch();
        await host.WatchingAsync(() => printer.Connections > 0);

        // The store has seen no job of this printer yet when the connection goes down and two jobs run unwatched.
        await printer.GoOfflineAsync();
        var first = await printer.StartJobAsync("hook.gcode", announce: false);
        await printer.EndJobAsync("completed", 900m, announce: false);
        var second = await printer.StartJobAsync("clip.gcode", announce: false);
        await printer.ComeOnlineAsync();

        var ended = await host.RunOfJobAsync(first, r => r.PrinterJob?.End is not null);
        var running = await host.RunOfJobAsync(second);

        Assert.True(ended.AwaitsWeightsAfter);
        Assert.Equal(RunStatus.InProgress, running.Status);
        Assert.Null(running.PrinterJob!.End);
        Assert.Equal(2, (await host.RunsAsync()).Count);
    }

    [Fact]
    public async Task Duplicated_replayed_and_out_of_order_notifications_never_make_a_second_run_or_a_second_end()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url);
        host.Watch();
        await host.WatchingAsync(() => printer.Connections > 0);

        var first = await printer.StartJobAsync("one.gcode");
        await printer.SendRawAsync(printer.HistoryChangedOf(first, "added"));
        await printer.EndJobAsync();
        await printer.SendRawAsync(printer.HistoryChangedOf(first, "finished"));
        await printer.SendRawAsync(printer.HistoryChangedOf(first, "added"));
        // A second job whose end arrives before its start.
        var second = await printer.StartJobAsync("two.gcode", announce: false);
        await printer.EndJobAsync("cancelled", 5m, announce: false);
        await printer.SendRawAsync(printer.HistoryChangedOf(second, "finished"));
        await printer.SendRawAsync(printer.HistoryChangedOf(second, "added"));
        await printer.SendRawAsync(printer.HistoryChangedOf(second, "finished"));
        var one = await host.RunOfJobAsync(first, r => r.PrinterJob!.End is not null);
        var two = await host.RunOfJobAsync(second, r => r.IsFinal);
        // One more job after them: once it is tracked, every frame before it has been handled.
        var third = await printer.StartJobAsync("three.gcode");
        await host.RunOfJobAsync(third);

        var runs = await host.RunsAsync();
        Assert.Equal(3, runs.Count);
        Assert.Equal([first, second, third], runs.Select(r => r.PrinterJob!.JobId));
        one = runs[0];
        Assert.Equal(1, one.PrinterJob!.TrailLinesList.Count(l => l.Contains("finished", StringComparison.Ordinal)));
        Assert.Equal(RunStatus.Cancelled, two.Status);
    }

    [Fact]
    public async Task A_host_restart_reconciles_the_jobs_that_ran_while_it_was_down_without_duplicates()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        var folder = Directory.CreateTempSubdirectory("batchivo-printers-").FullName;
        string first;
        await using (var host = await TrackerHost.StartAsync(printer.Url, folder: folder))
        {
            host.Watch();
            await host.WatchingAsync(() => printer.Connections > 0);
            first = await printer.StartJobAsync("one.gcode");
            await host.RunOfJobAsync(first);
        }

        await printer.EndJobAsync();
        var second = await printer.StartJobAsync("two.gcode");
        await printer.EndJobAsync("error", 50m);
        var third = await printer.StartJobAsync("three.gcode");
        await using var again = await TrackerHost.StartAsync(printer.Url, folder: folder);
        again.Watch();
        await again.RunOfJobAsync(third);
        var one = await again.RunOfJobAsync(first, r => r.PrinterJob!.End is not null);
        var two = await again.RunOfJobAsync(second, r => r.IsFinal);

        var runs = await again.RunsAsync();
        Assert.Equal([first, second, third], runs.Select(r => r.PrinterJob!.JobId));
        Assert.True(one.AwaitsWeightsAfter);
        Assert.Equal(RunStatus.Failed, two.Status);
        Assert.Contains("found in the printer's history", two.PrinterJob!.Trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_credentials_are_reported_on_the_printers_state_and_never_logged()
    {
        await using var printer = await MoonrakerEmulator.StartAsync(apiKey: "the-right-key");
        await using var host = await TrackerHost.StartAsync(printer.Url, apiKey: "a-wrong-secret-key");
        host.Watch();

        var error = await host.WaitForAsync(() => Task.FromResult(host.Tracker!.States.Single().LastError), "the refusal");

        Assert.Contains("refused the credentials", error, StringComparison.Ordinal);
        Assert.Empty(await host.RunsAsync());
        Assert.DoesNotContain(host.Logs, l => l.Contains("a-wrong-secret-key", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Notices, n => n.Message.Contains("a-wrong-secret-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_and_oversized_messages_are_diagnosed_and_the_next_job_is_still_tracked()
    {
        await using var printer = await MoonrakerEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url);
        host.Watch();
        await host.WatchingAsync(() => printer.Connections > 0);

        await printer.SendRawAsync("{\"jsonrpc\": \"2.0\", \"method\": \"notify_history_changed\", \"params\": [");
        await printer.SendRawAsync("{\"jsonrpc\": \"2.0\", \"method\": \"notify_status_update\", \"params\": [{\"pad\": \"" + new string('x', 2 << 20) + "\"}]}");
        await host.WaitForAsync(() => Task.FromResult(host.Logs.FirstOrDefault(l => l.Contains("larger than", StringComparison.Ordinal))), "the oversized message's diagnosis");
        await host.WatchingAsync(() => printer.Connections > 0);
        var job = await printer.StartJobAsync("hook.gcode");
        await host.RunOfJobAsync(job);

        Assert.Contains(host.Logs, l => l.Contains("not JSON-RPC", StringComparison.Ordinal));
        Assert.Single(await host.RunsAsync());
    }

    private static async Task<ProductionRun> PlanDraftAsync(TrackerHost host, bool weighBefore = true)
    {
        var pla = new MaterialSpec("PLA", "Brown");
        await host.Service.Catalog.AddSpoolAsync(new NewSpool("PLA-1", new Material(pla, "Prusament", "#6B4226"), Mass.FromGrams(1000), new Money(25m, "EUR"), Tare: Mass.FromGrams(180), GrossWeight: Mass.FromGrams(1180)));
        await host.Service.Catalog.AddProductAsync("HOOK", "Hook", [new BomLine(pla, Mass.FromGrams(13m), Mass.Zero)]);
        var run = await host.Service.Runs.CreateRunAsync("Voron");
        await host.Service.Runs.AddProductToRunAsync(run.Number, "HOOK", 2);
        await host.Service.Runs.AssignSpoolAsync(run.Number, "PLA-1");
        if (weighBefore)
        {
            await host.Service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-1", Mass.FromGrams(1180));
        }

        return await host.Service.Runs.GetRunAsync(run.Number);
    }
}
