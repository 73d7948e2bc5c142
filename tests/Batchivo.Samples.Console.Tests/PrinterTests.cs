using Batchivo.Printers.Emulators;
using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>`printers list|status|watch` as a real process, against the Moonraker emulator on loopback.</summary>
public sealed class PrinterTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public async Task Watch_opens_a_run_when_a_job_starts_and_leaves_it_waiting_for_weights_when_the_job_ends()
    {
        await using var printer = await MoonrakerEmulator.StartAsync(apiKey: "moonraker-secret-key");
        Connect(printer, "moonraker-secret-key");
        _host.Run("catalog", "printer", "add", "Voron", "--model", "Voron 2.4").Ok();

        using var watch = _host.StartRunning("printers", "watch");
        await watch.WaitForLineAsync("Watching Voron (moonraker).");
        var job = await printer.StartJobAsync("hook_x4_0.2mm_PLA_MK3S_1h39m.gcode");
        var started = await watch.WaitForLineAsync($"started by moonraker job {job}");
        await printer.EndJobAsync();
        var ended = await watch.WaitForLineAsync("waiting for its weights after");
        var exit = await watch.InterruptAsync();
        var run = _host.Run("run", "show", "1", "--json").Ok().Json;
        var report = _host.Run("report", "1").Ok().Out;

        Assert.Equal(130, exit); // stopped by Ctrl+C, the shell's convention
        Assert.Contains("created run #1 for hook_x4_0.2mm_PLA_MK3S_1h39m.gcode", started, StringComparison.Ordinal);
        Assert.Contains("Run #1", ended, StringComparison.Ordinal);
        Assert.Equal("in-progress", run.GetProperty("status").GetString());
        var followed = run.GetProperty("printerJob");
        Assert.Equal((job, "finished", true), (followed.GetProperty("jobId").GetString(), followed.GetProperty("end").GetString(), followed.GetProperty("awaitsWeightsAfter").GetBoolean()));
        Assert.Contains($"Printer job: moonraker {job} (hook_x4_0.2mm_PLA_MK3S_1h39m.gcode), finished on the printer", report, StringComparison.Ordinal);
        Assert.DoesNotContain(watch.Lines, l => l.Contains("moonraker-secret-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_shows_each_connection_without_its_key_and_status_asks_the_printer()
    {
        await using var printer = await MoonrakerEmulator.StartAsync(apiKey: "moonraker-secret-key");
        Connect(printer, "moonraker-secret-key");
        _host.Run("catalog", "printer", "add", "Voron", "--model", "Voron 2.4").Ok();
        var job = await printer.StartJobAsync("hook.gcode");

        var list = _host.Run("printers", "list").Ok().Out;
        var status = _host.Run("printers", "status", "--json").Ok().Json[0];

        Assert.Contains("Voron", list, StringComparison.Ordinal);
        Assert.Contains(printer.Url.ToString(), list, StringComparison.Ordinal);
        Assert.DoesNotContain("moonraker-secret-key", list, StringComparison.Ordinal);
        Assert.Equal(("printing", "hook.gcode", job), (status.GetProperty("state").GetString(), status.GetProperty("file").GetString(), status.GetProperty("jobId").GetString()));
    }

    [Fact]
    public async Task Status_of_a_printer_that_is_off_says_it_cannot_be_reached_and_exits_1()
    {
        await using var printer = await MoonrakerEmulator.StartAsync(online: false);
        Connect(printer, null);
        _host.Run("catalog", "printer", "add", "Voron", "--model", "Voron 2.4").Ok();

        var result = _host.Run("printers", "status").Expect(1);

        Assert.Contains("unreachable", result.Out, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_without_a_printer_connection_says_how_to_add_one()
    {
        var result = _host.Run("printers", "watch").Expect(2);

        Assert.Contains("Batchivo:Printers", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();

    private void Connect(MoonrakerEmulator printer, string? key)
    {
        _host.With("BATCHIVO__PRINTERS__0__PRINTER", "Voron")
            .With("BATCHIVO__PRINTERS__0__CONNECTOR", "moonraker")
            .With("BATCHIVO__PRINTERS__0__SETTINGS__URL", printer.Url.ToString())
            .With("BATCHIVO__PRINTERS__0__SETTINGS__APIKEY", key);
    }
}
