using Batchivo.Devices;

namespace Batchivo.Testing.Printers;

/// <summary>
/// The conformance tests of a printer connector (<see cref="IPrinterConnector"/>). Inherit it in a test class,
/// start your printer's emulator (or a real printer on a test bench) in <see cref="StartPrinterAsync"/>, and say how to
/// start and end a job on it; every test of this class then runs against your connector.
/// </summary>
/// <remarks>
/// What is checked: a job that starts is streamed as <see cref="PrinterJobEventKind.Started"/> with its file and a job
/// id, and its end with the same id and the right kind (finished, failed, cancelled); events come in order (no end before
/// its start, no second end); the status names the running job by the same id; a second job gets another id; with
/// <c>since</c> given, jobs that ran while nobody watched come from the printer's history or current state; a printer
/// that cannot be reached throws <see cref="PrinterException"/> with <see cref="PrinterFault.Unreachable"/>, never
/// another exception; cancelling the watch ends it; disposing twice is safe. Every wait is bounded by
/// <see cref="WaitLimit"/>: a connector that hangs fails the test instead of blocking the run.
/// </remarks>
public abstract class PrinterConnectorConformanceTests : ConformanceKit
{
    /// <summary>The kit's cases, one row per case name: feed your data-driven <see cref="ConformanceKit.Conformance"/> test from it
    /// (xunit v2 or v3: <c>[Theory, MemberData(nameof(Cases))]</c>).</summary>
    /// <exception cref="ConformanceException">The kit has no case to run.</exception>
    public static IEnumerable<object[]> Cases => CasesOf(typeof(PrinterConnectorConformanceTests));

    /// <summary>How long one wait for an event may take before it counts as a hang: 60 seconds (generous, for busy machines).</summary>
    protected virtual TimeSpan WaitLimit => TimeSpan.FromSeconds(60);

    /// <summary>True when the printer keeps a job history, so jobs that ran unwatched are reported with their ends (Moonraker, PrusaLink); false when only the current job is known.</summary>
    protected virtual bool KeepsHistory => true;

    /// <summary>Starts a printer (an emulator) and returns it; disposing it stops it.</summary>
    /// <returns>The printer.</returns>
    protected abstract Task<IAsyncDisposable> StartPrinterAsync();

    /// <summary>Creates a connector to the printer started by <see cref="StartPrinterAsync"/>.</summary>
    /// <param name="printer">The printer.</param>
    /// <returns>The connector.</returns>
    protected abstract IPrinterConnector Connect(IAsyncDisposable printer);

    /// <summary>Creates a connector to an address where no printer answers.</summary>
    /// <returns>The connector.</returns>
    protected abstract IPrinterConnector ConnectToNothing();

    /// <summary>Starts a job on the printer.</summary>
    /// <param name="printer">The printer.</param>
    /// <param name="fileName">The job's file.</param>
    /// <returns>A task.</returns>
    protected abstract Task StartJobAsync(IAsyncDisposable printer, string fileName);

    /// <summary>Ends the running job on the printer.</summary>
    /// <param name="printer">The printer.</param>
    /// <param name="end">How: <see cref="PrinterJobEventKind.Finished"/>, <see cref="PrinterJobEventKind.Failed"/> or <see cref="PrinterJobEventKind.Cancelled"/>.</param>
    /// <returns>A task.</returns>
    protected abstract Task EndJobAsync(IAsyncDisposable printer, PrinterJobEventKind end);

    /// <summary>A job's start and each kind of end are streamed, with one id per job.</summary>
    /// <param name="end">The end.</param>
    /// <returns>A task.</returns>
    [ConformanceCase(PrinterJobEventKind.Finished)]
    [ConformanceCase(PrinterJobEventKind.Failed)]
    [ConformanceCase(PrinterJobEventKind.Cancelled)]
    public async Task A_job_is_streamed_from_its_start_to_its_end_under_one_id(PrinterJobEventKind end)
    {
        var printer = await StartPrinterAsync();
        await using var printerDisposal = printer;
        var connector = Connect(printer);
        await using var connectorDisposal = connector;
        using var bound = new CancellationTokenSource(WaitLimit);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var first = events.MoveNextAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(200), bound.Token);

        await StartJobAsync(printer, "conformance-part.gcode");
        Expect.True(await first, "The stream ended before the job started.");
        var started = events.Current;
        await EndJobAsync(printer, end);
        var ended = await NextAsync(events, e => e.IsEnd);

