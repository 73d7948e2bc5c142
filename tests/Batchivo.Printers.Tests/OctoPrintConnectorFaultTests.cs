using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Printers.Emulators;
using Batchivo.Printers.OctoPrint;
using static Batchivo.Printers.Tests.OctoPrintConnectorTests;

namespace Batchivo.Printers.Tests;

/// <summary>The OctoPrint connector's faults against the OctoPrint emulator: each is a clear typed error, or a message skipped, and no run is lost or doubled.</summary>
public sealed class OctoPrintConnectorFaultTests
{
    [Fact]
    public async Task A_wrong_api_key_is_refused_as_unauthorized_without_showing_the_key()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(apiKey: "the-right-key");
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

        Assert.Contains("403", status.Message, StringComparison.Ordinal);
        Assert.True(printer.Refused >= 1);
        Assert.Equal(0, printer.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_printer_that_is_off_is_unreachable_and_says_to_check_it()
    {
        await using var printer = await OctoPrintEmulator.StartAsync(online: false);
        await using var connector = Connect(printer.Url);

        var watch = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());
        var status = await Assert.ThrowsAsync<PrinterException>(() => connector.GetStatusAsync());

        foreach (var error in new[] { watch, status })
        {
            Assert.Equal(PrinterFault.Unreachable, error.Fault);
            Assert.True(error.Transient);
            Assert.Contains(printer.Url.ToString(), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_session_octoprint_no_longer_knows_ends_the_connection_and_the_next_one_logs_in_again()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        printer.ForgetSessions(refuseNewOnes: true);

        await using (var refused = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token))
        {
            Assert.False(await refused.MoveNextAsync(), "A connection whose session was refused streamed an event.");
        }

        printer.ForgetSessions();
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var (id, started) = await StartWhenConnectedAsync(printer, events, "hook.gcode");

        Assert.Equal(id, started.JobId);
        Assert.Equal(2, printer.ConnectionsAccepted);
    }

    [Fact]
    public async Task Malformed_messages_are_skipped_and_the_jobs_after_them_still_come()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        await StartWhenConnectedAsync(printer, events, "one.gcode");

        await printer.SendRawAsync("{\"event\": {\"type\": \"PrintDone\", \"payload\": ");
        await printer.SendRawAsync("[1, 2, 3]");
        await printer.SendRawAsync("{\"event\": {\"type\": \"PrintDone\", \"payload\": {\"path\": 7}}}");
        await printer.SendRawAsync("{\"event\": {\"type\": 42}}");
        await printer.SendRawAsync("{\"current\": {\"progress\": {\"completion\": \"lots\"}}}");
        await printer.EndJobAsync();
        var ended = await NextAsync(events, _ => true);

        Assert.Equal(PrinterJobEventKind.Finished, ended.Kind);
    }

    [Fact]
    public async Task An_oversized_message_ends_the_connection_with_a_protocol_fault()
    {
        await using var printer = await OctoPrintEmulator.StartAsync();
        await using var connector = Connect(printer.Url, settings: new() { ["MaxMessageBytes"] = "4096" });
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        await StartWhenConnectedAsync(printer, events, "one.gcode");

        await printer.SendRawAsync("{\"current\": {\"logs\": [\"" + new string('x', 100_000) + "\"]}}");
        var error = await Assert.ThrowsAsync<PrinterException>(async () => await events.MoveNextAsync());

        Assert.Equal(PrinterFault.Protocol, error.Fault);
        Assert.Contains("4096", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "k", "Url")]
    [InlineData("ftp://octopi/", "k", "Url")]
    [InlineData("not a url", "k", "Url")]
    [InlineData("http://octopi.local/", null, "ApiKey")]
    [InlineData("http://octopi.local/", " ", "ApiKey")]
    public void Settings_without_an_address_or_a_key_are_refused_with_what_to_give(string? url, string? key, string setting)
    {
        var settings = new Dictionary<string, string?>();
        if (url is not null)
        {
            settings["Url"] = url;
        }

        if (key is not null)
        {
            settings["ApiKey"] = key;
        }

        var error = Assert.Throws<PrinterSettingsException>(() => OctoPrintPrinterPlugin.Create(new PrinterConnectionSettings("Prusa", "octoprint", PluginSettings.Of(settings))));

        Assert.Equal(("Prusa", setting), (error.Printer, error.Key));
        Assert.Contains(setting == "Url" ? "octopi.local" : "API key", error.Message, StringComparison.Ordinal);
    }
}
