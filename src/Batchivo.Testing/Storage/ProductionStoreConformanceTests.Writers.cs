using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Testing.Storage;

public abstract partial class ProductionStoreConformanceTests
{
    // ---- Edits that shrink a run, and two writers ------------------------------------------------------------
    // A store may remember what it read or wrote to save reads before its next write; these tests catch one whose memory
    // drifts from what is stored: parts removed from the middle of a run, and a second writer on the same data.

    /// <summary>Removing products and spools from a draft (from the middle of its lists) and adding them again round-trips at every step.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Draft_edits_that_remove_parts_round_trip()
    {
        var store = await CreateStoreAsync();
        var (service, _) = await CatalogAsync(store);
        await service.Catalog.AddProductAsync("CLIP-3", "Cable Clip", [new BomLine(new MaterialSpec("PETG", "Red"), new Mass(4.4m))]);
        async Task Check(ProductionRun run)
        {
            var reopened = await ReopenAsync(store);
            StoreAssert.Equal(run, await reopened.FindRunAsync(run.Id));
        }

        var run = await service.Runs.CreateRunAsync("Bambu-1");
        run = await service.Runs.AddProductToRunAsync(run.Number, "STAND-1", 3, "A1");
        run = await service.Runs.AddProductToRunAsync(run.Number, "HOOK-2", 10, "B2");
        run = await service.Runs.AddProductToRunAsync(run.Number, "CLIP-3", 6);
        run = await service.Runs.AssignSpoolAsync(run.Number, "PLA-001", new Mass(4.2m), new Mass(1.5m));
        run = await service.Runs.AssignSpoolAsync(run.Number, "PLA-002");
        run = await service.Runs.AssignSpoolAsync(run.Number, "PETG-001");
        await Check(run);

        // The middle item has two BOM lines, the last one: what moves up has fewer.
        run = await service.Runs.RemoveProductFromRunAsync(run.Number, "HOOK-2");
        Expect.Equal(["STAND-1", "CLIP-3"], run.Items.Select(i => i.Sku));
        await Check(run);
        run = await service.Runs.UnassignSpoolAsync(run.Number, "PLA-001");
        await Check(run);
        run = await service.Runs.AddProductToRunAsync(run.Number, "HOOK-2", 4);
        run = await service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        await Check(run);
        run = await service.Runs.RemoveProductFromRunAsync(run.Number, "STAND-1");
        run = await service.Runs.RemoveProductFromRunAsync(run.Number, "CLIP-3");
        run = await service.Runs.UnassignSpoolAsync(run.Number, "PLA-002");
        run = await service.Runs.UnassignSpoolAsync(run.Number, "PETG-001");
        Expect.Equal(["HOOK-2"], run.Items.Select(i => i.Sku));
        Expect.Equal(["PLA-001"], run.Materials.Select(m => m.SpoolCode));
        await Check(run);
        run = await service.Runs.RemoveProductFromRunAsync(run.Number, "HOOK-2");
        run = await service.Runs.UnassignSpoolAsync(run.Number, "PLA-001");
        Expect.Empty(run.Items);
        await Check(run);
    }

    /// <summary>
    /// Copies of a run and a spool read before a second writer (another store on the same data) changed them are
    /// refused with the typed conflict and store nothing; read again, they commit.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Copies_read_before_another_writer_changed_them_are_refused()
    {
        var store = await CreateStoreAsync();
        var (service, time) = await CatalogAsync(store);
        var run = await service.Runs.CreateRunAsync("Bambu-1");
        run = await service.Runs.AddProductToRunAsync(run.Number, "STAND-1", 3);
        var staleRun = (await store.FindRunAsync(run.Id))!;
        var staleSpool = (await store.FindSpoolByCodeAsync("PLA-001"))!;

        var otherStore = await ReopenAsync(store);
        var other = new ProductionService(otherStore, time);
        var changed = await other.Runs.AddProductToRunAsync(run.Number, "HOOK-2", 5);
        var weighed = await other.Catalog.WeighSpoolAsync("PLA-001", new Mass(1150m));

        staleRun.SetNotes("from the stale copy");
        var runConflict = await Expect.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new ChangeSet().Put(staleRun)));
        Expect.Equal("run", runConflict.Entity);
        staleSpool.RecordWeighing(new Mass(1100m), time.GetUtcNow());
        var spoolConflict = await Expect.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new ChangeSet().Put(staleSpool)));
        Expect.Equal("spool", spoolConflict.Entity);

        var reopened = await ReopenAsync(store);
        StoreAssert.Equal(changed, await reopened.FindRunAsync(run.Id));
        StoreAssert.Equal(weighed, await reopened.FindSpoolByCodeAsync("PLA-001"));

        // Read again through the first store, the same edits go through and keep the other writer's.
        var fresh = (await store.FindRunAsync(run.Id))!;
        fresh.SetNotes("from a fresh copy");
        var freshSpool = (await store.FindSpoolByCodeAsync("PLA-001"))!;
        freshSpool.RecordWeighing(new Mass(1100m), time.GetUtcNow());
        var changes = new ChangeSet().Put(fresh).Put(freshSpool);
        await store.CommitAsync(changes);
        reopened = await ReopenAsync(store);
        StoreAssert.Equal(fresh, await reopened.FindRunAsync(run.Id));
        Expect.Equal(["STAND-1", "HOOK-2"], (await reopened.FindRunAsync(run.Id))!.Items.Select(i => i.Sku));
        StoreAssert.Equal(freshSpool, await reopened.FindSpoolByCodeAsync("PLA-001"));
        StoreAssert.LedgerExplainsWeight((await reopened.FindSpoolByCodeAsync("PLA-001"))!);

        // And the first store's next edits, through the service, build on what it just wrote.
        var final = await service.Runs.SetNotesAsync(run.Number, "last word");
        StoreAssert.Equal(final, await (await ReopenAsync(store)).FindRunAsync(run.Id));

        // A copy newer than what the first store last read (read through the other) commits through the first.
        Expect.NotNull(await store.FindRunAsync(run.Id));
        await other.Runs.SetNotesAsync(run.Number, "the other writer again");
        var newer = (await otherStore.FindRunAsync(run.Id))!;
        newer.SetNotes("newer copy through the first store");
        await store.CommitAsync(new ChangeSet().Put(newer));
        Expect.Equal("newer copy through the first store", (await (await ReopenAsync(store)).FindRunAsync(run.Id))!.Notes);
    }
}
