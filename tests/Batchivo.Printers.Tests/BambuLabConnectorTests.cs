using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Printers.BambuLab;
using Batchivo.Printers.Emulators;
using Microsoft.Extensions.Logging;

namespace Batchivo.Printers.Tests;

/// <summary>
/// The Bambu Lab connector against the printer emulator on a real Mosquitto broker (TLS from a throwaway CA, user
/// <c>bblp</c> with the access code), replaying the recorded A1 reports.
/// </summary>
public sealed class BambuLabConnectorTests
{
    private const string AccessCode = "40917283";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_recorded_A1_job_is_streamed_from_its_start_with_the_AMS_mapping_to_its_finish_under_the_printers_task_id()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = await WatchConnectedAsync(connector, null, bound.Token);

        var job = await printer.StartJobAsync("Würfel.3mf");
        var started = await NextAsync(events, e => true);
        await printer.ProgressAsync(50);
        var progress = await NextAsync(events, e => e.Kind == PrinterJobEventKind.Progress && e.Progress > 0);
        await printer.EndJobAsync();
        var finished = await NextAsync(events, e => e.IsEnd);

        Assert.Equal((PrinterJobEventKind.Started, job, "Würfel.3mf", 0m), (started.Kind, started.JobId, started.FileName, started.Progress));
        Assert.False(started.FromHistory);
        Assert.Null(started.Estimate);

