using Batchivo.Printers.Emulators;
using Batchivo.Samples.Web.Tests.Support;

namespace Batchivo.Samples.Web.Tests;

/// <summary>The web host runs the printer tracker: a job on a Moonraker printer (the emulator) opens a run, visible through the API.</summary>
public sealed class PrinterTrackingApiTests
{
    [Fact]
    public async Task A_job_on_a_connected_printer_opens_a_run_and_the_connection_names_it()
    {
        await using var printer = await MoonrakerEmulator.StartAsync(apiKey: "moonraker-secret-key");
        await using var host = await WebHost.StartAsync(
            ("Batchivo:Printers:0:Printer", "P1S-1"),
            ("Batchivo:Printers:0:Connector", "moonraker"),
            ("Batchivo:Printers:0:Settings:Url", printer.Url.ToString()),
            ("Batchivo:Printers:0:Settings:ApiKey", "moonraker-secret-key"));
        var api = host.Client;
        await Seed.CatalogAsync(api);
        await Until(async () =>
        {
            var c = (await (await api.GetAsync("/api/printer-connections")).JsonAsync())[0];
            Last = c.GetRawText();
            return c.GetProperty("link").GetString() == "watching";
        });

        var job = await printer.StartJobAsync("hook.gcode");
        var connection = await Until(async () =>
        {
            var c = (await (await api.GetAsync("/api/printer-connections")).JsonAsync())[0];
            return c.GetProperty("run").ValueKind == System.Text.Json.JsonValueKind.Number ? c : (System.Text.Json.JsonElement?)null;
        });
        var run = await (await api.GetAsync($"/api/runs/{connection.GetProperty("run").GetInt32()}")).JsonAsync();

        Assert.Equal(("P1S-1", "moonraker", job), (connection.GetProperty("printer").GetString(), connection.GetProperty("connector").GetString(), connection.GetProperty("jobId").GetString()));
        Assert.Equal("in-progress", run.GetProperty("status").GetString());
        Assert.Equal(job, run.GetProperty("printerJob").GetProperty("jobId").GetString());
        Assert.DoesNotContain("moonraker-secret-key", connection.GetRawText(), StringComparison.Ordinal);
    }

    private static string? Last { get; set; }

    private static async Task Until(Func<Task<bool>> condition) => await Until(async () => await condition() ? true : (bool?)null);

    /// <summary>Waits up to a generous bound for a stuck test (not a timing assertion).</summary>
    private static async Task<T> Until<T>(Func<Task<T?>> read)
        where T : struct
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            if (bound.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException("Gave up waiting; the connection was: " + Last);
            }

            await Task.Delay(50);
        }
    }
}
