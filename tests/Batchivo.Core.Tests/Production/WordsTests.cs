using Batchivo.Catalog;
using Batchivo.Core.Tests.Support;
using Batchivo.Production;
using Batchivo.Reporting;
using Batchivo.Statistics;

namespace Batchivo.Core.Tests.Production;

/// <summary>The words a user reads: labels that fit the run's status, proper singular and plural, no enum names.</summary>
public sealed class WordsTests
{
    [Fact]
    public async Task A_failed_plates_shortfall_is_not_labelled_savings()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);
        // The plate failed early: 10 g and 5 g used of 185 g estimated.
        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-001", Mass.FromGrams(840));
        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-002", Mass.FromGrams(415));
        await seed.Service.Runs.FailAsync(number);

        var text = ReportRenderer.RenderVariance(await seed.Service.Analytics.GetReportAsync(number));

        Assert.DoesNotContain("Savings", text, StringComparison.Ordinal);
        Assert.DoesNotContain("efficient pathing", text, StringComparison.Ordinal);
        Assert.Contains("  - Model: -170g (shortfall: the plate failed)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_plate_that_used_less_shows_savings()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();

        var text = ReportRenderer.RenderVariance(await seed.Service.Analytics.GetReportAsync(number));

        Assert.Contains("Savings: -1g (efficient pathing)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_run_does_not_say_it_is_not_weighed_yet()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.CancelAsync(number);

        var text = ReportRenderer.RenderResult(await seed.Service.Analytics.GetReportAsync(number));

        Assert.DoesNotContain("not weighed yet", text, StringComparison.Ordinal);
        Assert.Contains("Actual: not weighed (cancelled)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reprints_report_names_its_original_run_and_keeps_it_when_the_notes_are_set()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var reprint = await seed.Service.Runs.ReprintAsync(number);

        await seed.Service.Runs.SetNotesAsync(reprint.Number, "Print these first tomorrow");
        var report = await seed.Service.Analytics.GetReportAsync(reprint.Number);

        Assert.Equal(42, report.ReprintOf);
        Assert.Contains("Reprint of run #42", ReportRenderer.RenderResult(report), StringComparison.Ordinal);
        Assert.Equal("Print these first tomorrow", report.Notes);
        Assert.Null((await seed.Service.Analytics.GetReportAsync(number)).ReprintOf);
    }

    [Fact]
    public async Task Statistics_say_1_run_and_2_runs()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        await seed.CompletedAsync();

        var text = ReportRenderer.RenderStatistics(await seed.Service.Analytics.GetStatisticsAsync(new StatisticsQuery()));

        Assert.DoesNotContain("1 runs", text, StringComparison.Ordinal);
        Assert.Contains("P1S-1: 1 run, ", text, StringComparison.Ordinal);
        Assert.Contains("1 rated run)", text, StringComparison.Ordinal);
        Assert.Equal("2 runs", ReportRenderer.Count(2, "run"));
        Assert.Equal("0 runs", ReportRenderer.Count(0, "run"));
    }

    [Fact]
    public void One_missing_weight_says_spool_has_and_several_say_spools_have()
    {
        var plate = new DomainPlate();
        plate.Run.AddItem(plate.Coaster, 1);
        plate.Run.AssignSpool(plate.Black, 4);
        plate.Run.AssignSpool(plate.White, 4);
        var both = plate.Refused<DomainRuleException>(() => plate.Run.Start(plate.Spools, DomainPlate.At(5)));
        plate.Run.RecordWeightBefore(plate.Black, Mass.FromGrams(850), DomainPlate.At(6));
        var one = plate.Refused<DomainRuleException>(() => plate.Run.Start(plate.Spools, DomainPlate.At(7)));

        Assert.Contains("spools PLA-001, PLA-002 have no weight before. Weigh them first.", both.Message, StringComparison.Ordinal);
        Assert.Contains("spool PLA-002 has no weight before. Weigh it first.", one.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(s)", one.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_printer_with_one_slot_says_one_material_slot()
    {
        var plate = new DomainPlate();
        plate.Run.AssignSpool(plate.Black, 1);

        var error = plate.Refused<DomainRuleException>(() => plate.Run.AssignSpool(plate.White, 1));

        Assert.Contains("has 1 material slot and run #42 already uses it", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("slot(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statuses_read_as_words_in_messages()
    {
        var plate = new DomainPlate().Started();

        var error = Assert.Throws<RunStateException>(() => Reprints.Uncovered(plate.Run, []));

        Assert.Contains("Run #42 is in progress:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("inprogress", error.Message, StringComparison.Ordinal);
        Assert.Equal("In Progress", ReportRenderer.StatusWords(RunStatus.InProgress));
    }

    [Fact]
    public void The_spool_ledger_reads_in_words_and_the_spool_knows_the_filament_used_since_its_first_weighing()
    {
        var plate = new DomainPlate().Completed();
        var black = plate.Black;

        Assert.Equal(["Weighed before run #42", "Used by run #42"], black.Ledger.Select(e => e.Description));
        Assert.Equal(139m, black.UsedSinceFirstWeighing!.Value.Grams);
        Assert.Equal("First weighing", plate.Spare.Ledger[0].Description);
        Assert.Equal(Mass.Zero, plate.Spare.UsedSinceFirstWeighing);

        plate.Spare.Adjust(Mass.FromGrams(1200), "rewound", DomainPlate.At(500));
        Assert.Equal("Corrected by hand", plate.Spare.Ledger[^1].Description);
        Assert.Equal(50m, plate.Spare.UsedSinceFirstWeighing!.Value.Grams);
        Assert.Null(Spool.Create("PLA-009", new Material(SeedExample.Black), Mass.FromGrams(1000), new Money(1m, "USD"), DomainPlate.T0).UsedSinceFirstWeighing);
    }
}
