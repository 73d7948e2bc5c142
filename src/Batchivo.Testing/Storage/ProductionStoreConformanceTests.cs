using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Testing.Storage;

/// <summary>
/// The conformance kit for <see cref="IProductionStore"/> (and <see cref="IStatisticsStore"/>): inherit it in a test
/// test project, implement <see cref="CreateStoreAsync"/>, and every test here runs against your store.
/// </summary>
/// <remarks>
/// <para>Covers: CRUD of every entity, lifecycle persistence (create, start, complete, fail, cancel, reprint round
/// trips), versions and unique keys, atomicity (a change set with one stale or duplicate entity stores nothing),
/// concurrency (parallel writers get only typed conflicts and lose no update; run numbers stay unique), paging and
/// filters of <see cref="IProductionStore.ListRunsAsync"/>, and statistics agreement with Core's
/// <see cref="Statistics.StatisticsCalculator"/> on generated histories.</para>
/// <para>xunit (and most frameworks) create one instance per test case: create the store's resources (a temporary file, a database) in
/// <see cref="CreateStoreAsync"/> and release them in your class's <c>Dispose</c>.</para>
/// </remarks>
public abstract partial class ProductionStoreConformanceTests : ConformanceKit
{
    /// <summary>The kit's cases, one row per case name: feed your data-driven <see cref="ConformanceKit.Conformance"/> test from it
    /// (xunit v2 or v3: <c>[Theory, MemberData(nameof(Cases))]</c>).</summary>
    /// <exception cref="ConformanceException">The kit has no case to run.</exception>
    public static IEnumerable<object[]> Cases => CasesOf(typeof(ProductionStoreConformanceTests));

    /// <summary>Creates a new, empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IProductionStore> CreateStoreAsync();

    /// <summary>
    /// Opens another instance on the same data as <paramref name="store"/> (e.g. a new store on the same file), to
    /// prove that what was committed is read back from storage. The default returns the same instance.
    /// </summary>
    /// <param name="store">A store from <see cref="CreateStoreAsync"/>.</param>
    /// <returns>The other instance.</returns>
    protected virtual Task<IProductionStore> ReopenAsync(IProductionStore store) => Task.FromResult(store);

    /// <summary>Concurrent writers in the concurrency tests.</summary>
    /// <value>8.</value>
    protected virtual int ConcurrentWriters => 8;

    /// <summary>Writes per writer in the concurrency tests.</summary>
    /// <value>15.</value>
    protected virtual int WritesPerWriter => 15;

    /// <summary>Seeded histories the statistics agreement test plays.</summary>
    /// <value>4.</value>
    protected virtual int StatisticsHistories => 4;

    /// <summary>Runs per generated history.</summary>
    /// <value>24.</value>
    protected virtual int RunsPerHistory => 24;

