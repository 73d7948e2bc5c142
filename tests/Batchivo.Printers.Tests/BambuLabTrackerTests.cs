using Batchivo.Hosting.Printers;
using Batchivo.Printers.Emulators;
using Batchivo.Production;

namespace Batchivo.Printers.Tests;

/// <summary>
/// The printer tracker in a host built from the real plugin folders (the Bambu Lab connector, the SQLite store),
/// following the Bambu Lab emulator on a real Mosquitto broker: runs open and close from jobs, and no reconnect or
/// restart makes a second run.
/// </summary>
public sealed class BambuLabTrackerTests
{
    private const string AccessCode = "40917283";

    [Fact]
    public async Task A_job_opens_a_run_and_its_finish_leaves_the_run_waiting_for_its_weights()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var host = await StartHostAsync(printer);
        host.Watch();
        await host.WatchingAsync();

        var job = await printer.StartJobAsync("Würfel.3mf");
        var started = await host.RunOfJobAsync(job);
        await printer.ProgressAsync(50);
        await printer.EndJobAsync();
        var ended = await host.RunOfJobAsync(job, r => r.PrinterJob!.End is not null);

        Assert.Equal(RunStatus.InProgress, started.Status);
        Assert.Contains($"started by bambulab job {job} (Würfel.3mf)", started.PrinterJob!.Trail, StringComparison.Ordinal);
        Assert.Equal(PrintEnd.Finished, ended.PrinterJob!.End);
        Assert.True(ended.AwaitsWeightsAfter);
        Assert.Single(await host.RunsAsync());
    }

    [Fact]
    public async Task A_disconnect_mid_job_and_a_cancel_while_offline_close_the_run_once_after_the_reconnect()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var host = await StartHostAsync(printer);
        host.Watch();
        await host.WatchingAsync();
        var job = await printer.StartJobAsync("cube.3mf");
        await host.RunOfJobAsync(job);

        await printer.GoOfflineAsync();
        await host.WaitForAsync(() => Task.FromResult(host.Tracker!.States.Single().Link == PrinterLink.Reconnecting ? (object?)true : null), "the tracker to see the printer gone");
        await printer.EndJobAsync("cancelled", announce: false);
        await printer.ComeOnlineAsync();
        var run = await host.RunOfJobAsync(job, r => r.IsFinal);

        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Single(await host.RunsAsync());
        Assert.Equal(1, run.PrinterJob!.TrailLinesList.Count(l => l.Contains("cancel", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_host_restart_mid_job_makes_no_second_run_and_the_end_after_it_closes_the_first()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        var folder = Directory.CreateTempSubdirectory("batchivo-printers-").FullName;
        string job;
        await using (var host = await StartHostAsync(printer, folder))
        {
            host.Watch();
            await host.WatchingAsync();
            job = await printer.StartJobAsync("cube.3mf");
            await host.RunOfJobAsync(job);
        }

        await printer.ProgressAsync(40);
        await using var again = await StartHostAsync(printer, folder);
        again.Watch();
        await again.WatchingAsync();
        await printer.EndJobAsync("failed");
        var run = await again.RunOfJobAsync(job, r => r.PrinterJob!.End is not null);

        Assert.Single(await again.RunsAsync());
        Assert.Equal(PrintEnd.Failed, run.PrinterJob!.End);
    }

    private static Task<TrackerHost> StartHostAsync(BambuLabEmulator printer, string? folder = null) =>
        TrackerHost.StartAsync(
            "bambulab",
            new Dictionary<string, string?>
            {
                ["Host"] = printer.Host,
                ["Port"] = printer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Serial"] = printer.Serial,
                ["AccessCode"] = AccessCode,
                ["CaCertificate"] = printer.CaPath,
                ["ConnectTimeout"] = "00:00:45",
            },
            folder: folder);
}