        // The recorded project_file maps the slicer's filament 1 to tray 3: AMS 1, slot 4, white PLA in the recorded state.
        Assert.Equal("AMS mapping: filament 1 → AMS 1 slot 4 (PLA #FFFFFF); file ftp:///cache/Würfel.3mf Metadata/plate_1.gcode", started.Detail);
        Assert.Equal(0.5m, progress.Progress);
        Assert.Equal((PrinterJobEventKind.Finished, job, "Würfel.3mf", 1m), (finished.Kind, finished.JobId, finished.FileName, finished.Progress));
        Assert.True(finished.At >= started.At);
    }

    [Theory]
    [InlineData("cancelled", PrinterJobEventKind.Cancelled, null)]
    [InlineData("failed", PrinterJobEventKind.Failed, "the printer reports FAILED, error 0300-4006 (print_error 50348038)")]
    public async Task A_cancel_shows_print_error_50348044_before_FAILED_and_is_a_cancel_and_another_error_is_a_failure(string end, PrinterJobEventKind kind, string? detail)
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = await WatchConnectedAsync(connector, null, bound.Token);

        var job = await printer.StartJobAsync("cube.3mf");
        await printer.EndJobAsync(end);
        var ended = await NextAsync(events, e => e.IsEnd);

        Assert.Equal((kind, job, detail), (ended.Kind, ended.JobId, ended.Detail));
    }

    [Fact]
    public async Task Pauses_and_resumes_are_streamed_once_each()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = await WatchConnectedAsync(connector, null, bound.Token);

        var job = await printer.StartJobAsync("cube.3mf");
        await printer.SetPausedAsync(true);
        await printer.SetPausedAsync(true);
        await printer.SetPausedAsync(false);
        await printer.EndJobAsync();
        var seen = await UntilAsync(events, e => e.IsEnd);

        Assert.Equal(
            [PrinterJobEventKind.Started, PrinterJobEventKind.Paused, PrinterJobEventKind.Resumed, PrinterJobEventKind.Finished],
            seen.Where(e => e.Kind != PrinterJobEventKind.Progress).Select(e => e.Kind));
        Assert.All(seen, e => Assert.Equal(job, e.JobId));
    }

    [Fact]
    public async Task Partial_reports_are_merged_so_a_start_reported_alone_still_has_the_file_name_of_an_earlier_report()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = await WatchConnectedAsync(connector, null, bound.Token);

        // As the recorded LAN print: the names come in an IDLE report, then PREPARE alone, then RUNNING alone.
        await printer.StartJobAsync("bracket_PETG.3mf", namesFirst: true);
        var started = await NextAsync(events, e => true);
        var status = await connector.GetStatusAsync(bound.Token);

        Assert.Equal("bracket_PETG.3mf", started.FileName);
        Assert.Equal(PrinterActivity.Printing, status.Activity);
        Assert.Equal((started.JobId, "bracket_PETG.3mf"), (status.Job?.JobId, status.Job?.FileName));
    }

    [Fact]
    public async Task Duplicate_and_late_reports_never_start_a_job_again_nor_end_it_twice()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = await WatchConnectedAsync(connector, null, bound.Token);

        var first = await printer.StartJobAsync("one.3mf");
        var running = await printer.ReportAsync(new JsonObject { ["gcode_state"] = "RUNNING", ["mc_percent"] = 10 });
        await printer.SendRawAsync(running);
        var finish = await printer.ReportAsync(new JsonObject { ["gcode_state"] = "FINISH", ["mc_percent"] = 100 });
        await printer.SendRawAsync(finish);
        await printer.SendRawAsync(running);
        await printer.SendRawAsync(finish);
        var second = await printer.StartJobAsync("two.3mf");
        var seen = await UntilAsync(events, e => e.Kind == PrinterJobEventKind.Started && e.JobId == second);

        Assert.Equal(
            [(PrinterJobEventKind.Started, first), (PrinterJobEventKind.Finished, first), (PrinterJobEventKind.Started, second)],
            seen.Where(e => e.Kind != PrinterJobEventKind.Progress).Select(e => (e.Kind, e.JobId)));
    }

    [Fact]
    public async Task A_disconnect_mid_job_then_a_reconnect_after_it_ended_reports_the_end_once_from_the_full_state()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);
        var job = string.Empty;
        PrinterJobEvent started;
        await using (var events = await WatchConnectedAsync(connector, null, bound.Token))
        {
            job = await printer.StartJobAsync("cube.3mf");
            started = await NextAsync(events, e => true);
            await printer.GoOfflineAsync();
            var lost = await Assert.ThrowsAsync<PrinterException>(async () => await NextAsync(events, e => false));
            Assert.Equal(PrinterFault.Unreachable, lost.Fault);
        }

        await printer.EndJobAsync("finished", announce: false);
        await printer.ComeOnlineAsync();
        await using var again = await WatchConnectedAsync(connector, started.At, bound.Token);
        var ended = await NextAsync(again, e => true);
        var next = await printer.StartJobAsync("next.3mf");
        var afterwards = await UntilAsync(again, e => e.JobId == next);

        Assert.Equal((PrinterJobEventKind.Finished, job), (ended.Kind, ended.JobId));
        Assert.DoesNotContain(afterwards, e => e.JobId == job);
        Assert.Equal(2, printer.PushallRequests);
    }

    [Fact]
    public async Task A_LAN_print_without_printer_ids_keeps_the_id_it_was_given_across_a_reconnect_and_ends_once()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);
        PrinterJobEvent started;
        await using (var events = await WatchConnectedAsync(connector, null, bound.Token))
        {
            Assert.Equal("0", await printer.StartJobAsync("Würfel.3mf", namesFirst: true, lan: true));
            started = await NextAsync(events, e => true);
            await printer.GoOfflineAsync();
            await Assert.ThrowsAsync<PrinterException>(async () => await NextAsync(events, e => false));
        }

        await printer.ComeOnlineAsync();
        await using var again = await WatchConnectedAsync(connector, started.At, bound.Token);
        await printer.ProgressAsync(60);
        await printer.EndJobAsync();
        var seen = await UntilAsync(again, e => e.IsEnd);

        Assert.StartsWith($"{printer.Serial}-", started.JobId, StringComparison.Ordinal);
        Assert.Equal("Würfel.3mf", started.FileName);
        Assert.DoesNotContain(seen, e => e.Kind == PrinterJobEventKind.Started);
        Assert.All(seen, e => Assert.Equal(started.JobId, e.JobId));
        Assert.Equal(PrinterJobEventKind.Finished, seen[^1].Kind);
    }

    [Fact]
    public async Task A_status_then_a_watch_make_one_connection_and_ask_for_the_full_state_once()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);

        var status = await connector.GetStatusAsync(bound.Token);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var job = await printer.StartJobAsync("cube.3mf");
        await NextAsync(events, e => e.JobId == job);
        await connector.GetStatusAsync(bound.Token);
        await printer.EndJobAsync();
        await NextAsync(events, e => e.IsEnd);

        // The recorded state before the job: the last job FINISHed.
        Assert.Equal(PrinterActivity.Finished, status.Activity);
        Assert.Equal(1, printer.PushallRequests);
        Assert.All(printer.Requests, r => Assert.Contains("\"pushall\"", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_since_a_job_that_ran_and_ended_unwatched_is_reported_from_the_full_state_and_without_since_it_is_not()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        var job = await printer.StartJobAsync("unwatched.3mf", announce: false);
        await printer.EndJobAsync("cancelled", announce: false);
        using var bound = new CancellationTokenSource(Bound);

        string next;
        await using var fresh = Connect(printer);
        await using (var events = await WatchConnectedAsync(fresh, null, bound.Token))
        {
            next = await printer.StartJobAsync("next.3mf");
            Assert.Equal(next, (await NextAsync(events, e => true)).JobId);
            await printer.EndJobAsync();
        }

        await using var restarted = Connect(printer);
        await using var replay = restarted.WatchAsync(DateTimeOffset.UnixEpoch, bound.Token).GetAsyncEnumerator(bound.Token);
        var found = await NextAsync(replay, e => true);
        var end = await NextAsync(replay, e => true);

        Assert.NotEqual(job, next);
        Assert.Equal((PrinterJobEventKind.Started, next, true), (found.Kind, found.JobId, found.FromHistory));
        Assert.Equal((PrinterJobEventKind.Finished, found.JobId, true), (end.Kind, end.JobId, end.FromHistory));
        Assert.Equal("next.3mf", end.FileName);
    }

    [Fact]
    public async Task A_printer_offline_at_start_is_unreachable()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode, online: false);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);

        var status = await Assert.ThrowsAsync<PrinterException>(() => connector.GetStatusAsync(bound.Token));
        var watch = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token).MoveNextAsync());

        Assert.Equal((PrinterFault.Unreachable, PrinterFault.Unreachable), (status.Fault, watch.Fault));
        Assert.Contains("cannot be reached", status.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{printer.Port}", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_access_code_is_unauthorized_and_never_shown()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        var logs = new ConcurrentQueue<string>();
        using var loggers = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(logs)));
        await using var connector = Connect(printer, "99999999", loggers);
        using var bound = new CancellationTokenSource(Bound);

        var status = await Assert.ThrowsAsync<PrinterException>(() => connector.GetStatusAsync(bound.Token));
        var watch = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token).MoveNextAsync());

        Assert.Equal((PrinterFault.Unauthorized, PrinterFault.Unauthorized), (status.Fault, watch.Fault));
        Assert.False(status.Transient);
        Assert.Contains("refused the access code", status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("99999999", status.Message + status.InnerException, StringComparison.Ordinal);
        Assert.DoesNotContain(logs, l => l.Contains("99999999", StringComparison.Ordinal));
        Assert.Equal(0, printer.PushallRequests);
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_refused()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode, foreignAuthority: true);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);

        var error = await Assert.ThrowsAsync<PrinterException>(() => connector.GetStatusAsync(bound.Token));

        Assert.Equal(PrinterFault.Certificate, error.Fault);
        Assert.Contains("does not chain to the CA file", error.Message, StringComparison.Ordinal);
        Assert.Contains("Someone else's CA", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, printer.PushallRequests);
    }

    [Fact]
    public async Task A_certificate_of_the_right_CA_issued_to_another_serial_is_refused()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode, certificateName: "01P00A000000001");
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);

        var error = await Assert.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token).MoveNextAsync());

        Assert.Equal(PrinterFault.Certificate, error.Fault);
        Assert.Contains($"issued to 01P00A000000001, not to the serial {printer.Serial}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, printer.PushallRequests);
    }

    [Fact]
    public async Task The_built_in_Bambu_CA_refuses_a_printer_whose_certificate_it_did_not_issue()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer, caPath: string.Empty);
        using var bound = new CancellationTokenSource(Bound);

        var error = await Assert.ThrowsAsync<PrinterException>(() => connector.GetStatusAsync(bound.Token));

        Assert.Equal(PrinterFault.Certificate, error.Fault);
        Assert.Contains("Bambu Lab's printer CAs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_report_is_logged_and_skipped_and_the_job_after_it_is_streamed()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        var logs = new ConcurrentQueue<string>();
        using var loggers = LoggerFactory.Create(l => l.AddProvider(new ListLoggerProvider(logs)));
        await using var connector = Connect(printer, loggers: loggers);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = await WatchConnectedAsync(connector, null, bound.Token);

        await printer.SendRawAsync("{\"print\": {\"gcode_state\": \"RUNNING\", ");
        await printer.SendRawAsync("[1, 2]");
        var job = await printer.StartJobAsync("cube.3mf");
        var started = await NextAsync(events, e => true);

        Assert.Equal(job, started.JobId);
        Assert.Contains(logs, l => l.Contains("not JSON", StringComparison.Ordinal) && l.Contains("gcode_state", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("not a JSON object", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_oversized_report_ends_the_watch_as_a_protocol_fault()
    {
        await using var printer = await BambuLabEmulator.StartAsync(AccessCode);
        await using var connector = Connect(printer);
        using var bound = new CancellationTokenSource(Bound);
        await using var events = await WatchConnectedAsync(connector, null, bound.Token);

        await printer.SendRawAsync("{\"print\": {\"pad\": \"" + new string('x', 2 << 20) + "\"}}");
        var error = await Assert.ThrowsAsync<PrinterException>(async () => await NextAsync(events, e => false));

        Assert.Equal(PrinterFault.Protocol, error.Fault);
        Assert.Contains("larger than 1048576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Serial", null, "Serial")]
    [InlineData("Serial", "device/1", "Serial")]
    [InlineData("AccessCode", null, "AccessCode")]
    [InlineData("Host", "not a host!", "Host")]
    [InlineData("CaCertificate", "/nonexistent/ca.pem", "CaCertificate")]
    public void Wrong_settings_are_refused_by_name_without_the_access_code(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Host"] = "192.168.1.40", ["Serial"] = BambuLabEmulator.DefaultSerial, ["AccessCode"] = "secret-code-77" };
        if (value is null)
        {
            settings.Remove(key);
        }
        else
        {
            settings[key] = value;
        }

        var error = Assert.Throws<PrinterSettingsException>(() => BambuLabPrinterPlugin.Create(new PrinterConnectionSettings("X1C", "bambulab", PluginSettings.Of(settings))));

        Assert.Equal(named, error.Key);
        Assert.DoesNotContain("secret-code-77", error.Message, StringComparison.Ordinal);
    }

    internal static BambuLabConnector Connect(BambuLabEmulator printer, string accessCode = AccessCode, ILoggerFactory? loggers = null, string? caPath = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Host"] = printer.Host,
            ["Port"] = printer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Serial"] = printer.Serial,
            ["AccessCode"] = accessCode,
            ["CaCertificate"] = caPath ?? printer.CaPath,

            // Generous on a busy machine (the default is 10 s): a slow answer is not what these tests check.
            ["ConnectTimeout"] = "00:00:45",
        };
        return BambuLabPrinterPlugin.Create(new PrinterConnectionSettings("X1C", "bambulab", PluginSettings.Of(settings)), loggers);
    }

    /// <summary>Reads the status first, so that the watch takes over a connection already subscribed.</summary>
    internal static async Task<IAsyncEnumerator<PrinterJobEvent>> WatchConnectedAsync(IPrinterConnector connector, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await connector.GetStatusAsync(cancellationToken);
        return connector.WatchAsync(since, cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    internal static async Task<PrinterJobEvent> NextAsync(IAsyncEnumerator<PrinterJobEvent> events, Func<PrinterJobEvent, bool> match)
    {
        while (await events.MoveNextAsync())
        {
            if (match(events.Current))
            {
                return events.Current;
            }
        }

        throw new Xunit.Sdk.XunitException("The connector's stream ended before the expected event.");
    }

    private static async Task<List<PrinterJobEvent>> UntilAsync(IAsyncEnumerator<PrinterJobEvent> events, Func<PrinterJobEvent, bool> last)
    {
        var seen = new List<PrinterJobEvent>();
        while (await events.MoveNextAsync())
        {
            seen.Add(events.Current);
            if (last(events.Current))
            {
                return seen;
            }
        }

        throw new Xunit.Sdk.XunitException("The connector's stream ended before the expected event.");
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
