using System.Text.Json;
using Batchivo.Catalog;
using Batchivo.Core.Tests.Support;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Core.Tests.Production;

/// <summary>
/// The page's plate built directly on the domain objects (no service, no store): run #42 with 3 Phone Stands
/// (PLA Black) and 10 Cable Clips (PLA White) from PLA-001 (850 g before) and PLA-002 (420 g before).
/// </summary>
public sealed class DomainPlate
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public DomainPlate()
    {
        Printer = Printer.Create("P1S-1", "Bambu P1S", 4);
        Black = Spool.Create("PLA-001", new Material(SeedExample.Black, "Bambu Lab", "#000000"), Mass.FromGrams(1000), new Money(25m, "USD"), T0, Mass.FromGrams(250));
        White = Spool.Create("PLA-002", new Material(SeedExample.White, "Bambu Lab", "#FFFFFF"), Mass.FromGrams(1000), new Money(20m, "USD"), T0, Mass.FromGrams(250));
        Spare = Spool.Create("PLA-003", new Material(SeedExample.Black, "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), T0, Mass.FromGrams(250), initialGross: Mass.FromGrams(1250));
        Stand = Product.Create("STAND", "Phone Stand", [new BomLine(SeedExample.Black, Mass.FromGrams(45), Mass.FromGrams(5))]);
        Clip = Product.Create("CLIP", "Cable Clip", [new BomLine(SeedExample.White, Mass.FromGrams(5))]);
        Coaster = Product.Create("COASTER", "Logo Coaster", [new BomLine(SeedExample.Black, Mass.FromGrams(45)), new BomLine(SeedExample.White, Mass.FromGrams(12))]);
        Run = ProductionRun.Create(42, Printer, T0, TimeSpan.FromMinutes(270));
    }

    public Printer Printer { get; }

    public Spool Black { get; }

    public Spool White { get; }

    public Spool Spare { get; }

    public Product Stand { get; }

    public Product Clip { get; }

    public Product Coaster { get; }

    public ProductionRun Run { get; }

    public IReadOnlyCollection<Spool> Spools => [Black, White];

    public static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    /// <summary>A plate in the given status (Cancelled: cancelled from Draft).</summary>
    public static DomainPlate In(RunStatus status) => status switch
    {
        RunStatus.Draft => new DomainPlate().Draft(),
        RunStatus.InProgress => new DomainPlate().Started(),
        RunStatus.Completed => new DomainPlate().Completed(),
        RunStatus.Failed => new DomainPlate().Failed(),
        _ => new DomainPlate().Cancelled(),
    };

    public DomainPlate Draft()
    {
        Run.AddItem(Stand, 3);
        Run.AddItem(Clip, 10);
        Run.AssignSpool(Black, Printer.MaterialSlots);
        Run.AssignSpool(White, Printer.MaterialSlots);
        Run.RecordWeightBefore(Black, Mass.FromGrams(850), At(1));
        Run.RecordWeightBefore(White, Mass.FromGrams(420), At(2));
        return this;
    }

    public DomainPlate Started()
    {
        Draft();
        Run.Start(Spools, At(10));
        return this;
    }

    public DomainPlate Printed()
    {
        Started();
        Run.RecordWeightAfter(Black.Id, Mass.FromGrams(711));
        Run.RecordWeightAfter(White.Id, Mass.FromGrams(367));
        Run.RecordOutcome(Stand.Id, 3, 0);
        Run.RecordOutcome(Clip.Id, 9, 1);
        return this;
    }

    public DomainPlate Completed()
    {
        Printed();
        Run.Complete(Spools, At(290), new QualityRating(4));
        return this;
    }

    public DomainPlate Failed()
    {
        Started();
        Run.RecordWeightAfter(Black.Id, Mass.FromGrams(800));
        Run.RecordWeightAfter(White.Id, Mass.FromGrams(400));
        Run.Fail(Spools, At(60));
        return this;
    }

    public DomainPlate Cancelled()
    {
        Draft();
        Run.Cancel(Spools, At(5));
        return this;
    }

    /// <summary>Everything the domain objects would store, as text, to compare before and after a call.</summary>
    public string Snapshot() => JsonSerializer.Serialize(new
    {
        Run = Run.ToState(),
        Black = Black.ToState(),
        White = White.ToState(),
        Spare = Spare.ToState(),
    });

    /// <summary>Asserts that <paramref name="call"/> throws exactly <typeparamref name="TException"/> and changes nothing.</summary>
    public TException Refused<TException>(Action call)
        where TException : Exception
    {
        var before = Snapshot();
        var error = Assert.Throws<TException>(call);
        Assert.Equal(before, Snapshot());
        return error;
    }
}

/// <summary>Snapshots of everything a store holds, to show that a refused operation stored nothing.</summary>
public static class StoreSnapshot
{
    public static async Task<string> TakeAsync(InMemoryStore store)
    {
        var runs = await store.ListRunsAsync(new RunQuery());
        var spools = await store.ListSpoolsAsync();
        var products = await store.ListProductsAsync();
        var printers = await store.ListPrintersAsync();
        return JsonSerializer.Serialize(new
        {
            store.CommitCount,
            Runs = runs.Select(r => r.ToState()),
            Spools = spools.Select(s => s.ToState()),
            Products = products.Select(p => p.ToState()),
            Printers = printers.Select(p => p.ToState()),
        });
    }

    /// <summary>Asserts that <paramref name="call"/> throws exactly <typeparamref name="TException"/> and stores nothing.</summary>
    public static async Task<TException> RefusedAsync<TException>(InMemoryStore store, Func<Task> call)
        where TException : Exception
    {
        var before = await TakeAsync(store);
        var commits = store.CommitCount;
        var error = await Assert.ThrowsAsync<TException>(call);
        Assert.Equal(commits, store.CommitCount);
        Assert.Equal(before, await TakeAsync(store));
        return error;
    }
}

/// <summary>Every lifecycle rule: allowed transitions, refused ones with their typed errors, and that refusals change nothing.</summary>
public sealed class LifecycleTests
{
    private static readonly Dictionary<string, (string Action, Action<DomainPlate> Call)> Edits = new()
    {
        ["AddItem"] = ("add a product", p => p.Run.AddItem(p.Coaster, 1)),
        ["RemoveItem"] = ("remove a product", p => p.Run.RemoveItem(p.Stand.Id)),
        ["AssignSpool"] = ("assign a spool", p => p.Run.AssignSpool(p.Spare, 4)),
        ["UnassignSpool"] = ("unassign a spool", p => p.Run.UnassignSpool(p.White.Id)),
        ["SetPurgeEstimate"] = ("change estimates", p => p.Run.SetPurgeEstimate(p.Black.Id, Mass.FromGrams(5), Mass.FromGrams(2))),
        ["SetEstimatedDuration"] = ("change the estimated duration", p => p.Run.SetEstimatedDuration(TimeSpan.FromHours(2))),
        ["ApplySlicerEstimate"] = ("apply a slicer estimate", p => p.Run.ApplySlicerEstimate(new SlicerEstimate(
            "plate.3mf",
            [new SlicerSpoolEstimate("PLA-001", Mass.FromGrams(140), Mass.FromGrams(3), Mass.Zero), new SlicerSpoolEstimate("PLA-002", Mass.FromGrams(50), Mass.FromGrams(2), Mass.Zero)],
            null))),
        ["RecordWeightBefore"] = ("record a weight before", p => p.Run.RecordWeightBefore(p.Black, Mass.FromGrams(700), DomainPlate.At(400))),
        ["RecordWeightAfter"] = ("record a weight after", p => p.Run.RecordWeightAfter(p.Black.Id, Mass.FromGrams(700))),
        ["RecordMeasuredWaste"] = ("record measured supports, purge or tower", p => p.Run.RecordMeasuredWaste(p.Black.Id, Mass.FromGrams(1), Mass.FromGrams(1), null)),
        ["RecordOutcome"] = ("record outcomes", p => p.Run.RecordOutcome(p.Clip.Id, 10, 0)),
        ["Rate"] = ("rate", p => p.Run.Rate(new QualityRating(5))),
        ["Start"] = ("start", p => p.Run.Start(p.Spools, DomainPlate.At(400))),
        ["Complete"] = ("complete", p => p.Run.Complete(p.Spools, DomainPlate.At(400))),
        ["Fail"] = ("fail", p => p.Run.Fail(p.Spools, DomainPlate.At(400))),
        ["Cancel"] = ("cancel", p => p.Run.Cancel(p.Spools, DomainPlate.At(400))),
    };

    public static TheoryData<RunStatus, string> FinalRunEdits()
    {
        var data = new TheoryData<RunStatus, string>();
        foreach (var status in new[] { RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled })
        {
            foreach (var edit in Edits.Keys)
            {
                data.Add(status, edit);
            }
        }

        return data;
    }

    // ---- Allowed transitions -------------------------------------------------------------------

    [Fact]
    public void Start_moves_a_draft_in_progress_and_puts_its_spools_on_the_printer()
    {
        var plate = new DomainPlate().Draft();

        plate.Run.Start(plate.Spools, DomainPlate.At(10));

        Assert.Equal(RunStatus.InProgress, plate.Run.Status);
        Assert.Equal(DomainPlate.At(10), plate.Run.StartedAt);
        Assert.Null(plate.Run.EndedAt);
        Assert.False(plate.Run.IsFinal);
        Assert.Equal(plate.Run.Id, plate.Black.ActiveRunId);
        Assert.Equal(plate.Run.Id, plate.White.ActiveRunId);
        Assert.Equal(850m, plate.Black.GrossWeight!.Value.Grams);
        Assert.Equal(420m, plate.White.GrossWeight!.Value.Grams);
    }

    [Fact]
    public void Complete_moves_a_run_in_progress_to_completed_and_updates_its_spools()
    {
        var plate = new DomainPlate().Printed();

        plate.Run.Complete(plate.Spools, DomainPlate.At(290), new QualityRating(4));

        Assert.Equal(RunStatus.Completed, plate.Run.Status);
        Assert.True(plate.Run.IsFinal);
        Assert.Equal(DomainPlate.At(290), plate.Run.EndedAt);
        Assert.Equal(4, plate.Run.Quality!.Value.Stars);
        Assert.Equal(192m, plate.Run.ActualTotal!.Value.Grams);
        AssertConsumed(plate.Black, 850m, 711m, 42);
        AssertConsumed(plate.White, 420m, 367m, 42);
    }

    [Fact]
    public void Complete_without_a_rating_keeps_the_rating_given_before()
    {
        var plate = new DomainPlate().Printed();
        plate.Run.Rate(new QualityRating(3));

        plate.Run.Complete(plate.Spools, DomainPlate.At(290));

        Assert.Equal(3, plate.Run.Quality!.Value.Stars);
    }

    [Fact]
    public void Fail_marks_every_unit_failed_and_updates_the_spools()
    {
        // Outcomes recorded before do not matter: the whole plate failed.
        var plate = new DomainPlate().Printed();

        plate.Run.Fail(plate.Spools, DomainPlate.At(100));

        Assert.Equal(RunStatus.Failed, plate.Run.Status);
        Assert.Equal(DomainPlate.At(100), plate.Run.EndedAt);
        Assert.All(plate.Run.Items, i => Assert.Equal((0, i.Quantity), (i.Successful!.Value, i.Failed!.Value)));
        Assert.Equal("0/3 successful (3 failed)", plate.Run.FindItem(plate.Stand.Id)!.OutcomeText());
        Assert.Equal(0, plate.Run.Totals.UnitsSuccessful);
        Assert.Equal(13, plate.Run.Totals.UnitsFailed);
        Assert.Equal(plate.Run.Totals.ActualRecorded, plate.Run.Totals.Waste);
        AssertConsumed(plate.Black, 850m, 711m, 42);
        AssertConsumed(plate.White, 420m, 367m, 42);
    }

    [Fact]
    public void Cancel_from_draft_consumes_nothing()
    {
        var plate = new DomainPlate().Draft();
        var spoolsBefore = JsonSerializer.Serialize(plate.Spools.Select(s => s.ToState()));

        plate.Run.Cancel(plate.Spools, DomainPlate.At(5));

        Assert.Equal(RunStatus.Cancelled, plate.Run.Status);
        Assert.Equal(DomainPlate.At(5), plate.Run.EndedAt);
        Assert.Null(plate.Run.StartedAt);
        Assert.Equal(spoolsBefore, JsonSerializer.Serialize(plate.Spools.Select(s => s.ToState())));
    }

    [Fact]
    public void Cancel_from_draft_needs_no_spools_passed_in()
    {
        var plate = new DomainPlate().Draft();

        plate.Run.Cancel([], DomainPlate.At(5));

        Assert.Equal(RunStatus.Cancelled, plate.Run.Status);
    }

    [Fact]
    public void Cancel_in_progress_without_weights_after_releases_the_spools_and_records_no_usage()
    {
        var plate = new DomainPlate().Started();
        var ledgers = (plate.Black.Ledger.Count, plate.White.Ledger.Count);

        plate.Run.Cancel(plate.Spools, DomainPlate.At(30));

        Assert.Equal(RunStatus.Cancelled, plate.Run.Status);
        Assert.Null(plate.Black.ActiveRunId);
        Assert.Null(plate.White.ActiveRunId);
        Assert.Equal(850m, plate.Black.GrossWeight!.Value.Grams);
        Assert.Equal(420m, plate.White.GrossWeight!.Value.Grams);
        Assert.Equal(ledgers, (plate.Black.Ledger.Count, plate.White.Ledger.Count));
        Assert.Equal(Mass.Zero, plate.Run.Totals.ActualRecorded);
        Assert.Null(plate.Run.ActualTotal);
    }

    [Fact]
    public void Cancel_in_progress_with_some_weights_after_records_only_those_spools_and_releases_all()
    {
        var plate = new DomainPlate().Started();
        plate.Run.RecordWeightAfter(plate.Black.Id, Mass.FromGrams(811));
        var whiteLedger = plate.White.Ledger.Count;

        plate.Run.Cancel(plate.Spools, DomainPlate.At(30));

        Assert.Equal(RunStatus.Cancelled, plate.Run.Status);
        AssertConsumed(plate.Black, 850m, 811m, 42);
        Assert.Null(plate.White.ActiveRunId);
        Assert.Equal(420m, plate.White.GrossWeight!.Value.Grams);
        Assert.Equal(whiteLedger, plate.White.Ledger.Count);
        Assert.DoesNotContain(plate.White.Ledger, e => e.Kind == LedgerEntryKind.ConsumedByRun);
        Assert.Equal(39m, plate.Run.Totals.ActualRecorded.Grams);
        Assert.Null(plate.Run.ActualTotal);
    }

    [Theory]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public void Notes_can_change_on_a_final_run_and_nothing_else_does(RunStatus status)
    {
        var plate = DomainPlate.In(status);
        var before = plate.Run.ToState();

        plate.Run.SetNotes("  Reprinted the clips on P1S-2  ");

        var after = plate.Run.ToState();
        Assert.Equal("Reprinted the clips on P1S-2", after.Notes);
        Assert.Equal(JsonSerializer.Serialize(before with { Notes = after.Notes }), JsonSerializer.Serialize(after));

        plate.Run.SetNotes(" ");
        Assert.Null(plate.Run.Notes);
    }

    // ---- Refused transitions -------------------------------------------------------------------

    [Theory]
    [InlineData(RunStatus.InProgress)]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public void Start_is_refused_unless_draft(RunStatus status)
    {
        var plate = DomainPlate.In(status);

        var error = plate.Refused<RunStateException>(() => plate.Run.Start(plate.Spools, DomainPlate.At(400)));

        AssertRunState(error, status, "start");
    }

    [Theory]
    [InlineData(RunStatus.Draft)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public void Complete_is_refused_unless_in_progress(RunStatus status)
    {
        var plate = DomainPlate.In(status);

        var error = plate.Refused<RunStateException>(() => plate.Run.Complete(plate.Spools, DomainPlate.At(400), new QualityRating(5)));

        AssertRunState(error, status, "complete");
    }

    [Fact]
    public void A_second_completion_is_refused_and_changes_nothing()
    {
        var plate = DomainPlate.In(RunStatus.Completed);

        var error = plate.Refused<RunStateException>(() => plate.Run.Complete(plate.Spools, DomainPlate.At(400), new QualityRating(5)));

        AssertRunState(error, RunStatus.Completed, "complete");
        Assert.Contains("already completed", error.Message, StringComparison.Ordinal);
        Assert.Single(plate.Black.Ledger, e => e.Kind == LedgerEntryKind.ConsumedByRun);
    }

    [Fact]
    public void Fail_is_refused_in_draft()
    {
        var plate = DomainPlate.In(RunStatus.Draft);

        var error = plate.Refused<RunStateException>(() => plate.Run.Fail(plate.Spools, DomainPlate.At(400)));

        AssertRunState(error, RunStatus.Draft, "fail");
        Assert.Contains("in progress", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public void Cancel_is_refused_on_a_final_run(RunStatus status)
    {
        var plate = DomainPlate.In(status);

        var error = plate.Refused<RunStateException>(() => plate.Run.Cancel(plate.Spools, DomainPlate.At(400)));

        AssertRunState(error, status, "cancel");
    }

    [Theory]
    [InlineData("AddItem")]
    [InlineData("RemoveItem")]
    [InlineData("AssignSpool")]
    [InlineData("UnassignSpool")]
    [InlineData("SetPurgeEstimate")]
    [InlineData("SetEstimatedDuration")]
    [InlineData("ApplySlicerEstimate")]
    [InlineData("RecordWeightBefore")]
    public void Draft_edits_are_refused_once_started(string edit)
    {
        var plate = DomainPlate.In(RunStatus.InProgress);
        var (action, call) = Edits[edit];

        var error = plate.Refused<RunStateException>(() => call(plate));

        AssertRunState(error, RunStatus.InProgress, action);
        Assert.Contains("in progress", error.Message, StringComparison.Ordinal);
        Assert.Contains("draft", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RecordWeightAfter")]
    [InlineData("RecordMeasuredWaste")]
    [InlineData("RecordOutcome")]
    [InlineData("Rate")]
    public void Printing_records_are_refused_in_draft(string edit)
    {
        var plate = DomainPlate.In(RunStatus.Draft);
        var (action, call) = Edits[edit];

        var error = plate.Refused<RunStateException>(() => call(plate));

        AssertRunState(error, RunStatus.Draft, action);
        Assert.Contains("in progress", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FinalRunEdits))]
    public void Every_edit_of_a_final_run_except_notes_is_refused_and_changes_nothing(RunStatus status, string edit)
    {
        var plate = DomainPlate.In(status);
        var (action, call) = Edits[edit];

        var error = plate.Refused<RunStateException>(() => call(plate));

        AssertRunState(error, status, action);
        if (status == RunStatus.Completed && action == "complete")
        {
            Assert.Contains("already completed", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("final", error.Message, StringComparison.Ordinal);
            Assert.Contains(action, error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("notes", error.Message, StringComparison.Ordinal);
    }

    // ---- Start rules -----------------------------------------------------------------------------

    [Fact]
    public void Start_needs_a_product()
    {
        var plate = new DomainPlate();
        plate.Run.AssignSpool(plate.Black, 4);
        plate.Run.RecordWeightBefore(plate.Black, Mass.FromGrams(850), DomainPlate.At(1));

        var error = plate.Refused<DomainRuleException>(() => plate.Run.Start([plate.Black], DomainPlate.At(10)));

        Assert.Equal(DomainRule.NeedsItems, error.Rule);
        Assert.Contains("#42 has no products", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_needs_a_spool()
    {
        var plate = new DomainPlate();
        plate.Run.AddItem(plate.Stand, 3);

        var error = plate.Refused<DomainRuleException>(() => plate.Run.Start([], DomainPlate.At(10)));

        Assert.Equal(DomainRule.NeedsSpools, error.Rule);
        Assert.Contains("#42 has no spools", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_needs_a_weight_before_for_every_spool()
    {
        var plate = new DomainPlate();
        plate.Run.AddItem(plate.Stand, 3);
        plate.Run.AddItem(plate.Clip, 10);
        plate.Run.AssignSpool(plate.Black, 4);
        plate.Run.AssignSpool(plate.White, 4);
        plate.Run.RecordWeightBefore(plate.Black, Mass.FromGrams(850), DomainPlate.At(1));

        var error = plate.Refused<DomainRuleException>(() => plate.Run.Start(plate.Spools, DomainPlate.At(10)));

        Assert.Equal(DomainRule.NeedsWeightBefore, error.Rule);
        Assert.Contains("PLA-002", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PLA-001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_needs_a_spool_of_every_material_of_the_products()
    {
        var plate = new DomainPlate();
        plate.Run.AddItem(plate.Stand, 3);
        plate.Run.AddItem(plate.Clip, 10);
        plate.Run.AssignSpool(plate.Black, 4);
        plate.Run.RecordWeightBefore(plate.Black, Mass.FromGrams(850), DomainPlate.At(1));

        var error = plate.Refused<DomainRuleException>(() => plate.Run.Start([plate.Black], DomainPlate.At(10)));

        Assert.Equal(DomainRule.MaterialWithoutSpool, error.Rule);
        Assert.Contains("Cable Clip", error.Message, StringComparison.Ordinal);
        Assert.Contains("PLA White", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_is_refused_when_a_spool_was_weighed_since_its_weight_before()
    {
        var plate = new DomainPlate().Draft();
        plate.Black.RecordWeighing(Mass.FromGrams(840), DomainPlate.At(3), "stock check");

        var error = plate.Refused<DomainRuleException>(() => plate.Run.Start(plate.Spools, DomainPlate.At(10)));

        Assert.Equal(DomainRule.StaleWeighing, error.Rule);
        Assert.Contains("PLA-001", error.Message, StringComparison.Ordinal);
        Assert.Contains("850.0 g", error.Message, StringComparison.Ordinal);
        Assert.Contains("840.0 g", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_is_refused_when_a_spool_was_used_by_another_run_since_its_weight_before()
    {
        var plate = new DomainPlate().Draft();
        var other = ProductionRun.Create(43, plate.Printer, DomainPlate.At(2));
        other.AddItem(plate.Stand, 1);
        other.AssignSpool(plate.Black, 4);
        other.RecordWeightBefore(plate.Black, Mass.FromGrams(850), DomainPlate.At(3));
        other.Start([plate.Black], DomainPlate.At(4));
        other.RecordWeightAfter(plate.Black.Id, Mass.FromGrams(800));
        other.RecordOutcome(plate.Stand.Id, 1, 0);
        other.Complete([plate.Black], DomainPlate.At(8));

        var error = plate.Refused<DomainRuleException>(() => plate.Run.Start(plate.Spools, DomainPlate.At(10)));

        Assert.Equal(DomainRule.StaleWeighing, error.Rule);
        Assert.Contains("800.0 g", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_is_refused_when_a_spool_is_not_passed_in()
    {
        var plate = new DomainPlate().Draft();
        var before = plate.Snapshot();

        var error = Assert.Throws<ArgumentException>(() => plate.Run.Start([plate.Black], DomainPlate.At(10)));

        Assert.Contains("PLA-002", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, plate.Snapshot());
    }

    // ---- Complete and fail rules ----------------------------------------------------------------

    [Fact]
    public void Complete_needs_a_weight_after_for_every_spool()
    {
        var plate = new DomainPlate().Started();
        plate.Run.RecordWeightAfter(plate.Black.Id, Mass.FromGrams(711));
        plate.Run.RecordOutcome(plate.Stand.Id, 3, 0);
        plate.Run.RecordOutcome(plate.Clip.Id, 9, 1);

        var error = plate.Refused<DomainRuleException>(() => plate.Run.Complete(plate.Spools, DomainPlate.At(290)));

        Assert.Equal(DomainRule.NeedsWeightAfter, error.Rule);
        Assert.Contains("PLA-002", error.Message, StringComparison.Ordinal);
        Assert.Contains("#42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_needs_the_outcome_of_every_item()
    {
        var plate = new DomainPlate().Started();
        plate.Run.RecordWeightAfter(plate.Black.Id, Mass.FromGrams(711));
        plate.Run.RecordWeightAfter(plate.White.Id, Mass.FromGrams(367));
        plate.Run.RecordOutcome(plate.Stand.Id, 3, 0);

        var error = plate.Refused<DomainRuleException>(() => plate.Run.Complete(plate.Spools, DomainPlate.At(290)));

        Assert.Equal(DomainRule.NeedsOutcome, error.Rule);
        Assert.Contains("Cable Clip", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Phone Stand", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_needs_a_weight_after_for_every_spool()
    {
        var plate = new DomainPlate().Started();
        plate.Run.RecordWeightAfter(plate.White.Id, Mass.FromGrams(400));

        var error = plate.Refused<DomainRuleException>(() => plate.Run.Fail(plate.Spools, DomainPlate.At(60)));

        Assert.Equal(DomainRule.NeedsWeightAfter, error.Rule);
        Assert.Contains("PLA-001", error.Message, StringComparison.Ordinal);
    }

    // ---- Through the service and the store ------------------------------------------------------

    [Fact]
    public async Task Service_start_stores_the_run_and_its_spools_in_one_commit()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        var spoolVersion = (await seed.Service.Catalog.GetSpoolAsync("PLA-001")).Version;
        var commits = seed.Store.CommitCount;

        var result = await seed.Service.Runs.StartAsync(number);

        Assert.Empty(result.Warnings);
        Assert.Equal(commits + 1, seed.Store.CommitCount);
        var stored = await seed.Service.Runs.GetRunAsync(number);
        Assert.Equal(RunStatus.InProgress, stored.Status);
        Assert.Equal(SeedExample.Start, stored.StartedAt);
        var black = await seed.Service.Catalog.GetSpoolAsync("PLA-001");
        Assert.Equal(stored.Id, black.ActiveRunId);
        Assert.Equal(spoolVersion + 1, black.Version);
        Assert.Equal(stored.Id, (await seed.Service.Catalog.GetSpoolAsync("PLA-002")).ActiveRunId);
    }

    [Fact]
    public async Task Service_fail_stores_the_failed_plate_and_the_spools()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);
        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-001", Mass.FromGrams(800));
        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-002", Mass.FromGrams(400));

        await seed.Service.Runs.FailAsync(number, "Spaghetti after layer 12");

        var run = await seed.Service.Runs.GetRunAsync(number);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("Spaghetti after layer 12", run.Notes);
        Assert.All(run.Items, i => Assert.Equal(i.Quantity, i.Failed));
        var black = await seed.Service.Catalog.GetSpoolAsync("PLA-001");
        var white = await seed.Service.Catalog.GetSpoolAsync("PLA-002");
        Assert.Equal((800m, 400m), (black.GrossWeight!.Value.Grams, white.GrossWeight!.Value.Grams));
        Assert.Null(black.ActiveRunId);
        Assert.Null(white.ActiveRunId);
        Assert.Equal(LedgerEntryKind.ConsumedByRun, black.Ledger[^1].Kind);
    }

    [Fact]
    public async Task Service_cancel_of_a_draft_stores_only_the_run()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        var spools = JsonSerializer.Serialize((await seed.Store.ListSpoolsAsync()).Select(s => s.ToState()));
        var commits = seed.Store.CommitCount;

        await seed.Service.Runs.CancelAsync(number, "Wrong plate");

        Assert.Equal(commits + 1, seed.Store.CommitCount);
        var run = await seed.Service.Runs.GetRunAsync(number);
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal("Wrong plate", run.Notes);
        Assert.Equal(spools, JsonSerializer.Serialize((await seed.Store.ListSpoolsAsync()).Select(s => s.ToState())));
    }

    [Fact]
    public async Task Service_cancel_in_progress_records_the_weighed_spools_and_releases_all()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);
        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-002", Mass.FromGrams(400));

        await seed.Service.Runs.CancelAsync(number, "Nozzle clog");

        var black = await seed.Service.Catalog.GetSpoolAsync("PLA-001");
        var white = await seed.Service.Catalog.GetSpoolAsync("PLA-002");
        Assert.Null(black.ActiveRunId);
        Assert.Null(white.ActiveRunId);
        Assert.Equal(850m, black.GrossWeight!.Value.Grams);
        Assert.DoesNotContain(black.Ledger, e => e.Kind == LedgerEntryKind.ConsumedByRun);
        Assert.Equal(400m, white.GrossWeight!.Value.Grams);
        Assert.Equal((LedgerEntryKind.ConsumedByRun, 42), (white.Ledger[^1].Kind, white.Ledger[^1].RunNumber!.Value));
        Assert.Equal(20m, (await seed.Service.Runs.GetRunAsync(number)).Totals.ActualRecorded.Grams);
    }

    [Fact]
    public async Task Service_notes_can_change_on_a_completed_run()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var commits = seed.Store.CommitCount;

        await seed.Service.Runs.SetNotesAsync(number, "Clips sold at the fair");

        Assert.Equal(commits + 1, seed.Store.CommitCount);
        var run = await seed.Service.Runs.GetRunAsync(number);
        Assert.Equal("Clips sold at the fair", run.Notes);
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    public static TheoryData<string> ServiceEdits() => [.. ServiceCalls.Keys];

    private static readonly Dictionary<string, (string Action, Func<ProductionService, int, Task> Call)> ServiceCalls = new()
    {
        ["AddProduct"] = ("add a product", (s, n) => s.Runs.AddProductToRunAsync(n, "COASTER", 1)),
        ["RemoveProduct"] = ("remove a product", (s, n) => s.Runs.RemoveProductFromRunAsync(n, "STAND")),
        ["AssignSpool"] = ("assign a spool", (s, n) => s.Runs.AssignSpoolAsync(n, "PLA-003")),
        ["UnassignSpool"] = ("unassign a spool", (s, n) => s.Runs.UnassignSpoolAsync(n, "PLA-002")),
        ["SetPurgeEstimate"] = ("change estimates", (s, n) => s.Runs.SetPurgeEstimateAsync(n, "PLA-001", Mass.FromGrams(4), Mass.Zero)),
        ["ApplySlicerEstimate"] = ("apply a slicer estimate", (s, n) => s.Runs.ApplySlicerEstimateAsync(n, new SlicerEstimate(
            "plate.3mf",
            [new SlicerSpoolEstimate("PLA-001", Mass.FromGrams(140), Mass.Zero, Mass.Zero), new SlicerSpoolEstimate("PLA-002", Mass.FromGrams(50), Mass.Zero, Mass.Zero)],
            null))),
        ["RecordWeightBefore"] = ("record a weight before", (s, n) => s.Weighing.RecordWeightBeforeAsync(n, "PLA-001", Mass.FromGrams(700))),
        ["RecordWeightAfter"] = ("record a weight after", (s, n) => s.Weighing.RecordWeightAfterAsync(n, "PLA-001", Mass.FromGrams(700))),
        ["RecordMeasuredWaste"] = ("record measured supports, purge or tower", (s, n) => s.Runs.RecordMeasuredWasteAsync(n, "PLA-001", Mass.FromGrams(1), null, null)),
        ["RecordOutcome"] = ("record outcomes", (s, n) => s.Runs.RecordOutcomeAsync(n, "CLIP", 10, 0)),
        ["Start"] = ("start", (s, n) => s.Runs.StartAsync(n)),
        ["Complete"] = ("complete", (s, n) => s.Runs.CompleteAsync(n, new QualityRating(5))),
        ["Fail"] = ("fail", (s, n) => s.Runs.FailAsync(n)),
        ["Cancel"] = ("cancel", (s, n) => s.Runs.CancelAsync(n)),
    };

    [Theory]
    [MemberData(nameof(ServiceEdits))]
    public async Task Service_refuses_every_edit_of_a_completed_run_and_stores_nothing(string edit)
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        await seed.Service.Catalog.AddSpoolAsync(new NewSpool("PLA-003", new Material(SeedExample.Black, "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), Mass.FromGrams(250)));
        var number = await seed.CompletedAsync();
        var (action, call) = ServiceCalls[edit];

        var error = await StoreSnapshot.RefusedAsync<RunStateException>(seed.Store, () => call(seed.Service, number));

        AssertRunState(error, RunStatus.Completed, action);
    }

    [Theory]
    [InlineData("AddProduct")]
    [InlineData("AssignSpool")]
    [InlineData("RecordWeightBefore")]
    public async Task Service_refuses_draft_edits_of_a_run_in_progress_and_stores_nothing(string edit)
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        await seed.Service.Catalog.AddSpoolAsync(new NewSpool("PLA-003", new Material(SeedExample.Black, "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), Mass.FromGrams(250)));
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);
        var (action, call) = ServiceCalls[edit];

        var error = await StoreSnapshot.RefusedAsync<RunStateException>(seed.Store, () => call(seed.Service, number));

        AssertRunState(error, RunStatus.InProgress, action);
    }

    [Theory]
    [InlineData("RecordWeightAfter")]
    [InlineData("RecordOutcome")]
    [InlineData("Complete")]
    [InlineData("Fail")]
    public async Task Service_refuses_printing_records_in_draft_and_stores_nothing(string edit)
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        var (action, call) = ServiceCalls[edit];

        var error = await StoreSnapshot.RefusedAsync<RunStateException>(seed.Store, () => call(seed.Service, number));

        AssertRunState(error, RunStatus.Draft, action);
    }

    [Fact]
    public async Task Service_refuses_a_start_with_a_stale_weighing_and_stores_nothing()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Catalog.WeighSpoolAsync("PLA-002", Mass.FromGrams(415), "stock check");

        var error = await StoreSnapshot.RefusedAsync<DomainRuleException>(seed.Store, () => seed.Service.Runs.StartAsync(number));

        Assert.Equal(DomainRule.StaleWeighing, error.Rule);
        Assert.Contains("PLA-002", error.Message, StringComparison.Ordinal);
        Assert.Contains("415.0 g", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_refuses_to_complete_without_outcomes_and_stores_nothing()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);
        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-001", Mass.FromGrams(711));
        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-002", Mass.FromGrams(367));

        var error = await StoreSnapshot.RefusedAsync<DomainRuleException>(seed.Store, () => seed.Service.Runs.CompleteAsync(number, new QualityRating(4)));

        Assert.Equal(DomainRule.NeedsOutcome, error.Rule);
        Assert.Contains("Phone Stand", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cable Clip", error.Message, StringComparison.Ordinal);
    }

    internal static void AssertRunState(RunStateException error, RunStatus status, string action)
    {
        Assert.Equal(DomainRule.RunState, error.Rule);
        Assert.Equal(status, error.Status);
        Assert.Equal(action, error.Action);
        Assert.Equal(42, error.RunNumber);
        Assert.Contains("#42", error.Message, StringComparison.Ordinal);
    }

    private static void AssertConsumed(Spool spool, decimal before, decimal after, int runNumber)
    {
        Assert.Null(spool.ActiveRunId);
        Assert.Equal(after, spool.GrossWeight!.Value.Grams);
        var entry = spool.Ledger[^1];
        Assert.Equal(LedgerEntryKind.ConsumedByRun, entry.Kind);
        Assert.Equal(before, entry.GrossBefore!.Value.Grams);
        Assert.Equal(after, entry.GrossAfter.Grams);
        Assert.Equal(after - before, entry.Delta.Grams);
        Assert.Equal(runNumber, entry.RunNumber);
        Assert.Equal(spool.GrossWeight!.Value.Grams, spool.Ledger.Sum(e => e.Delta.Grams));
    }
}
