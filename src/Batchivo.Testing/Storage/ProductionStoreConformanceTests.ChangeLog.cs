using System.Collections.Concurrent;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Testing.Storage;

public abstract partial class ProductionStoreConformanceTests
{
    /// <summary>
    /// The change log names every entity each commit stored, in commit order, with the version stored and what
    /// happened to it (a weighing, another ledger entry, an edit, a new entity), and it pages by sequence.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Change_log_names_each_stored_entity_in_commit_order()
    {
        var store = await CreateStoreAsync();
        var service = Service(store, out var time);
        Expect.Equal(0, await store.LastChangeAsync());
        Expect.Empty(await store.ReadChangesAsync(0, 10));

        await service.Catalog.AddSpoolAsync(PlaSpool("PLA-001"));
        time.Advance(TimeSpan.FromMinutes(1));
        await service.Catalog.WeighSpoolAsync("PLA-001", new Mass(1150m));
        await service.Catalog.AdjustSpoolAsync("PLA-001", new Mass(1100m), "spilled");
        await service.Catalog.EditSpoolAsync("PLA-001", new SpoolEdit(SpoolType: "cardboard"));
        await service.Catalog.AddProductAsync("HOOK-2", "Wall Hook", [new BomLine(new MaterialSpec("PLA", "Black"), new Mass(8.2m))]);
        await service.Catalog.AddPrinterAsync("Bambu-1", "Bambu X1C", 4);
        await service.Catalog.SetBrandTareAsync(new BrandTare("Bambu Lab", "cardboard", new Mass(180m)));
        await service.Catalog.SetBrandTareAsync(new BrandTare("bambu lab", "Cardboard", new Mass(181m)));

        var reopened = await ReopenAsync(store);
        var log = await reopened.ReadChangesAsync(0, 100);
        Expect.Equal(
            new[]
            {
                (StoreEntity.Spool, "PLA-001", 1L, StoreChangeKind.Created),
                (StoreEntity.Spool, "PLA-001", 2L, StoreChangeKind.Weighed),
                (StoreEntity.Spool, "PLA-001", 3L, StoreChangeKind.LedgerEntry),
                (StoreEntity.Spool, "PLA-001", 4L, StoreChangeKind.Changed),
                (StoreEntity.Product, "HOOK-2", 1L, StoreChangeKind.Created),
                (StoreEntity.Printer, "Bambu-1", 1L, StoreChangeKind.Created),
                (StoreEntity.BrandTare, "Bambu Lab/cardboard", 0L, StoreChangeKind.Created),
                (StoreEntity.BrandTare, "bambu lab/Cardboard", 0L, StoreChangeKind.Changed),
            },
            log.Select(c => (c.Entity, c.Key, c.Version, c.Kind)));
        Expect.True(log.Zip(log.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequences increase in commit order");
        Expect.Equal(log[^1].Sequence, await reopened.LastChangeAsync());

        var page = await reopened.ReadChangesAsync(log[1].Sequence, 2);
        Expect.Equal(new[] { log[2], log[3] }, page);
        Expect.Empty(await reopened.ReadChangesAsync(log[^1].Sequence, 10));
    }

    /// <summary>A run's entries follow its life: created, changed while a draft, started, completed; failed and cancelled runs say so.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Change_log_follows_a_runs_status()
    {
        var store = await CreateStoreAsync();
        var (service, time) = await CatalogAsync(store);
        var after = await store.LastChangeAsync();

        var run = await service.Runs.CreateRunAsync("Bambu-1");
        run = await service.Runs.AddProductToRunAsync(run.Number, "HOOK-2", 2);
        run = await service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        run = await service.Runs.AssignSpoolAsync(run.Number, "PETG-001");
        run = await service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-001", new Mass(1200m));
        run = await service.Weighing.RecordWeightBeforeAsync(run.Number, "PETG-001", new Mass(980.25m));
        run = (await service.Runs.StartAsync(run.Number)).Run;
        time.Advance(TimeSpan.FromMinutes(30));
        run = await service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-001", new Mass(1180m));
        run = await service.Weighing.RecordWeightAfterAsync(run.Number, "PETG-001", new Mass(975m));
        run = await service.Runs.RecordOutcomeAsync(run.Number, "HOOK-2", 2, 0);
        run = await service.Runs.CompleteAsync(run.Number);
        var failed = await service.Runs.CreateRunAsync("Prusa-1");
        failed = await service.Runs.AddProductToRunAsync(failed.Number, "STAND-1", 1);
        failed = await service.Runs.AssignSpoolAsync(failed.Number, "PLA-002");
        failed = await service.Weighing.RecordWeightBeforeAsync(failed.Number, "PLA-002", new Mass(900.5m));
        failed = (await service.Runs.StartAsync(failed.Number)).Run;
        failed = await service.Weighing.RecordWeightAfterAsync(failed.Number, "PLA-002", new Mass(880m));
        failed = await service.Runs.FailAsync(failed.Number, "spaghetti");
        var cancelled = await service.Runs.CancelAsync((await service.Runs.CreateRunAsync("Prusa-1")).Number);

        var log = await (await ReopenAsync(store)).ReadChangesAsync(after, 1000);
        List<StoreChangeKind> Life(ProductionRun r)
        {
            var entries = log.Where(c => c.Entity == StoreEntity.Run && c.Key == r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Expect.Equal(Enumerable.Range(1, entries.Count).Select(v => (long)v), entries.Select(c => c.Version));
            Expect.Equal(r.Version, entries[^1].Version);

            // Consecutive edits collapse to one "changed": the milestones are what matters.
            return [.. entries.Select(c => c.Kind).Where((k, i) => i == 0 || k != entries[i - 1].Kind)];
        }

        Expect.Equal(new[] { StoreChangeKind.Created, StoreChangeKind.Changed, StoreChangeKind.Started, StoreChangeKind.Changed, StoreChangeKind.Completed }, Life(run));
        Expect.Equal(new[] { StoreChangeKind.Created, StoreChangeKind.Changed, StoreChangeKind.Started, StoreChangeKind.Changed, StoreChangeKind.Failed }, Life(failed));
        Expect.Equal(new[] { StoreChangeKind.Created, StoreChangeKind.Cancelled }, Life(cancelled));
        Expect.Contains(log, c => c is { Entity: StoreEntity.Spool, Key: "PLA-001", Kind: StoreChangeKind.Weighed });
    }

    /// <summary>A refused commit (stale version, taken key) adds nothing to the change log.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task A_refused_commit_adds_nothing_to_the_change_log()
    {
        var store = await CreateStoreAsync();
        var service = Service(store, out var time);
        await service.Catalog.AddSpoolAsync(PlaSpool("PLA-001"));
        var stale = (await store.FindSpoolByCodeAsync("PLA-001"))!;
        await service.Catalog.WeighSpoolAsync("PLA-001", new Mass(1100m));
        var before = await store.ReadChangesAsync(0, 100);

        stale.RecordWeighing(new Mass(1000m), time.GetUtcNow());
        await Expect.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new ChangeSet().Put(stale)));
        await Expect.ThrowsAsync<DuplicateKeyException>(() => service.Catalog.AddSpoolAsync(PlaSpool("pla-001")));

        var reopened = await ReopenAsync(store);
        Expect.Equal(before, await reopened.ReadChangesAsync(0, 100));
        Expect.Equal(before[^1].Sequence, await reopened.LastChangeAsync());
    }

    /// <summary>
    /// A reader polling the log while parallel writers commit sees every change exactly once and in increasing order:
    /// no change is passed over because it committed after a later-numbered one was read.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task A_reader_polling_during_parallel_commits_misses_no_change()
    {
        var store = await CreateStoreAsync();
        var service = Service(store, out _);
        string[] codes = ["PLA-001", "PLA-002", "PLA-003"];
        foreach (var code in codes)
        {
            await service.Catalog.AddSpoolAsync(PlaSpool(code, 5000m));
        }

        var start = await store.LastChangeAsync();
        var seen = new List<StoreChange>();
        using var writersDone = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var after = start;
            while (true)
            {
                var done = writersDone.IsCancellationRequested;
                var batch = await store.ReadChangesAsync(after, 7);
                seen.AddRange(batch);
                after = batch.Count > 0 ? batch[^1].Sequence : after;
                if (done && batch.Count == 0)
                {
                    return;
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(1);
                }
            }
        });

        var accepted = 0;
        await Task.WhenAll(Enumerable.Range(0, ConcurrentWriters).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (var i = 0; i < WritesPerWriter; i++)
            {
                try
                {
                    await service.Catalog.WeighSpoolAsync(codes[random.Next(codes.Length)], new Mass(4000m + random.Next(0, 10000) / 10m));
                    Interlocked.Increment(ref accepted);
                }
                catch (ConcurrencyConflictException)
                {
                }
            }
        })));
        await writersDone.CancelAsync();
        await reader;

        Expect.Equal(accepted, seen.Count);
        Expect.True(seen.Zip(seen.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "the reader saw the changes in increasing order");
        Expect.Equal(await store.ReadChangesAsync(start, 10_000), seen);
        var versions = new ConcurrentDictionary<string, long>();
        Expect.All(seen, c => Expect.Equal(versions.AddOrUpdate(c.Key, 2, (_, v) => v + 1), c.Version));
    }
}
