using Batchivo.Core.Tests.Production;
using Batchivo.Production;
using Batchivo.Statistics;

namespace Batchivo.Core.Tests.Statistics;

/// <summary>
/// A run keeps what statistics read of it cached until it changes: statistics taken between the steps of its
/// lifecycle must show each step, never a stale earlier state.
/// </summary>
public sealed class StatisticsFollowChangesTests
{
    [Fact]
    public void Statistics_taken_at_every_step_of_a_run_show_that_step()
    {
        var plate = new DomainPlate();
        var run = plate.Run;
        var runs = new List<ProductionRun> { run };
        var query = new StatisticsQuery();

        run.AddItem(plate.Stand, 3);
        var draft = StatisticsCalculator.Compute(runs, query);
        Assert.Equal(1, draft.RunsByStatus.Draft);
        Assert.Empty(draft.BusiestPrinters);

        run.AddItem(plate.Clip, 10);
        run.AssignSpool(plate.Black, 4, estimatedPurge: Mass.FromGrams(2));
        run.AssignSpool(plate.White, 4);
        run.RecordWeightBefore(plate.Black, Mass.FromGrams(850), DomainPlate.T0);
        run.RecordWeightBefore(plate.White, Mass.FromGrams(420), DomainPlate.T0);
        run.Start([plate.Black, plate.White], DomainPlate.T0.AddMinutes(5));
        var printing = StatisticsCalculator.Compute(runs, query);
        Assert.Equal(0, printing.RunsByStatus.Draft);
        Assert.Equal(1, printing.RunsByStatus.InProgress);
        Assert.Equal(1, Assert.Single(printing.BusiestPrinters).Runs);
        Assert.Equal(0m, printing.MaterialUsed.Grams);

        run.RecordWeightAfter(plate.Black.Id, Mass.FromGrams(700));
        run.RecordWeightAfter(plate.White.Id, Mass.FromGrams(400));
        run.RecordOutcome(plate.Stand.Id, 3, 0);
        run.RecordOutcome(plate.Clip.Id, 8, 2);
        run.Complete([plate.Black, plate.White], DomainPlate.T0.AddHours(2), new QualityRating(4));
        var done = StatisticsCalculator.Compute(runs, query);
        Assert.Equal(1, done.RunsByStatus.Completed);
        Assert.Equal(11, done.UnitsSuccessful);
        Assert.Equal(2, done.UnitsFailed);
        Assert.Equal(170m, done.MaterialUsed.Grams);
        Assert.Equal(4m, done.AverageQuality);
        Assert.Equal(new QualityCounts(0, 0, 0, 1, 0), done.RunsByQuality);
        Assert.Equal(run.Totals.FailedUnitsWaste, done.FailedUnitsWaste);
        Assert.Equal((decimal)TimeSpan.FromMinutes(115).TotalHours, Assert.Single(done.BusiestPrinters).PrintHours);
    }
}