        Expect.Equal(PrinterJobEventKind.Started, started.Kind);
        Expect.EndsWith("conformance-part.gcode", started.FileName, StringComparison.Ordinal);
        Expect.False(string.IsNullOrWhiteSpace(started.JobId), "A started job has no id.");
        Expect.Equal(end, ended.Kind);
        Expect.Equal(started.JobId, ended.JobId);
        Expect.True(ended.At >= started.At, $"The end ({ended.At:O}) is before the start ({started.At:O}).");
    }

    /// <summary>The status names the running job by the id its events carry, and a second job has another id.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task The_status_names_the_running_job_by_the_id_of_its_events()
    {
        var printer = await StartPrinterAsync();
        await using var printerDisposal = printer;
        var connector = Connect(printer);
        await using var connectorDisposal = connector;
        using var bound = new CancellationTokenSource(WaitLimit);
        await using var events = connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token);
        var first = events.MoveNextAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(200), bound.Token);

        await StartJobAsync(printer, "one.gcode");
        Expect.True(await first);
        var one = events.Current;
        var status = await connector.GetStatusAsync(bound.Token);
        await EndJobAsync(printer, PrinterJobEventKind.Finished);
        await NextAsync(events, e => e.IsEnd);
        await StartJobAsync(printer, "two.gcode");
        var two = await NextAsync(events, e => e.Kind == PrinterJobEventKind.Started);

        Expect.Equal(PrinterActivity.Printing, status.Activity);
        Expect.Equal(one.JobId, status.Job?.JobId);
        Expect.NotEqual(one.JobId, two.JobId);
    }

    /// <summary>Jobs that ran while nobody watched are reported when watching resumes from before them.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Jobs_that_ran_unwatched_are_reported_when_watching_resumes()
    {
        var printer = await StartPrinterAsync();
        await using var printerDisposal = printer;
        var connector = Connect(printer);
        await using var connectorDisposal = connector;
        var since = (await connector.GetStatusAsync()).At.AddMinutes(-1);
        await StartJobAsync(printer, "unwatched.gcode");
        if (KeepsHistory)
        {
            await EndJobAsync(printer, PrinterJobEventKind.Finished);
        }

        using var bound = new CancellationTokenSource(WaitLimit);
        await using var events = connector.WatchAsync(since, bound.Token).GetAsyncEnumerator(bound.Token);
        var seen = await NextAsync(events, e => e.FileName.EndsWith("unwatched.gcode", StringComparison.Ordinal) && (e.IsEnd || !KeepsHistory));

        Expect.Equal(KeepsHistory ? PrinterJobEventKind.Finished : PrinterJobEventKind.Started, seen.Kind);
    }

    /// <summary>A printer that does not answer is a <see cref="PrinterException"/> saying it is unreachable.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task A_printer_that_does_not_answer_is_unreachable()
    {
        var connector = ConnectToNothing();
        await using var disposal = connector;
        using var bound = new CancellationTokenSource(WaitLimit);

        var status = await Expect.ThrowsAsync<PrinterException>(() => connector.GetStatusAsync(bound.Token));
        var watch = await Expect.ThrowsAsync<PrinterException>(async () => await connector.WatchAsync(null, bound.Token).GetAsyncEnumerator(bound.Token).MoveNextAsync());

        Expect.Equal(PrinterFault.Unreachable, status.Fault);
        Expect.Equal(PrinterFault.Unreachable, watch.Fault);
        Expect.False(string.IsNullOrWhiteSpace(status.Message));
    }

    /// <summary>Cancelling the watch ends it with <see cref="OperationCanceledException"/>, and disposing twice is safe.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Cancelling_ends_the_watch_and_disposing_twice_is_safe()
    {
        var printer = await StartPrinterAsync();
        await using var printerDisposal = printer;
        var connector = Connect(printer);
        using var stop = new CancellationTokenSource();
        using var bound = new CancellationTokenSource(WaitLimit);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, bound.Token);
        await using var events = connector.WatchAsync(null, both.Token).GetAsyncEnumerator(both.Token);

        var next = events.MoveNextAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(200), bound.Token);
        await stop.CancelAsync();

        await Expect.ThrowsAnyAsync<OperationCanceledException>(() => next);
        Expect.False(bound.IsCancellationRequested, "The watch did not end when cancelled.");
        await connector.DisposeAsync();
        await connector.DisposeAsync();
    }

    private static async Task<PrinterJobEvent> NextAsync(IAsyncEnumerator<PrinterJobEvent> events, Func<PrinterJobEvent, bool> match)
    {
        while (await events.MoveNextAsync())
        {
            if (match(events.Current))
            {
                return events.Current;
            }
        }

        throw new ConformanceException("The connector's stream ended before the expected event.");
    }
}