    private static readonly DateTimeOffset T0 = new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);

    private static ProductionService Service(IProductionStore store, out ManualTime time)
    {
        time = new ManualTime(T0);
        return new ProductionService(store, time);
    }

    private static NewSpool PlaSpool(string code, decimal gross = 1200m) =>
        new(code, new Material(new MaterialSpec("PLA", "Black"), "Bambu Lab", "#000000"), new Mass(1000m), new Money(24.99m, "EUR"), new Mass(200m), "plastic", new Mass(gross));

    private static async Task<(ProductionService Service, ManualTime Time)> CatalogAsync(IProductionStore store)
    {
        var service = Service(store, out var time);
        await service.Catalog.AddSpoolAsync(PlaSpool("PLA-001"));
        await service.Catalog.AddSpoolAsync(PlaSpool("PLA-002", 900.5m));
        await service.Catalog.AddSpoolAsync(new NewSpool("PETG-001", new Material(new MaterialSpec("PETG", "Red")), new Mass(750m), new Money(19.5m, "EUR"), null, null, new Mass(980.25m)));
        await service.Catalog.AddProductAsync("STAND-1", "Phone Stand", [new BomLine(new MaterialSpec("PLA", "Black"), new Mass(42.5m), new Mass(3.1m))], TimeSpan.FromMinutes(95), [new ProductComponent("Rubber foot", 4, new Money(0.12m, "EUR"))]);
        await service.Catalog.AddProductAsync("HOOK-2", "Wall Hook", [new BomLine(new MaterialSpec("PLA", "Black"), new Mass(8.2m)), new BomLine(new MaterialSpec("PETG", "Red"), new Mass(2.35m))]);
        await service.Catalog.AddPrinterAsync("Bambu-1", "Bambu X1C", 4);
        await service.Catalog.AddPrinterAsync("Prusa-1", "Prusa MK4", 1);
        return (service, time);
    }

    // ---- CRUD ------------------------------------------------------------------------------------

    /// <summary>A spool is stored and found by id and by code, ignoring case and surrounding spaces.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Spool_is_found_by_id_and_by_code_ignoring_case()
    {
        var store = await CreateStoreAsync();
        var service = Service(store, out _);
        var spool = await service.Catalog.AddSpoolAsync(PlaSpool("PLA-001"));

        var reopened = await ReopenAsync(store);
        StoreAssert.Equal(spool, await reopened.FindSpoolAsync(spool.Id));
        StoreAssert.Equal(spool, await reopened.FindSpoolByCodeAsync(" pla-001 "));
        Expect.Null(await reopened.FindSpoolAsync(SpoolId.New()));
        Expect.Null(await reopened.FindSpoolByCodeAsync("PLA-999"));
        Expect.Equal(1, (await reopened.FindSpoolAsync(spool.Id))!.Version);
    }

    /// <summary>Weighings, adjustments and edits of a spool round-trip with its whole ledger.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Spool_ledger_and_edits_round_trip()
    {
        var store = await CreateStoreAsync();
        var service = Service(store, out var time);
        await service.Catalog.AddSpoolAsync(PlaSpool("PLA-001"));
        time.Advance(TimeSpan.FromHours(1));
        await service.Catalog.WeighSpoolAsync("PLA-001", new Mass(1150.1234m), "checked");
        time.Advance(TimeSpan.FromHours(1));
        await service.Catalog.AdjustSpoolAsync("PLA-001", new Mass(1100m), "spilled");
        var edited = await service.Catalog.EditSpoolAsync("PLA-001", new SpoolEdit(PriceAmount: 30m, Currency: "EUR", Tare: new Mass(180.5m), SpoolType: "cardboard"));

        var stored = await (await ReopenAsync(store)).FindSpoolByCodeAsync("PLA-001");
        StoreAssert.Equal(edited, stored);
        Expect.Equal(3, stored!.Ledger.Count);
        StoreAssert.LedgerExplainsWeight(stored);
        Expect.Equal(4, stored.Version);
    }

    /// <summary>Products round-trip with their BOM lines and components, and are found by SKU ignoring case.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Product_round_trips_with_bom_and_components()
    {
        var store = await CreateStoreAsync();
        var (service, _) = await CatalogAsync(store);
        var edited = await service.Catalog.EditProductAsync("HOOK-2", new ProductEdit(Name: "Big Wall Hook", Bom: [new BomLine(new MaterialSpec("PETG", "Red"), new Mass(12.0001m), new Mass(1m))], PrintTimePerUnit: TimeSpan.FromSeconds(1234.5), Components: [new ProductComponent("Screw", 2, new Money(0.03m, "EUR")), new ProductComponent("Plug", 2, new Money(0.02m, "EUR"))]));

        var reopened = await ReopenAsync(store);
        StoreAssert.Equal(edited, await reopened.FindProductAsync(edited.Id));
        StoreAssert.Equal(edited, await reopened.FindProductBySkuAsync("hook-2"));
        Expect.Equal(["HOOK-2", "STAND-1"], (await reopened.ListProductsAsync()).Select(p => p.Sku));
        Expect.Null(await reopened.FindProductBySkuAsync("NOPE"));
    }

    /// <summary>Printers round-trip, are found by name ignoring case, and are listed by name.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Printer_round_trips_and_lists_by_name()
    {
        var store = await CreateStoreAsync();
        var (service, _) = await CatalogAsync(store);
        var printer = await service.Catalog.GetPrinterAsync("Prusa-1");
        printer.Edit(model: "Prusa MK4S", materialSlots: 5);
        await store.CommitAsync(new ChangeSet().Put(printer));

        var reopened = await ReopenAsync(store);
        var stored = await reopened.FindPrinterByNameAsync("PRUSA-1");
        Expect.Equal(printer.ToState() with { Version = 2 }, stored!.ToState());
        StoreAssert.Equal(stored, await reopened.FindPrinterAsync(printer.Id));
        Expect.Equal(["Bambu-1", "Prusa-1"], (await reopened.ListPrintersAsync()).Select(p => p.Name));
        Expect.Equal(["PETG-001", "PLA-001", "PLA-002"], (await reopened.ListSpoolsAsync()).Select(s => s.Code));
    }

    /// <summary>Brand tares are added, and replaced by brand and spool type (ignoring case).</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Brand_tares_are_added_and_replaced()
    {
        var store = await CreateStoreAsync();
        var service = Service(store, out _);
        await service.Catalog.SetBrandTareAsync(new BrandTare("Bambu Lab", null, new Mass(250m)));
        await service.Catalog.SetBrandTareAsync(new BrandTare("Bambu Lab", "cardboard", new Mass(180m)));
        await service.Catalog.SetBrandTareAsync(new BrandTare("eSun", null, new Mass(224.5m)));
        await service.Catalog.SetBrandTareAsync(new BrandTare("bambu lab", null, new Mass(251m)));

        var tares = await (await ReopenAsync(store)).ListBrandTaresAsync();
        Expect.Equal(3, tares.Count);
        Expect.Equal(new Mass(251m), new BrandTareRegistry(tares).Find("Bambu Lab", null));
        Expect.Equal(new Mass(180m), new BrandTareRegistry(tares).Find("BAMBU LAB", "Cardboard"));
        Expect.Equal(new Mass(224.5m), new BrandTareRegistry(tares).Find("eSun", null));
    }

    // ---- Versions and unique keys ------------------------------------------------------------------

    /// <summary>A stale version is refused with the typed conflict, and the stored entity is unchanged.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Stale_version_is_a_typed_conflict_and_nothing_changes()
    {
        var store = await CreateStoreAsync();
        var service = Service(store, out var time);
        await service.Catalog.AddSpoolAsync(PlaSpool("PLA-001"));
        var first = (await store.FindSpoolByCodeAsync("PLA-001"))!;
        var second = (await store.FindSpoolByCodeAsync("PLA-001"))!;
        first.RecordWeighing(new Mass(1100m), time.GetUtcNow());
        var changes = new ChangeSet().Put(first);
        await store.CommitAsync(changes);
        second.RecordWeighing(new Mass(1000m), time.GetUtcNow());

        var conflict = await Expect.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new ChangeSet().Put(second)));
        Expect.Equal("spool", conflict.Entity);
        StoreAssert.Equal(first, await (await ReopenAsync(store)).FindSpoolByCodeAsync("PLA-001"));
    }

    /// <summary>Inserting an entity that exists (version 0 again), or updating one never stored, is a conflict.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Insert_of_existing_and_update_of_missing_are_conflicts()
    {
        var store = await CreateStoreAsync();
        var printer = Printer.Create("Bambu-1", "X1C", 4);
        await store.CommitAsync(new ChangeSet().Put(printer));
        var insertedAgain = Printer.Restore(printer.ToState() with { Version = 0 });
        await Expect.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new ChangeSet().Put(insertedAgain)));

        var ghost = Printer.Restore(Printer.Create("Ghost", "X1C", 1).ToState() with { Version = 3 });
        await Expect.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new ChangeSet().Put(ghost)));
        Expect.Null(await store.FindPrinterByNameAsync("Ghost"));
        Expect.Equal(1, (await store.FindPrinterAsync(printer.Id))!.Version);
    }

    /// <summary>Codes, SKUs, printer names (ignoring case) and run numbers are unique: a duplicate is refused with the typed error.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Unique_keys_are_refused_with_DuplicateKeyException()
    {
        var store = await CreateStoreAsync();
        var (service, time) = await CatalogAsync(store);
        var spool = Spool.Create("pla-001", new Material(new MaterialSpec("PLA", "Black")), new Mass(1000m), new Money(20m, "EUR"), time.GetUtcNow());
        Expect.Equal("spool", (await Expect.ThrowsAsync<DuplicateKeyException>(() => store.CommitAsync(new ChangeSet().Put(spool)))).Entity);
        var product = Product.Create("Stand-1", "Other", [new BomLine(new MaterialSpec("PLA", "Black"), new Mass(1m))]);
        Expect.Equal("product", (await Expect.ThrowsAsync<DuplicateKeyException>(() => store.CommitAsync(new ChangeSet().Put(product)))).Entity);
        var printer = Printer.Create(" BAMBU-1 ", "Other", 1);
        Expect.Equal("printer", (await Expect.ThrowsAsync<DuplicateKeyException>(() => store.CommitAsync(new ChangeSet().Put(printer)))).Entity);
        var run = await service.Runs.CreateRunAsync("Bambu-1");
        var clash = ProductionRun.Create(run.Number, await service.Catalog.GetPrinterAsync("Bambu-1"), time.GetUtcNow());
        Expect.Equal("run", (await Expect.ThrowsAsync<DuplicateKeyException>(() => store.CommitAsync(new ChangeSet().Put(clash)))).Entity);

        Expect.Null(await store.FindSpoolAsync(spool.Id));
        Expect.Null(await store.FindProductAsync(product.Id));
        Expect.Null(await store.FindPrinterAsync(printer.Id));
        Expect.Null(await store.FindRunAsync(clash.Id));
    }

    /// <summary>A change set with one stale or duplicate entity stores none of its other entities.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Change_set_is_all_or_nothing()
    {
        var store = await CreateStoreAsync();
        var (service, time) = await CatalogAsync(store);
        var run = await service.Runs.CreateRunAsync("Bambu-1");
        var stale = (await store.FindRunAsync(run.Id))!;
        await service.Runs.SetNotesAsync(run.Number, "changed meanwhile");
        stale.SetNotes("lost");
        var freshSpool = Spool.Create("NEW-1", new Material(new MaterialSpec("PLA", "White")), new Mass(1000m), new Money(20m, "EUR"), time.GetUtcNow(), null, null, new Mass(1100m));
        var freshPrinter = Printer.Create("New printer", "X1C", 4);
        var existing = (await store.FindSpoolByCodeAsync("PLA-001"))!;
        existing.RecordWeighing(new Mass(1111m), time.GetUtcNow());

        await Expect.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new ChangeSet().Put(freshSpool).Put(existing).Put(freshPrinter).Put(stale).Put(new BrandTare("X", null, new Mass(1m)))));

        var reopened = await ReopenAsync(store);
        Expect.Null(await reopened.FindSpoolAsync(freshSpool.Id));
        Expect.Null(await reopened.FindPrinterAsync(freshPrinter.Id));
        Expect.Equal(new Mass(1200m), (await reopened.FindSpoolByCodeAsync("PLA-001"))!.GrossWeight);
        Expect.Single((await reopened.FindSpoolByCodeAsync("PLA-001"))!.Ledger);
        Expect.Equal("changed meanwhile", (await reopened.FindRunAsync(run.Id))!.Notes);
        Expect.Empty(await reopened.ListBrandTaresAsync());

        var duplicate = Printer.Create("prusa-1", "MK4", 1);
        await Expect.ThrowsAsync<DuplicateKeyException>(() => store.CommitAsync(new ChangeSet().Put(freshSpool).Put(existing).Put(duplicate)));
        Expect.Null(await reopened.FindSpoolAsync(freshSpool.Id));
        Expect.Equal(new Mass(1200m), (await reopened.FindSpoolByCodeAsync("PLA-001"))!.GrossWeight);
    }
}
