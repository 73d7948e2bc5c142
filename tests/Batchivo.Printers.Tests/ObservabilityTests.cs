using Batchivo.Diagnostics;
using Batchivo.Hosting.Health;
using Batchivo.Hosting.Printers;
using Batchivo.Printers.Emulators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Batchivo.Printers.Tests;

/// <summary>
/// What a production host sees of the tracker's work: logs (never the printer's API key), events after each commit,
/// and the printers health check, in a host built from the real plugin folders following the OctoPrint emulator.
/// </summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task The_host_logs_plugins_and_run_transitions_tells_the_events_and_never_logs_the_api_key()
    {
        var secret = "octo-secret-" + Guid.NewGuid().ToString("N");
        await using var printer = await OctoPrintEmulator.StartAsync(secret);
        await using var host = await TrackerHost.StartAsync(printer.Url, apiKey: secret, connector: "octoprint");
        host.Watch();
        await host.WatchingAsync();

        var job = await printer.StartJobAsync("secret_test.gcode");
        await host.RunOfJobAsync(job);
        await printer.EndJobAsync("cancelled");
        var run = await host.RunOfJobAsync(job, r => r.IsFinal);
        await host.WaitForAsync(() => Task.FromResult(host.Events.Received.OfType<RunCancelled>().FirstOrDefault()), "the cancellation's event");
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var logs = host.Logs.ToList();
        Assert.Contains(logs, l => l.Contains("Plugin Batchivo.Printers.OctoPrint ", StringComparison.Ordinal) && l.Contains("| Batchivo.Hosting 2001 ", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains($"Run #{run.Number} started on Voron", StringComparison.Ordinal) && l.Contains("| Batchivo.Production.PrinterJobService 1001 ", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains($"Run #{run.Number} on Voron cancelled", StringComparison.Ordinal) && l.Contains(" 1004 ", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("| Batchivo.Hosting.Printers.PrinterTracker 4003 ", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(report.Entries.Values, e => (e.Description ?? string.Empty).Contains(secret, StringComparison.Ordinal));

        var runEvents = host.Events.Received.OfType<RunEvent>().Where(e => e.RunNumber == run.Number).ToList();
        Assert.Collection(runEvents, e => Assert.IsType<RunStarted>(e), e => Assert.IsType<RunCancelled>(e));
        Assert.True(((RunCancelled)runEvents[1]).WasStarted);
    }

    [Fact]
    public async Task An_unreachable_printer_makes_the_printers_check_degraded_until_it_is_reached()
    {
        await using var printer = await OctoPrintEmulator.StartAsync("octo-key", online: false);
        await using var host = await TrackerHost.StartAsync(printer.Url, apiKey: "octo-key", connector: "octoprint");
        var health = host.Services.GetRequiredService<HealthCheckService>();
        host.WatchFromServices();
        await host.WaitForAsync(() => Task.FromResult(host.Tracker!.States.Single().Link == PrinterLink.Reconnecting ? (object?)true : null), "a failed connection");

        var down = await health.CheckHealthAsync();

        var entry = down.Entries[BatchivoHealthCheckOptions.PrintersCheckName];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("Voron", entry.Description, StringComparison.Ordinal);
        Assert.Equal("Reconnecting", entry.Data["Voron"]);
        Assert.Equal(HealthStatus.Healthy, down.Entries[BatchivoHealthCheckOptions.StoreCheckName].Status);
        Assert.Equal(HealthStatus.Degraded, down.Status);

        await printer.ComeOnlineAsync();
        await host.WatchingAsync();
        var up = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, up.Entries[BatchivoHealthCheckOptions.PrintersCheckName].Status);
        Assert.Equal(HealthStatus.Healthy, up.Status);
    }
}
