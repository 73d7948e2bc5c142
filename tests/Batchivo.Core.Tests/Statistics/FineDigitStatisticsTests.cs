using Batchivo.Core.Tests.Production;
using Batchivo.Production;
using Batchivo.Statistics;

namespace Batchivo.Core.Tests.Statistics;

/// <summary>
/// Runs whose weights have finer digits than 0.0001 g, mixed with runs that have none, give the sums of the runs'
/// own figures to the last digit (a store whose SQL sums ten-thousandths falls back to the calculator for them).
/// </summary>
public sealed class FineDigitStatisticsTests
{
    [Theory]
    [InlineData("850", "711", "420", "367")]
    [InlineData("850.123456", "711.000001", "420", "367")]
    [InlineData("850.12345678901", "711.5", "420.00001", "366.99999")]
    public void Runs_with_finer_digits_than_0_0001_g_are_summed_exactly(string blackBefore, string blackAfter, string whiteBefore, string whiteAfter)
    {
        var runs = new List<ProductionRun>
        {
            Completed("850", "711", "420", "367"),
            Completed(blackBefore, blackAfter, whiteBefore, whiteAfter),
            Completed("900.05", "800.0001", "400.5", "390.25"),
        };

        var statistics = StatisticsCalculator.Compute(runs, new StatisticsQuery());

        Assert.Equal(runs.Sum(r => r.Totals.ActualRecorded.Grams), statistics.MaterialUsed.Grams);
        Assert.Equal(runs.Sum(r => r.Totals.PurgeWaste.Grams), statistics.PurgeWaste.Grams);
        Assert.Equal(runs.Sum(r => r.Totals.FailedUnitsWaste.Grams), statistics.FailedUnitsWaste.Grams);
        Assert.Equal(runs.Sum(r => r.EstimatedTotal.Grams), statistics.TotalEstimated.Grams);
        Assert.Equal(runs.Sum(r => r.Variance!.Value.Grams), statistics.TotalVariance.Grams);
        Assert.Equal(runs.Sum(r => r.VariancePercent!.Value) / 3m, statistics.AverageVariancePercent);
        Assert.Equal(3, statistics.RunsWithVariance);
    }

    private static ProductionRun Completed(string blackBefore, string blackAfter, string whiteBefore, string whiteAfter)
    {
        var plate = new DomainPlate();
        var run = plate.Run;
        run.AddItem(plate.Stand, 3);
        run.AddItem(plate.Clip, 10);
        run.AssignSpool(plate.Black, 4, estimatedPurge: Mass.FromGrams(2));
        run.AssignSpool(plate.White, 4);
        run.RecordWeightBefore(plate.Black, Grams(blackBefore), DomainPlate.T0);
        run.RecordWeightBefore(plate.White, Grams(whiteBefore), DomainPlate.T0);
        run.Start([plate.Black, plate.White], DomainPlate.T0.AddMinutes(5));
        run.RecordWeightAfter(plate.Black.Id, Grams(blackAfter));
        run.RecordWeightAfter(plate.White.Id, Grams(whiteAfter));
        run.RecordOutcome(plate.Stand.Id, 3, 0);
        run.RecordOutcome(plate.Clip.Id, 7, 3);
        run.Complete([plate.Black, plate.White], DomainPlate.T0.AddHours(5));
        return run;
    }

    private static Mass Grams(string text) => Mass.FromGrams(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
}
