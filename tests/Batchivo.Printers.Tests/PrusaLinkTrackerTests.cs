using Batchivo.Hosting.Printers;
using Batchivo.Printers.Emulators;
using Batchivo.Production;
using static Batchivo.Printers.Tests.PrusaLinkTesting;

namespace Batchivo.Printers.Tests;

/// <summary>
/// The printer tracker in a host built from the real plugin folders (the PrusaLink connector, the SQLite store on a
/// real file) following the PrusaLink emulator: runs open and close from jobs, and no fault loses or duplicates a run.
/// </summary>
public sealed class PrusaLinkTrackerTests
{
    private static readonly Dictionary<string, string?> Digest = new()
    {
        ["User"] = "maker",
        ["Password"] = Password,
        ["PollInterval"] = "00:00:00.2",
    };

    [Fact]
    public async Task A_job_opens_a_run_with_the_estimates_of_its_file_and_its_end_leaves_it_waiting_for_its_weights()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var host = await StartAsync(printer);
        host.Watch();
        await host.WatchingAsync();

        var job = Key(printer.StartJob("TabletStand3.bgcode"));
        var started = await host.RunOfJobAsync(job);
        printer.EndJob("FINISHED");
        var ended = await host.RunOfJobAsync(job, r => r.PrinterJob!.End is not null);

        Assert.Equal(RunStatus.InProgress, started.Status);
        Assert.Equal("Printed TabletStand3.bgcode", started.Notes);
        Assert.Equal(TimeSpan.FromSeconds(25421), started.EstimatedDuration);
        Assert.Contains($"started by prusalink job {job} (TabletStand3.bgcode)", started.PrinterJob!.Trail, StringComparison.Ordinal);
        Assert.Equal(PrintEnd.Finished, ended.PrinterJob!.End);
        Assert.True(ended.AwaitsWeightsAfter);
        Assert.Single(await host.RunsAsync());
    }

    [Theory]
    [InlineData("STOPPED", RunStatus.Cancelled)]
    [InlineData("ERROR", RunStatus.Failed)]
    public async Task A_stopped_job_cancels_its_run_and_one_in_error_fails_it(string state, RunStatus expected)
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var host = await StartAsync(printer);
        host.Watch();
        await host.WatchingAsync();

        var job = Key(printer.StartJob("hook.gcode"));
        await host.RunOfJobAsync(job);
        printer.EndJob(state);
        var run = await host.RunOfJobAsync(job, r => r.IsFinal);

        Assert.Equal(expected, run.Status);
        Assert.Single(await host.RunsAsync());
    }

    [Fact]
    public async Task A_printer_offline_at_start_is_retried_and_its_job_tracked_once_it_is_on()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync(online: false);
        await using var host = await StartAsync(printer);
        host.Watch();
        var error = await host.WaitForAsync(() => Task.FromResult(host.Tracker!.States.Single() is { Link: PrinterLink.Reconnecting, LastError: { } e } ? e : null), "a failed connection");

        await printer.ComeOnlineAsync();
        await host.WatchingAsync();
        var job = Key(printer.StartJob("hook.gcode"));
        await host.RunOfJobAsync(job);

        Assert.Contains("cannot be reached", error, StringComparison.Ordinal);
        Assert.Single(await host.RunsAsync());
    }

    [Fact]
    public async Task A_disconnect_mid_job_and_a_reconnect_after_it_ended_close_the_run_once()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var host = await StartAsync(printer);
        host.Watch();
        await host.WatchingAsync();
        var job = Key(printer.StartJob("hook.gcode"));
        await host.RunOfJobAsync(job);

        await printer.GoOfflineAsync();
        await host.WaitForAsync(() => Task.FromResult(host.Tracker!.States.Single().Link == PrinterLink.Reconnecting ? (object?)true : null), "the lost connection");
        printer.EndJob("STOPPED");
        await printer.ComeOnlineAsync();
        var run = await host.RunOfJobAsync(job, r => r.IsFinal);
        var next = Key(printer.StartJob("next.gcode"));
        await host.RunOfJobAsync(next);

        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal([job, next], (await host.RunsAsync()).Select(r => r.PrinterJob!.JobId));
    }

    [Fact]
    public async Task A_host_restart_while_the_printer_shows_an_ended_job_makes_no_second_run()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        var folder = Directory.CreateTempSubdirectory("batchivo-printers-").FullName;
        var first = Key(printer.StartJob("one.gcode"));
        await using (var host = await StartAsync(printer, folder))
        {
            host.Watch();
            await host.RunOfJobAsync(first);
        }

        // The job ends while the host is down; the printer keeps showing it, ended, across the restart and many polls.
        printer.EndJob("FINISHED");
        await using var again = await StartAsync(printer, folder);
        again.Watch();
        var one = await again.RunOfJobAsync(first, r => r.PrinterJob!.End is not null);
        await PolledAsync(printer, polls: 5);
        var second = Key(printer.StartJob("two.gcode"));
        await again.RunOfJobAsync(second);

        Assert.Equal(PrintEnd.Finished, one.PrinterJob!.End);
        Assert.Equal([first, second], (await again.RunsAsync()).Select(r => r.PrinterJob!.JobId));
        Assert.Equal(1, one.PrinterJob.TrailLinesList.Count(l => l.Contains("finished", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Wrong_credentials_are_reported_on_the_printers_state_and_never_logged()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var host = await TrackerHost.StartAsync(printer.Url, connector: "prusalink", more: new Dictionary<string, string?>(Digest) { ["Password"] = "a-wrong-secret-password" });
        host.Watch();

        var error = await host.WaitForAsync(() => Task.FromResult(host.Tracker!.States.Single().LastError), "the refusal");

        Assert.Contains("refused the user name or password", error, StringComparison.Ordinal);
        Assert.Empty(await host.RunsAsync());
        Assert.DoesNotContain(host.Logs, l => l.Contains("a-wrong-secret-password", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Notices, n => n.Message.Contains("a-wrong-secret-password", StringComparison.Ordinal));
    }

    private static Task<TrackerHost> StartAsync(PrusaLinkEmulator printer, string? folder = null) =>
        TrackerHost.StartAsync(printer.Url, folder: folder, connector: "prusalink", more: Digest);
}
