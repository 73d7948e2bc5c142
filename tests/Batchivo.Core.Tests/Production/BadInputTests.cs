using System.Globalization;
using System.Text.Json;
using Batchivo.Catalog;
using Batchivo.Core.Tests.Support;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Core.Tests.Production;

/// <summary>Bad input is refused with a typed error whose message says what was wrong, and nothing changes or is stored.</summary>
public sealed class BadInputTests
{
    // ---- Weights ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-0.5")]
    public void Weight_before_must_be_positive(string grams)
    {
        var plate = new DomainPlate();
        plate.Run.AddItem(plate.Stand, 3);
        plate.Run.AssignSpool(plate.Black, 4);

        var error = plate.Refused<DomainRuleException>(() => plate.Run.RecordWeightBefore(plate.Black, Grams(grams), DomainPlate.At(1)));

        AssertWeightMustBePositive(error, "weight before of spool PLA-001", grams);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-0.5")]
    public void Weight_after_must_be_positive(string grams)
    {
        var plate = new DomainPlate().Started();

        var error = plate.Refused<DomainRuleException>(() => plate.Run.RecordWeightAfter(plate.Black.Id, Grams(grams)));

        AssertWeightMustBePositive(error, "weight after of spool PLA-001", grams);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-0.5")]
    public void Spool_weighings_must_be_positive(string grams)
    {
        var plate = new DomainPlate();

        var weighed = plate.Refused<DomainRuleException>(() => plate.Spare.RecordWeighing(Grams(grams), DomainPlate.At(1), "stock check"));
        var adjusted = plate.Refused<DomainRuleException>(() => plate.Spare.Adjust(Grams(grams), "rewound", DomainPlate.At(1)));

        AssertWeightMustBePositive(weighed, "weight of spool PLA-003", grams);
        AssertWeightMustBePositive(adjusted, "corrected weight of spool PLA-003", grams);
        Assert.Equal(1250m, plate.Spare.GrossWeight!.Value.Grams);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_new_spool_with_a_non_positive_first_weighing_is_refused(string grams)
    {
        var error = Assert.Throws<DomainRuleException>(() => Spool.Create("PLA-009", new Material(SeedExample.Black), Mass.FromGrams(1000), new Money(20m, "USD"), DomainPlate.T0, initialGross: Grams(grams)));

        AssertWeightMustBePositive(error, "weight of spool PLA-009", grams);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-12.5")]
    public async Task Service_weighings_must_be_positive_and_store_nothing(string grams)
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();

        var weighed = await StoreSnapshot.RefusedAsync<DomainRuleException>(seed.Store, () => seed.Service.Catalog.WeighSpoolAsync("PLA-001", Grams(grams)));
        var before = await StoreSnapshot.RefusedAsync<DomainRuleException>(seed.Store, () => seed.Service.Weighing.RecordWeightBeforeAsync(number, "PLA-002", Grams(grams)));
        await seed.Service.Runs.StartAsync(number);
        var after = await StoreSnapshot.RefusedAsync<DomainRuleException>(seed.Store, () => seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-001", Grams(grams)));

        AssertWeightMustBePositive(weighed, "weight of spool PLA-001", grams);
        AssertWeightMustBePositive(before, "weight before of spool PLA-002", grams);
        AssertWeightMustBePositive(after, "weight after of spool PLA-001", grams);
    }

    [Fact]
    public void Weight_after_cannot_be_above_weight_before()
    {
        var plate = new DomainPlate().Started();

        var error = plate.Refused<DomainRuleException>(() => plate.Run.RecordWeightAfter(plate.Black.Id, Mass.FromGrams(850.5m)));

        Assert.Equal(DomainRule.WeightAfterAboveBefore, error.Rule);
        Assert.Contains("PLA-001", error.Message, StringComparison.Ordinal);
        Assert.Contains("850.5 g", error.Message, StringComparison.Ordinal);
        Assert.Contains("850.0 g", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weight_after_equal_to_weight_before_is_allowed()
    {
        var plate = new DomainPlate().Started();

        plate.Run.RecordWeightAfter(plate.Black.Id, Mass.FromGrams(850));

        Assert.Equal(0m, plate.Run.FindMaterial(plate.Black.Id)!.Actual!.Value.Grams);
    }

    [Fact]
    public void Negative_purge_estimates_and_measured_waste_are_refused()
    {
        var plate = new DomainPlate().Draft();
        var purge = plate.Refused<DomainRuleException>(() => plate.Run.SetPurgeEstimate(plate.White.Id, Mass.FromGrams(-3), Mass.Zero));
        plate.Run.Start(plate.Spools, DomainPlate.At(10));
        var waste = plate.Refused<DomainRuleException>(() => plate.Run.RecordMeasuredWaste(plate.White.Id, null, null, Mass.FromGrams(-1)));

        Assert.Equal(DomainRule.WeightMustBePositive, purge.Rule);
        Assert.Contains("estimated purge of spool PLA-002", purge.Message, StringComparison.Ordinal);
        Assert.Contains("-3.0 g", purge.Message, StringComparison.Ordinal);
        Assert.Equal(DomainRule.WeightMustBePositive, waste.Rule);
        Assert.Contains("tower grams of spool PLA-002", waste.Message, StringComparison.Ordinal);
    }

    // ---- Quality ---------------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void Quality_outside_one_to_five_stars_is_refused(int stars)
    {
        var error = Assert.Throws<DomainRuleException>(() => new QualityRating(stars));

        Assert.Equal(DomainRule.QualityRange, error.Rule);
        Assert.Contains($"but {stars} was given", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_quality_rating_is_one_to_five_stars_the_default_one_star_and_every_money_a_currency()
    {
        // No value of these types is invalid, so none can reach a run unchecked: the defaults are valid values.
        QualityRating rating = default;
        Money money = default;

        Assert.Equal(new QualityRating(1), rating);
        Assert.Equal("★☆☆☆☆ (1/5)", rating.ToString());
        Assert.Equal("Failed/unusable", rating.Meaning);
        Assert.Equal(0m, money.Amount);
        Assert.Equal("XXX", money.Currency);
        Assert.Throws<CurrencyMismatchException>(() => money + new Money(1m, "EUR"));

        var plate = new DomainPlate().Printed();
        plate.Run.Complete(plate.Spools, DomainPlate.At(290), default(QualityRating));
        Assert.Equal(1, plate.Run.Quality!.Value.Stars);
    }

    // ---- Outcomes --------------------------------------------------------------------------------

    [Theory]
    [InlineData(10, 1)]
    [InlineData(8, 1)]
    [InlineData(0, 0)]
    [InlineData(-1, 11)]
    [InlineData(11, -1)]
    public void Outcome_counts_must_add_up_to_the_quantity_and_not_be_negative(int successful, int failed)
    {
        var plate = new DomainPlate().Started();

        var error = plate.Refused<DomainRuleException>(() => plate.Run.RecordOutcome(plate.Clip.Id, successful, failed));

        Assert.Equal(DomainRule.OutcomeCountsMismatch, error.Rule);
        Assert.Contains("Cable Clip", error.Message, StringComparison.Ordinal);
        Assert.Contains($"successful ({successful})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"failed ({failed})", error.Message, StringComparison.Ordinal);
        Assert.Contains("(10)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_refuses_mismatched_outcomes_and_stores_nothing()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);

        var error = await StoreSnapshot.RefusedAsync<DomainRuleException>(seed.Store, () => seed.Service.Runs.RecordOutcomeAsync(number, "STAND", 2, 2));

        Assert.Equal(DomainRule.OutcomeCountsMismatch, error.Rule);
        Assert.Contains("Phone Stand", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_product_quantity_must_be_positive(int quantity)
    {
        var plate = new DomainPlate();

        var error = plate.Refused<DomainRuleException>(() => plate.Run.AddItem(plate.Stand, quantity));

        Assert.Equal(DomainRule.QuantityMustBePositive, error.Rule);
        Assert.Contains("Phone Stand", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{quantity} was given", error.Message, StringComparison.Ordinal);
    }

    // ---- Spools in two runs ----------------------------------------------------------------------

    [Fact]
    public async Task A_spool_in_a_run_in_progress_cannot_start_another_run()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var first = await seed.Service.Runs.CreateRunAsync("P1S-1");
        await seed.Service.Runs.AddProductToRunAsync(first.Number, "STAND", 1);
        await seed.Service.Runs.AssignSpoolAsync(first.Number, "PLA-001");
        var second = await seed.Service.Runs.CreateRunAsync("P1S-1");
        await seed.Service.Runs.AddProductToRunAsync(second.Number, "STAND", 2);
        await seed.Service.Runs.AssignSpoolAsync(second.Number, "PLA-001");
        await seed.Service.Weighing.RecordWeightBeforeAsync(first.Number, "PLA-001", Mass.FromGrams(850));
        await seed.Service.Weighing.RecordWeightBeforeAsync(second.Number, "PLA-001", Mass.FromGrams(850));
        await seed.Service.Runs.StartAsync(first.Number);

        var error = await StoreSnapshot.RefusedAsync<SpoolInUseException>(seed.Store, () => seed.Service.Runs.StartAsync(second.Number));

        Assert.Equal(DomainRule.SpoolInUse, error.Rule);
        Assert.Equal("PLA-001", error.SpoolCode);
        Assert.Equal(first.Id, error.OtherRun);
        Assert.Equal(first.Number, error.OtherRunNumber);
        Assert.Contains("Spool PLA-001", error.Message, StringComparison.Ordinal);
        Assert.Contains($"#{first.Number}", error.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Draft, (await seed.Service.Runs.GetRunAsync(second.Number)).Status);
    }

    [Fact]
    public void A_spool_in_a_run_in_progress_cannot_start_another_run_in_the_domain()
    {
        var plate = new DomainPlate().Started();
        var other = ProductionRun.Create(43, plate.Printer, DomainPlate.At(20));
        other.AddItem(plate.Stand, 1);
        other.AssignSpool(plate.Black, 4);
        other.RecordWeightBefore(plate.Black, Mass.FromGrams(850), DomainPlate.At(21));
        var before = JsonSerializer.Serialize(new { Run = other.ToState(), Black = plate.Black.ToState() });

        var error = Assert.Throws<SpoolInUseException>(() => other.Start([plate.Black], DomainPlate.At(22)));

        Assert.Equal(DomainRule.SpoolInUse, error.Rule);
        Assert.Equal(plate.Run.Id, error.OtherRun);
        Assert.Contains("PLA-001", error.Message, StringComparison.Ordinal);
        // The domain knows the other run by its id only; a message names things by their codes, never a GUID fragment.
        Assert.DoesNotContain(plate.Run.Id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("another run", error.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Draft, other.Status);
        Assert.Equal(before, JsonSerializer.Serialize(new { Run = other.ToState(), Black = plate.Black.ToState() }));
    }

    [Fact]
    public async Task A_spool_in_a_run_in_progress_cannot_be_weighed_or_corrected_outside_it()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);

        var weighed = await StoreSnapshot.RefusedAsync<SpoolInUseException>(seed.Store, () => seed.Service.Catalog.WeighSpoolAsync("PLA-001", Mass.FromGrams(800)));
        var adjusted = await StoreSnapshot.RefusedAsync<SpoolInUseException>(seed.Store, () => seed.Service.Catalog.AdjustSpoolAsync("PLA-002", Mass.FromGrams(400), "rewound"));

        Assert.Contains("PLA-001", weighed.Message, StringComparison.Ordinal);
        Assert.Contains("PLA-002", adjusted.Message, StringComparison.Ordinal);
    }

    // ---- Final runs ------------------------------------------------------------------------------

    [Fact]
    public async Task Editing_a_completed_run_is_refused_and_stores_nothing()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();

        var error = await StoreSnapshot.RefusedAsync<RunStateException>(seed.Store, () => seed.Service.Runs.AddProductToRunAsync(number, "CLIP", 1));

        Assert.Equal((RunStatus.Completed, "add a product"), (error.Status, error.Action));
        Assert.Contains("Run #42 is completed and final", error.Message, StringComparison.Ordinal);
        Assert.Contains("Only its notes can change", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_completion_is_refused_and_stores_nothing()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var black = await seed.Service.Catalog.GetSpoolAsync("PLA-001");

        var error = await StoreSnapshot.RefusedAsync<RunStateException>(seed.Store, () => seed.Service.Runs.CompleteAsync(number, new QualityRating(5), "again"));

        Assert.Equal((RunStatus.Completed, "complete"), (error.Status, error.Action));
        Assert.Contains("Run #42 is already completed", error.Message, StringComparison.Ordinal);
        var after = await seed.Service.Catalog.GetSpoolAsync("PLA-001");
        Assert.Equal(black.Ledger.Count, after.Ledger.Count);
        Assert.Equal(4, (await seed.Service.Runs.GetRunAsync(number)).Quality!.Value.Stars);
    }

    // ---- Currencies ------------------------------------------------------------------------------

    [Fact]
    public void Money_in_two_currencies_cannot_be_added_or_subtracted()
    {
        var dollars = new Money(1m, "USD");
        var euros = new Money(1m, "EUR");

        var sum = Assert.Throws<CurrencyMismatchException>(() => dollars + euros);
        var difference = Assert.Throws<CurrencyMismatchException>(() => Money.Subtract(euros, dollars));

        Assert.Equal(DomainRule.CurrencyMismatch, sum.Rule);
        Assert.Equal(("USD", "EUR"), (sum.Left, sum.Right));
        Assert.Contains("USD", sum.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", sum.Message, StringComparison.Ordinal);
        Assert.Equal(("EUR", "USD"), (difference.Left, difference.Right));
    }

    [Fact]
    public void A_spool_priced_in_another_currency_than_the_runs_is_refused_and_changes_nothing()
    {
        var plate = new DomainPlate();
        var euroWhite = Spool.Create("PLA-010", new Material(SeedExample.White, "Polymaker"), Mass.FromGrams(1000), new Money(19m, "EUR"), DomainPlate.T0, Mass.FromGrams(200));
        plate.Run.AddItem(plate.Stand, 3);
        plate.Run.AddItem(plate.Clip, 10);
        plate.Run.AssignSpool(plate.Black, 4);
        var before = System.Text.Json.JsonSerializer.Serialize(plate.Run.ToState());

        var error = Assert.Throws<CurrencyMismatchException>(() => plate.Run.AssignSpool(euroWhite, 4));

        Assert.Equal(("USD", "EUR"), (error.Left, error.Right));
        Assert.Equal(DomainRule.CurrencyMismatch, error.Rule);
        Assert.Contains("USD and EUR", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, System.Text.Json.JsonSerializer.Serialize(plate.Run.ToState()));
        Assert.Single(plate.Run.Materials);
    }

    [Theory]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData("U5D")]
    [InlineData("")]
    public void A_currency_must_be_three_letters(string code)
    {
        var error = Assert.Throws<DomainRuleException>(() => new Money(1m, code));

        Assert.Equal(DomainRule.CurrencyCode, error.Rule);
        Assert.Contains($"'{code}'", error.Message, StringComparison.Ordinal);
    }

    // ---- Unknown and duplicate keys ------------------------------------------------------------

    [Fact]
    public async Task Unknown_spool_product_printer_and_run_are_not_found_and_store_nothing()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();

        var spool = await StoreSnapshot.RefusedAsync<NotFoundException>(seed.Store, () => seed.Service.Runs.AssignSpoolAsync(number, "PETG-404"));
        var product = await StoreSnapshot.RefusedAsync<NotFoundException>(seed.Store, () => seed.Service.Runs.AddProductToRunAsync(number, "VASE", 1));
        var printer = await StoreSnapshot.RefusedAsync<NotFoundException>(seed.Store, () => seed.Service.Runs.CreateRunAsync("X1C-9"));
        var run = await StoreSnapshot.RefusedAsync<NotFoundException>(seed.Store, () => seed.Service.Runs.StartAsync(999));

        Assert.Equal(("spool", "PETG-404"), (spool.Entity, spool.Key));
        Assert.Contains("'PETG-404'", spool.Message, StringComparison.Ordinal);
        Assert.Equal(("product", "VASE"), (product.Entity, product.Key));
        Assert.Contains("'VASE'", product.Message, StringComparison.Ordinal);
        Assert.Equal(("printer", "X1C-9"), (printer.Entity, printer.Key));
        Assert.Contains("'X1C-9'", printer.Message, StringComparison.Ordinal);
        Assert.Equal(("run", "#999"), (run.Entity, run.Key));
        Assert.Contains("'#999'", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_spool_cannot_be_weighed()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();

        var error = await StoreSnapshot.RefusedAsync<NotFoundException>(seed.Store, () => seed.Service.Catalog.WeighSpoolAsync("PLA-404", Mass.FromGrams(900)));

        Assert.Contains("spool 'PLA-404'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_spool_code_sku_and_printer_name_are_refused_and_store_nothing()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();

        var spool = await StoreSnapshot.RefusedAsync<DuplicateKeyException>(seed.Store, () => seed.Service.Catalog.AddSpoolAsync(new NewSpool(" pla-001 ", new Material(SeedExample.Black), Mass.FromGrams(1000), new Money(20m, "USD"))));
        var product = await StoreSnapshot.RefusedAsync<DuplicateKeyException>(seed.Store, () => seed.Service.Catalog.AddProductAsync("stand", "Another Stand", [new BomLine(SeedExample.Black, Mass.FromGrams(40))]));
        var printer = await StoreSnapshot.RefusedAsync<DuplicateKeyException>(seed.Store, () => seed.Service.Catalog.AddPrinterAsync("P1S-1", "Bambu X1C", 4));

        Assert.Equal("spool", spool.Entity);
        Assert.Contains("pla-001", spool.Message, StringComparison.Ordinal);
        Assert.Equal("product", product.Entity);
        Assert.Contains("'stand'", product.Message, StringComparison.Ordinal);
        Assert.Equal("printer", printer.Entity);
        Assert.Contains("'P1S-1'", printer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_itself_refuses_a_duplicate_key_even_without_the_service_check()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var duplicate = Spool.Create("PLA-002", new Material(SeedExample.White), Mass.FromGrams(1000), new Money(20m, "USD"), SeedExample.Start);
        var extra = Printer.Create("P1S-2", "Bambu P1S", 4);

        var error = await StoreSnapshot.RefusedAsync<DuplicateKeyException>(seed.Store, () => seed.Store.CommitAsync(new ChangeSet().Put(extra).Put(duplicate)));

        Assert.Contains("PLA-002", error.Message, StringComparison.Ordinal);
        Assert.Null(await seed.Store.FindPrinterByNameAsync("P1S-2"));
    }

    // ---- Concurrency and storage faults ---------------------------------------------------------

    [Fact]
    public async Task Completing_and_cancelling_the_same_run_at_once_stores_only_the_first()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.PrintedAsync();

        // Two units of work read the same run and spools.
        var completing = (await seed.Store.FindRunByNumberAsync(number))!;
        var cancelling = (await seed.Store.FindRunByNumberAsync(number))!;
        var completingSpools = await LoadSpoolsAsync(seed.Store, completing);
        var cancellingSpools = await LoadSpoolsAsync(seed.Store, cancelling);

        completing.Complete(completingSpools, SeedExample.Start.AddHours(5), new QualityRating(4));
        var first = Put(new ChangeSet().Put(completing), completingSpools);
        await seed.Store.CommitAsync(first);

        cancelling.Cancel(cancellingSpools, SeedExample.Start.AddHours(5));
        var second = Put(new ChangeSet().Put(cancelling), cancellingSpools);
        var error = await StoreSnapshot.RefusedAsync<ConcurrencyConflictException>(seed.Store, () => seed.Store.CommitAsync(second));

        // The store may notice the stale run or a stale spool first; either way the whole set is refused.
        Assert.Contains(error.Entity, new[] { "run", "spool" });
        Assert.Contains($"{error.Entity} {error.Key} was changed by someone else", error.Message, StringComparison.Ordinal);
        Assert.Contains($"expected version {error.ExpectedVersion}", error.Message, StringComparison.Ordinal);
        var stored = await seed.Service.Runs.GetRunAsync(number);
        Assert.Equal(RunStatus.Completed, stored.Status);
        var black = await seed.Service.Catalog.GetSpoolAsync("PLA-001");
        Assert.Equal(711m, black.GrossWeight!.Value.Grams);
        Assert.Single(black.Ledger, e => e.Kind == LedgerEntryKind.ConsumedByRun);
    }

    [Fact]
    public async Task A_stale_run_cannot_overwrite_a_newer_one()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var mine = (await seed.Store.FindRunByNumberAsync(number))!;
        var theirs = (await seed.Store.FindRunByNumberAsync(number))!;
        var readVersion = mine.Version;

        theirs.SetNotes("Sold at the fair");
        await seed.Store.CommitAsync(new ChangeSet().Put(theirs));
        mine.SetNotes("Given away");
        var error = await StoreSnapshot.RefusedAsync<ConcurrencyConflictException>(seed.Store, () => seed.Store.CommitAsync(new ChangeSet().Put(mine)));

        Assert.Equal(("run", "#42", readVersion), (error.Entity, error.Key, error.ExpectedVersion));
        Assert.Contains("run #42", error.Message, StringComparison.Ordinal);
        Assert.Contains($"expected version {readVersion}", error.Message, StringComparison.Ordinal);
        Assert.Equal("Sold at the fair", (await seed.Service.Runs.GetRunAsync(number)).Notes);
    }

    [Fact]
    public async Task Two_runs_starting_with_the_same_spool_at_once_store_only_the_first()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var first = await seed.Service.Runs.CreateRunAsync("P1S-1");
        await seed.Service.Runs.AddProductToRunAsync(first.Number, "STAND", 1);
        await seed.Service.Runs.AssignSpoolAsync(first.Number, "PLA-001");
        var second = await seed.Service.Runs.CreateRunAsync("P1S-1");
        await seed.Service.Runs.AddProductToRunAsync(second.Number, "STAND", 1);
        await seed.Service.Runs.AssignSpoolAsync(second.Number, "PLA-001");
        await seed.Service.Weighing.RecordWeightBeforeAsync(first.Number, "PLA-001", Mass.FromGrams(850));
        await seed.Service.Weighing.RecordWeightBeforeAsync(second.Number, "PLA-001", Mass.FromGrams(850));

        // The second unit of work reads the spool while it is still idle...
        var secondRun = (await seed.Store.FindRunByNumberAsync(second.Number))!;
        var staleSpools = await LoadSpoolsAsync(seed.Store, secondRun);
        // ...then the first run starts and takes the spool.
        await seed.Service.Runs.StartAsync(first.Number);
        secondRun.Start(staleSpools, SeedExample.Start.AddMinutes(1));
        var changes = Put(new ChangeSet().Put(secondRun), staleSpools);

        var error = await StoreSnapshot.RefusedAsync<ConcurrencyConflictException>(seed.Store, () => seed.Store.CommitAsync(changes));

        Assert.Equal(("spool", "PLA-001"), (error.Entity, error.Key));
        Assert.Contains("spool PLA-001", error.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Draft, (await seed.Service.Runs.GetRunAsync(second.Number)).Status);
        Assert.Equal(first.Id, (await seed.Service.Catalog.GetSpoolAsync("PLA-001")).ActiveRunId);
    }

    [Fact]
    public async Task A_storage_fault_while_completing_leaves_run_and_spools_as_they_were()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.PrintedAsync();
        seed.Store.FailNextCommit = new IOException("disk full");

        var error = await StoreSnapshot.RefusedAsync<IOException>(seed.Store, () => seed.Service.Runs.CompleteAsync(number, new QualityRating(4), "Minor stringing"));

        Assert.Equal("disk full", error.Message);
        var run = await seed.Service.Runs.GetRunAsync(number);
        Assert.Equal(RunStatus.InProgress, run.Status);
        Assert.Null(run.Quality);
        var black = await seed.Service.Catalog.GetSpoolAsync("PLA-001");
        Assert.Equal(850m, black.GrossWeight!.Value.Grams);
        Assert.Equal(run.Id, black.ActiveRunId);
        Assert.DoesNotContain(black.Ledger, e => e.Kind == LedgerEntryKind.ConsumedByRun);

        // The fault was transient: completing again works.
        await seed.Service.Runs.CompleteAsync(number, new QualityRating(4), "Minor stringing");
        Assert.Equal(RunStatus.Completed, (await seed.Service.Runs.GetRunAsync(number)).Status);
        Assert.Equal(711m, (await seed.Service.Catalog.GetSpoolAsync("PLA-001")).GrossWeight!.Value.Grams);
    }

    private static Mass Grams(string grams) => Mass.FromGrams(decimal.Parse(grams, CultureInfo.InvariantCulture));

    private static void AssertWeightMustBePositive(DomainRuleException error, string what, string grams)
    {
        Assert.Equal(DomainRule.WeightMustBePositive, error.Rule);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains($"but {grams} g was given", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<Spool>> LoadSpoolsAsync(InMemoryStore store, ProductionRun run)
    {
        var spools = new List<Spool>();
        foreach (var material in run.Materials)
        {
            spools.Add((await store.FindSpoolAsync(material.SpoolId))!);
        }

        return spools;
    }

    private static ChangeSet Put(ChangeSet changes, IEnumerable<Spool> spools)
    {
        foreach (var spool in spools)
        {
            changes.Put(spool);
        }

        return changes;
    }
}
