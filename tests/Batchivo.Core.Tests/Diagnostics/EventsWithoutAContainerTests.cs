using Batchivo.Diagnostics;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Core.Tests.Diagnostics;

/// <summary>An app that creates the services itself passes its subscribers: the events derive from what each commit stored, on Core's in-memory store.</summary>
public sealed class EventsWithoutAContainerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_printer_job_that_creates_and_starts_a_run_in_one_commit_tells_one_start_and_its_cancellation()
    {
        var store = new InMemoryProductionStore();
        var told = new List<BatchivoEvent>();
        var subscriber = new ListSubscriber(told);
        await new CatalogService(store).AddPrinterAsync("Voron", "Voron 2.4");
        var jobs = new PrinterJobService(store, null, [subscriber]);
        var voron = new PrinterConnectionSettingsFor("Voron").Settings;

        await jobs.HandleAsync(voron, new Batchivo.Devices.PrinterJobEvent(Batchivo.Devices.PrinterJobEventKind.Started, "J1", "part.gcode", T0));
        await jobs.HandleAsync(voron, new Batchivo.Devices.PrinterJobEvent(Batchivo.Devices.PrinterJobEventKind.Started, "J1", "part.gcode", T0)); // a replay stores nothing
        await jobs.HandleAsync(voron, new Batchivo.Devices.PrinterJobEvent(Batchivo.Devices.PrinterJobEventKind.Cancelled, "J1", "part.gcode", T0.AddMinutes(5)));

        Assert.Collection(
            told,
            e => Assert.Equal(("Voron", 1), (Assert.IsType<RunStarted>(e).Printer, ((RunStarted)e).RunNumber)),
            e => Assert.True(Assert.IsType<RunCancelled>(e).WasStarted));
    }

    [Fact]
    public async Task Edits_that_change_no_status_and_no_ledger_tell_nothing()
    {
        var store = new InMemoryProductionStore();
        var told = new List<BatchivoEvent>();
        var production = new ProductionService(store, subscribers: [new ListSubscriber(told)]);
        await production.Catalog.AddPrinterAsync("Voron", "Voron 2.4");
        var run = await production.Runs.CreateRunAsync("Voron");
        await production.Runs.SetNotesAsync(run.Number, "just notes");

        Assert.Empty(told);

        await production.Runs.CancelAsync(run.Number);

        var cancelled = Assert.IsType<RunCancelled>(Assert.Single(told));
        Assert.False(cancelled.WasStarted);
        Assert.Equal(Mass.Zero, cancelled.Used);
        Assert.Equal((await store.FindRunByNumberAsync(run.Number))!.Version, cancelled.Version);
    }

    private sealed record PrinterConnectionSettingsFor(string Name)
    {
        public Batchivo.Devices.PrinterConnectionSettings Settings => new(Name, "moonraker", PluginSettings.Of([]));
    }

    private sealed class ListSubscriber(List<BatchivoEvent> told) : IBatchivoEventSubscriber
    {
        public Task OnEventAsync(BatchivoEvent batchivoEvent, CancellationToken cancellationToken)
        {
            told.Add(batchivoEvent);
            return Task.CompletedTask;
        }
    }
}
