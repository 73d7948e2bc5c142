using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Printers.Emulators;
using Batchivo.Printers.PrusaLink;
using static Batchivo.Printers.Tests.PrusaLinkTesting;

namespace Batchivo.Printers.Tests;

/// <summary>The PrusaLink connector's faults: an unreachable printer, a lost connection, refused credentials, broken answers, bad settings.</summary>
public sealed class PrusaLinkFaultTests
{
    [Fact]
    public async Task A_printer_that_is_off_is_unreachable_and_says_to_check_it()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync(online: false);
        await using var connector = Connect(printer.Url);

        var watch = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());
        var status = await Assert.ThrowsAsync<PrinterException>(() => connector.GetStatusAsync());

        foreach (var error in new[] { watch, status })
        {
            Assert.Equal(PrinterFault.Unreachable, error.Fault);
            Assert.True(error.Transient);
            Assert.Contains("Printer Mk4", error.Message, StringComparison.Ordinal);
            Assert.Contains(printer.Url.ToString(), error.Message, StringComparison.Ordinal);
            Assert.Contains("Check that the printer is on", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_certificate_this_host_does_not_trust_is_a_certificate_fault()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync(https: true);
        await using var connector = Connect(printer.Url);

        var error = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());

        Assert.Equal(PrinterFault.Certificate, error.Fault);
        Assert.False(error.Transient);
        Assert.Contains("does not trust", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_printer_that_accepts_but_never_answers_is_unreachable_after_the_request_timeout()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        printer.Stalled = true;
        await using var connector = Connect(printer.Url, settings: new() { ["RequestTimeout"] = "00:00:01" });

        var error = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());

        Assert.Equal(PrinterFault.Unreachable, error.Fault);
        Assert.Contains("no answer in 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poll_that_fails_mid_job_throws_and_the_next_watch_reports_the_end_the_printer_still_shows_once()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        PrinterJobEvent started;
        PrinterException lost;
        await using (events)
        {
            started = await StartWhenWatchedAsync(printer, events, "hook.gcode");
            await printer.GoOfflineAsync();
            lost = await Assert.ThrowsAsync<PrinterException>(async () => await NextAsync(events));
        }

        printer.EndJob("STOPPED");
        await printer.ComeOnlineAsync();
        await using var again = connector.WatchAsync(started.At, bound.Token).GetAsyncEnumerator(bound.Token);
        var replayed = await NextAsync(again);
        var ended = await NextAsync(again);
        var next = "";
        var after = await NextAfterPollsAsync(printer, again, (5, () => next = Key(printer.StartJob("next.gcode"))));

        Assert.Equal(PrinterFault.Unreachable, lost.Fault);
        Assert.Equal((PrinterJobEventKind.Started, started.JobId), (replayed.Kind, replayed.JobId));
        Assert.Equal((PrinterJobEventKind.Cancelled, started.JobId), (ended.Kind, ended.JobId));
        Assert.Equal((PrinterJobEventKind.Started, next), (after.Kind, after.JobId));
    }

    [Fact]
    public async Task A_job_that_is_still_running_after_a_lost_connection_is_started_again_under_the_same_id_and_ends_once()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        using var bound = new CancellationTokenSource(Bound);
        PrinterJobEvent started;
        await using (var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token))
        {
            started = await StartWhenWatchedAsync(printer, events, "hook.gcode");
            await printer.GoOfflineAsync();
            await Assert.ThrowsAsync<PrinterException>(async () => await NextAsync(events));
        }

        await printer.ComeOnlineAsync();
        await using var again = connector.WatchAsync(started.At, bound.Token).GetAsyncEnumerator(bound.Token);
        var resumed = await NextAsync(again);
        printer.EndJob("FINISHED");
        var ended = await NextAsync(again);

        Assert.Equal((PrinterJobEventKind.Started, started.JobId, false), (resumed.Kind, resumed.JobId, resumed.FromHistory));
        Assert.Equal((PrinterJobEventKind.Finished, started.JobId), (ended.Kind, ended.JobId));
    }

    [Fact]
    public async Task A_job_whose_end_screen_was_cleared_while_the_printer_was_unreachable_gets_no_invented_end_but_a_warning()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        var logs = new ListLoggerFactory();
        await using var connector = Connect(printer.Url, loggers: logs);
        using var bound = new CancellationTokenSource(Bound);
        PrinterJobEvent started;
        await using (var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token))
        {
            started = await StartWhenWatchedAsync(printer, events, "hook.gcode");
            await printer.GoOfflineAsync();
            await Assert.ThrowsAsync<PrinterException>(async () => await NextAsync(events));
        }

        printer.EndJob("FINISHED");
        printer.ClearEndScreen();
        await printer.ComeOnlineAsync();
        await using var again = connector.WatchAsync(started.At, bound.Token).GetAsyncEnumerator(bound.Token);
        var first = again.MoveNextAsync().AsTask();
        await PolledAsync(printer, first, polls: 3);
        var next = Key(printer.StartJob("next.gcode"));
        Assert.True(await first);

        Assert.Equal((PrinterJobEventKind.Started, next), (again.Current.Kind, again.Current.JobId));
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning: Printer Mk4: job " + started.JobId + " (hook.gcode) is no longer shown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_digest_password_is_refused_as_unauthorized_without_showing_it()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url, password: "a-wrong-password");

        var watch = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());
        var status = await Assert.ThrowsAsync<PrinterException>(() => connector.GetStatusAsync());

        foreach (var error in new[] { watch, status })
        {
            Assert.Equal(PrinterFault.Unauthorized, error.Fault);
            Assert.False(error.Transient);
            Assert.Contains("Printer Mk4", error.Message, StringComparison.Ordinal);
            Assert.Contains("refused the user name or password", error.Message, StringComparison.Ordinal);
            Assert.Contains("User and Password", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("a-wrong-password", error.Message, StringComparison.Ordinal);
        }

        Assert.True(printer.Refused >= 2);
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused_as_unauthorized_without_showing_it()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync(apiKey: "the-right-key");
        await using var connector = Connect(printer.Url, user: null, password: null, apiKey: "a-wrong-key");

        var error = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());

        Assert.Equal(PrinterFault.Unauthorized, error.Fault);
        Assert.Contains("refused the API key", error.Message, StringComparison.Ordinal);
        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-key", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, printer.Refused);
    }

    [Fact]
    public async Task A_printer_that_asks_for_another_kind_of_credentials_says_which_to_give()
    {
        await using var keyPrinter = await PrusaLinkEmulator.StartAsync(apiKey: "the-right-key");
        await using var digestPrinter = await PrusaLinkEmulator.StartAsync();
        await using var withPassword = Connect(keyPrinter.Url);
        await using var withKey = Connect(digestPrinter.Url, user: null, password: null, apiKey: "some-key");

        var asksKey = await Assert.ThrowsAsync<PrinterException>(() => withPassword.GetStatusAsync());
        var asksPassword = await Assert.ThrowsAsync<PrinterException>(() => withKey.GetStatusAsync());

        Assert.Equal((PrinterFault.Unauthorized, PrinterFault.Unauthorized), (asksKey.Fault, asksPassword.Fault));
        Assert.Contains("asks for an API key", asksKey.Message, StringComparison.Ordinal);
        Assert.Contains("asks for a user name and password", asksPassword.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, asksKey.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("some-key", asksPassword.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_challenge_without_qop_is_answered_too()
    {
        await using var printer = await PrusaLinkEmulator.StartAsync(qop: false);
        await using var connector = Connect(printer.Url);
        var job = printer.StartJob("hook.gcode");

        var status = await connector.GetStatusAsync();

        Assert.Equal(Key(job), status.Job?.JobId);
    }

    [Theory]
    [InlineData("/api/v1/status", "{\"printer\": {\"state\": \"PRINT")]
    [InlineData("/api/v1/job", "<html>Not a printer</html>")]
    [InlineData("/api/v1/status", "[1, 2, 3]")]
    [InlineData("/api/v1/status", "{\"storage\": {}}")]
    [InlineData("/api/v1/job", "{\"file\": {\"name\": \"x.gcode\"}}")]
    public async Task A_malformed_answer_is_a_protocol_fault_and_the_next_watch_works_again(string path, string text)
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        await using var connector = Connect(printer.Url);
        printer.StartJob("hook.gcode");
        printer.AnswerRaw(path, text);

        var error = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());
        printer.AnswerRaw(path, null);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var started = await NextAsync(events);

        Assert.Equal(PrinterFault.Protocol, error.Fault);
        Assert.True(error.Transient);
        Assert.Contains("Printer Mk4", error.Message, StringComparison.Ordinal);
        Assert.Equal(PrinterJobEventKind.Started, started.Kind);
    }

    [Theory]
    [InlineData(null, 1 << 20, false)]
    [InlineData(null, 1 << 20, true)]
    [InlineData("4096", 4096, false)]
    public async Task An_oversized_answer_is_a_protocol_fault_naming_the_bound(string? setting, int bound, bool withLength)
    {
        await using var printer = await PrusaLinkEmulator.StartAsync();
        var settings = setting is null ? null : new Dictionary<string, string?> { ["MaxResponseBytes"] = setting };
        await using var connector = Connect(printer.Url, settings: settings);
        printer.AnswerRaw("/api/v1/job", "{\"pad\": \"" + new string('x', bound + 10) + "\"}", withLength);
        printer.StartJob("hook.gcode");

        var error = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null).GetAsyncEnumerator().MoveNextAsync());

        Assert.Equal(PrinterFault.Protocol, error.Fault);
        Assert.Contains($"larger than {bound} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "maker", "pw", null, "Url", "prusa-mk4.local")]
    [InlineData("ftp://printer/", "maker", "pw", null, "Url", "prusa-mk4.local")]
    [InlineData("http://printer/", null, null, null, "User", "ApiKey")]
    [InlineData("http://printer/", "maker", null, null, "Password", "needs its Password")]
    [InlineData("http://printer/", null, "s3cret-pw", null, "User", "needs its User")]
    [InlineData("http://maker:s3cret-pw@printer/", null, null, "k", "Url", "credentials as User and Password")]
    public void Settings_without_an_address_or_credentials_are_refused_with_what_to_give(string? url, string? user, string? password, string? apiKey, string key, string hint)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (name, value) in new[] { ("Url", url), ("User", user), ("Password", password), ("ApiKey", apiKey) })
        {
            if (value is not null)
            {
                settings[name] = value;
            }
        }

        var error = Assert.Throws<PrinterSettingsException>(() => PrusaLinkPrinterPlugin.Create(new PrinterConnectionSettings("Mk4", "prusalink", PluginSettings.Of(settings))));

        Assert.Equal(("Mk4", key), (error.Printer, error.Key));
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PollInterval", "00:00:00.010")]
    [InlineData("PollInterval", "01:00:00")]
    [InlineData("RequestTimeout", "00:00:00")]
    [InlineData("MaxResponseBytes", "10")]
    public void Bounds_outside_their_range_are_refused(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Url"] = "http://printer/", ["ApiKey"] = "k", [key] = value };

        var error = Assert.Throws<PrinterSettingsException>(() => PrusaLinkPrinterPlugin.Create(new PrinterConnectionSettings("Mk4", "prusalink", PluginSettings.Of(settings))));

        Assert.Equal(key, error.Key);
        Assert.Contains("between", error.Message, StringComparison.Ordinal);
    }
}
