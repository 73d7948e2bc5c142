using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Testing.Storage;

public abstract partial class ProductionStoreConformanceTests
{
    /// <summary>A run round-trips after every step of its life: draft edits, weighing, start, outcomes, completion; its spools too.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Completed_run_round_trips_at_every_step()
    {
        var store = await CreateStoreAsync();
        var (service, time) = await CatalogAsync(store);
        async Task Check(ProductionRun run)
        {
            var reopened = await ReopenAsync(store);
            StoreAssert.Equal(run, await reopened.FindRunAsync(run.Id));
            StoreAssert.Equal(run, await reopened.FindRunByNumberAsync(run.Number));
            foreach (var m in run.Materials)
            {
                StoreAssert.LedgerExplainsWeight((await reopened.FindSpoolAsync(m.SpoolId))!);
            }
        }

        var run = await service.Runs.CreateRunAsync("Bambu-1", TimeSpan.FromMinutes(135), "first plate");
        await Check(run);
        run = await service.Runs.AddProductToRunAsync(run.Number, "STAND-1", 3, "A1");
        run = await service.Runs.AddProductToRunAsync(run.Number, "HOOK-2", 10);
        run = await service.Runs.AssignSpoolAsync(run.Number, "PLA-001", new Mass(4.2m), new Mass(1.5m));
        run = await service.Runs.AssignSpoolAsync(run.Number, "PLA-002");
        run = await service.Runs.AssignSpoolAsync(run.Number, "PETG-001");
        await Check(run);
        run = await service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-001", new Mass(1200m));
        run = await service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-002", new Mass(900.5m));
        run = await service.Weighing.RecordWeightBeforeAsync(run.Number, "PETG-001", new Mass(980.25m));
        await Check(run);
        time.Advance(TimeSpan.FromMinutes(5));
        run = (await service.Runs.StartAsync(run.Number)).Run;
        await Check(run);
        Expect.Equal(run.Id, (await store.FindSpoolByCodeAsync("PLA-001"))!.ActiveRunId);
        time.Advance(TimeSpan.FromMinutes(140));
        run = await service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-001", new Mass(1090.3m));
        run = await service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-002", new Mass(820m));
        run = await service.Weighing.RecordWeightAfterAsync(run.Number, "PETG-001", new Mass(955.05m));
        run = await service.Runs.RecordMeasuredWasteAsync(run.Number, "PLA-001", new Mass(2m), new Mass(5.5m), new Mass(1.25m));
        run = await service.Runs.RecordOutcomeAsync(run.Number, "STAND-1", 2, 1);
        run = await service.Runs.RecordOutcomeAsync(run.Number, "HOOK-2", 10, 0);
        await Check(run);
        run = await service.Runs.CompleteAsync(run.Number, new QualityRating(4), "fine");
        await Check(run);
        Expect.Equal(RunStatus.Completed, (await store.FindRunAsync(run.Id))!.Status);
        Expect.Null((await store.FindSpoolByCodeAsync("PLA-001"))!.ActiveRunId);
        Expect.Equal(new Mass(1090.3m), (await store.FindSpoolByCodeAsync("PLA-001"))!.GrossWeight);

        run = await service.Runs.SetNotesAsync(run.Number, "notes after the end");
        await Check(run);

        var reprint = await service.Runs.ReprintAsync(run.Number);
        await Check(reprint);
        Expect.Equal(run.Id, reprint.OriginalRunId);
        Expect.Equal([reprint.Id], (await (await ReopenAsync(store)).ListReprintsAsync(run.Id)).Select(r => r.Id));
        Expect.Empty(await store.ListReprintsAsync(reprint.Id));
    }

