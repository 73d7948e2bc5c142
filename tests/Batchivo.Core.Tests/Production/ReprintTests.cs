using Batchivo.Core.Tests.Support;
using Batchivo.Production;

namespace Batchivo.Core.Tests.Production;

/// <summary>Reprints: a new draft for the failed units not yet covered, linked to the original run.</summary>
public sealed class ReprintTests
{
    [Fact]
    public async Task Reprint_of_the_seed_run_is_a_draft_with_the_failed_clip_linked_to_the_original()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var original = await seed.Service.Runs.GetRunAsync(number);

        var reprint = await seed.Service.Runs.ReprintAsync(number);

        Assert.Equal(43, reprint.Number);
        Assert.Equal(RunStatus.Draft, reprint.Status);
        Assert.Equal(original.Id, reprint.OriginalRunId);
        Assert.Equal(original.PrinterId, reprint.PrinterId);
        // The link is a field, not a note: the notes stay free for the user.
        Assert.Null(reprint.Notes);
        Assert.Equal(42, await seed.Service.Analytics.FindOriginalRunNumberAsync(reprint));
        var item = Assert.Single(reprint.Items);
        Assert.Equal(("CLIP", "Cable Clip", 1), (item.Sku, item.Name, item.Quantity));
        Assert.Null(item.Failed);
        Assert.Empty(reprint.Materials);

        var stored = await seed.Service.Runs.GetRunAsync(43);
        Assert.Equal(original.Id, stored.OriginalRunId);
        Assert.Equal(RunStatus.Completed, (await seed.Service.Runs.GetRunAsync(number)).Status);
    }

    [Fact]
    public async Task A_second_reprint_is_refused_while_the_first_covers_the_failed_units()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        await seed.Service.Runs.ReprintAsync(number);

        var error = await StoreSnapshot.RefusedAsync<DomainRuleException>(seed.Store, () => seed.Service.Runs.ReprintAsync(number));

        Assert.Equal(DomainRule.NothingToReprint, error.Rule);
        Assert.Contains("Run #42", error.Message, StringComparison.Ordinal);
        Assert.Contains("no failed units left", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await seed.Service.Runs.ListRunsAsync()).Count);
    }

    [Fact]
    public async Task A_cancelled_reprint_no_longer_covers_the_failed_units()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var first = await seed.Service.Runs.ReprintAsync(number);
        await seed.Service.Runs.CancelAsync(first.Number, "Printer needed elsewhere");

        var second = await seed.Service.Runs.ReprintAsync(number);

        Assert.Equal(44, second.Number);
        Assert.Equal(first.OriginalRunId, second.OriginalRunId);
        Assert.Equal(1, Assert.Single(second.Items).Quantity);
        await Assert.ThrowsAsync<DomainRuleException>(() => seed.Service.Runs.ReprintAsync(number));
    }

    [Fact]
    public async Task A_run_without_failed_units_has_nothing_to_reprint()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        await seed.CompletedAsync();
        var number = await seed.MultiColourAsync();

        var error = await StoreSnapshot.RefusedAsync<DomainRuleException>(seed.Store, () => seed.Service.Runs.ReprintAsync(number));

        Assert.Equal(DomainRule.NothingToReprint, error.Rule);
        Assert.Contains($"Run #{number}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RunStatus.Draft)]
    [InlineData(RunStatus.InProgress)]
    [InlineData(RunStatus.Cancelled)]
    public async Task Only_completed_or_failed_runs_can_be_reprinted(RunStatus status)
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        if (status == RunStatus.InProgress)
        {
            await seed.Service.Runs.StartAsync(number);
        }
        else if (status == RunStatus.Cancelled)
        {
            await seed.Service.Runs.CancelAsync(number);
        }

        var error = await StoreSnapshot.RefusedAsync<RunStateException>(seed.Store, () => seed.Service.Runs.ReprintAsync(number));

        Assert.Equal((status, "reprint", 42), (error.Status, error.Action, error.RunNumber));
        Assert.Contains("Run #42", error.Message, StringComparison.Ordinal);
        Assert.Contains("only completed or failed runs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_plate_reprints_every_unit()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);
        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-001", Mass.FromGrams(800));
        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-002", Mass.FromGrams(400));
        await seed.Service.Runs.FailAsync(number, "Bed adhesion lost");

        var reprint = await seed.Service.Runs.ReprintAsync(number);

        Assert.Equal(RunStatus.Draft, reprint.Status);
        Assert.Equal(
            [("STAND", 3), ("CLIP", 10)],
            reprint.Items.Select(i => (i.Sku, i.Quantity)));
        Assert.Equal(13, reprint.UnitCount);
        Assert.Equal(185m, reprint.EstimatedModelFromItems.Grams);
    }

    [Fact]
    public async Task A_reprint_can_go_to_another_printer()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        await seed.Service.Catalog.AddPrinterAsync("P1S-2", "Bambu P1S", 1);
        var number = await seed.CompletedAsync();

        var unknown = await StoreSnapshot.RefusedAsync<NotFoundException>(seed.Store, () => seed.Service.Runs.ReprintAsync(number, "X1C-9"));
        var reprint = await seed.Service.Runs.ReprintAsync(number, "P1S-2");

        Assert.Contains("'X1C-9'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("P1S-2", reprint.PrinterName);
    }

    [Fact]
    public async Task Reprint_rate_is_reprinted_units_over_units_printed()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var reprint = await seed.Service.Runs.ReprintAsync(number);
        await seed.Service.Runs.AssignSpoolAsync(reprint.Number, "PLA-002");
        await seed.Service.Weighing.RecordWeightBeforeAsync(reprint.Number, "PLA-002", Mass.FromGrams(367));
        await seed.Service.Runs.StartAsync(reprint.Number);
        seed.Time.Advance(TimeSpan.FromMinutes(20));
        await seed.Service.Weighing.RecordWeightAfterAsync(reprint.Number, "PLA-002", Mass.FromGrams(361.5m));
        await seed.Service.Runs.RecordOutcomeAsync(reprint.Number, "CLIP", 1, 0);
        await seed.Service.Runs.CompleteAsync(reprint.Number, new QualityRating(5));

        var statistics = await seed.Service.Analytics.GetStatisticsAsync();

        Assert.Equal(2, statistics.RunsCompleted);
        Assert.Equal(14, statistics.UnitsPrinted);
        Assert.Equal(1, statistics.ReprintedUnits);
        Assert.Equal(1m / 14m, statistics.ReprintRate);
        Assert.Equal(13, statistics.UnitsSuccessful);
        Assert.Equal(1, statistics.UnitsFailed);
    }

    [Fact]
    public async Task An_unfinished_reprint_does_not_count_in_the_reprint_rate()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        await seed.Service.Runs.ReprintAsync(number);

        var statistics = await seed.Service.Analytics.GetStatisticsAsync();

        Assert.Equal(13, statistics.UnitsPrinted);
        Assert.Equal(0, statistics.ReprintedUnits);
        Assert.Equal(0m, statistics.ReprintRate);
    }
}