    /// <summary>Failed and cancelled runs (before and after starting) round-trip, with their spools' ledgers.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Failed_and_cancelled_runs_round_trip()
    {
        var store = await CreateStoreAsync();
        var (service, time) = await CatalogAsync(store);

        var failed = await service.Runs.CreateRunAsync("Prusa-1");
        failed = await service.Runs.AddProductToRunAsync(failed.Number, "STAND-1", 2);
        failed = await service.Runs.AssignSpoolAsync(failed.Number, "PLA-001");
        failed = await service.Weighing.RecordWeightBeforeAsync(failed.Number, "PLA-001", new Mass(1200m));
        failed = (await service.Runs.StartAsync(failed.Number)).Run;
        time.Advance(TimeSpan.FromMinutes(30));
        failed = await service.Weighing.RecordWeightAfterAsync(failed.Number, "PLA-001", new Mass(1170.0001m));
        failed = await service.Runs.FailAsync(failed.Number, "spaghetti");

        var cancelledDraft = await service.Runs.CreateRunAsync("Bambu-1");
        cancelledDraft = await service.Runs.CancelAsync(cancelledDraft.Number, "not needed");

        var cancelledStarted = await service.Runs.CreateRunAsync("Bambu-1");
        cancelledStarted = await service.Runs.AddProductToRunAsync(cancelledStarted.Number, "HOOK-2", 1);
        cancelledStarted = await service.Runs.AssignSpoolAsync(cancelledStarted.Number, "PLA-002");
        cancelledStarted = await service.Runs.AssignSpoolAsync(cancelledStarted.Number, "PETG-001");
        cancelledStarted = await service.Weighing.RecordWeightBeforeAsync(cancelledStarted.Number, "PLA-002", new Mass(900.5m));
        cancelledStarted = await service.Weighing.RecordWeightBeforeAsync(cancelledStarted.Number, "PETG-001", new Mass(980.25m));
        cancelledStarted = (await service.Runs.StartAsync(cancelledStarted.Number)).Run;
        cancelledStarted = await service.Weighing.RecordWeightAfterAsync(cancelledStarted.Number, "PLA-002", new Mass(899m));
        cancelledStarted = await service.Runs.CancelAsync(cancelledStarted.Number, "stopped");

        var reopened = await ReopenAsync(store);
        StoreAssert.Equal(failed, await reopened.FindRunAsync(failed.Id));
        StoreAssert.Equal(cancelledDraft, await reopened.FindRunAsync(cancelledDraft.Id));
        StoreAssert.Equal(cancelledStarted, await reopened.FindRunAsync(cancelledStarted.Id));
        foreach (var spool in await reopened.ListSpoolsAsync())
        {
            StoreAssert.LedgerExplainsWeight(spool);
            Expect.Null(spool.ActiveRunId);
        }

        Expect.Equal(new Mass(1170.0001m), (await reopened.FindSpoolByCodeAsync("PLA-001"))!.GrossWeight);
        Expect.Equal(new Mass(899m), (await reopened.FindSpoolByCodeAsync("PLA-002"))!.GrossWeight);
        Expect.Equal(new Mass(980.25m), (await reopened.FindSpoolByCodeAsync("PETG-001"))!.GrossWeight);
    }

    /// <summary>Filters and pages of ListRunsAsync select the same runs, in number order, as <see cref="RunQuery.Matches"/> does.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task ListRuns_filters_and_pages_like_RunQuery_Matches()
    {
        var store = await CreateStoreAsync();
        var end = await StoreHistory.PlayAsync(store, seed: 7, runs: RunsPerHistory);
        var all = await store.ListRunsAsync(new RunQuery());
        Expect.Equal(all.Select(r => r.Number).Order(), all.Select(r => r.Number));
        Expect.True(all.Count >= RunsPerHistory);
        var printers = await store.ListPrintersAsync();
        var products = await store.ListProductsAsync();
        var middle = StoreHistory.Epoch + ((end - StoreHistory.Epoch) / 2);

        var queries = new List<RunQuery>
        {
            new(),
            new(Skip: 3, Take: 5),
            new(Skip: all.Count + 1),
            new(Take: 0),
            new(From: middle),
            new(To: middle),
            new(From: StoreHistory.Epoch.AddHours(5), To: middle, Skip: 1, Take: 4),
            new(From: end),
        };
        queries.AddRange(Enum.GetValues<RunStatus>().Select(s => new RunQuery(Status: s)));
        queries.AddRange(printers.Select(p => new RunQuery(PrinterId: p.Id)));
        queries.AddRange(products.Select(p => new RunQuery(ProductId: p.Id, Status: RunStatus.Completed)));
        queries.AddRange(products.Select(p => new RunQuery(From: middle, ProductId: p.Id, PrinterId: printers[0].Id, Take: 3)));

        foreach (var query in queries)
        {
            var expected = all.Where(query.Matches).Skip(query.Skip);
            expected = query.Take is { } take ? expected.Take(take) : expected;
            var actual = await store.ListRunsAsync(query);
            Expect.Equal(expected.Select(r => r.Number), actual.Select(r => r.Number));
        }

        foreach (var run in all)
        {
            StoreAssert.Equal(run, await store.FindRunByNumberAsync(run.Number));
        }
    }
}
