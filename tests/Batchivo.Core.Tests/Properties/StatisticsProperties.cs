using Batchivo.Production;
using Batchivo.Statistics;
using Batchivo.Storage;
using FsCheck;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Properties;

/// <summary>Statistics add up over a split of the runs, their rates stay in 0..1, and filtering commutes.</summary>
public sealed class StatisticsProperties
{
    /// <summary>Decimal sums of many 28-digit quotients may differ in the last digit when added in another order.</summary>
    private const decimal ReorderTolerance = 0.000000000000000001m;

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Rates_stay_within_0_and_1_and_are_null_only_when_their_base_is_zero(QueriedHistory c)
    {
        foreach (var query in new[] { c.Query, new StatisticsQuery() })
        {
            var s = StatisticsCalculator.Compute(c.History.Runs, query);
            Rate(s.UnitSuccessRate, s.UnitsSuccessful + s.UnitsFailed, nameof(s.UnitSuccessRate));
            Rate(s.RunSuccessRate, s.RunsFinished, nameof(s.RunSuccessRate));
            Rate(s.ReprintRate, s.UnitsPrinted, nameof(s.ReprintRate));
            Rate(s.WasteShare, s.MaterialUsed.Grams, nameof(s.WasteShare));
            Assert.True(s.RunsWithoutFailures <= s.RunsFinished);
            Assert.True(s.ReprintedUnits <= s.UnitsPrinted);
            Assert.True(s.Waste <= s.MaterialUsed, $"waste {s.Waste} above material used {s.MaterialUsed}");
            Assert.Equal(s.RatedRuns, s.RunsByQuality.Total);
            if (s.AverageQuality is { } stars)
            {
                Assert.InRange(stars, 1m, 5m);

                // The distribution's mean is the average quality.
                Assert.Equal(stars, (decimal)Enumerable.Range(1, 5).Sum(n => (long)s.RunsByQuality[n] * n) / s.RatedRuns);
            }
            else
            {
                Assert.Equal(0, s.RatedRuns);
            }
        }

        static void Rate(decimal? rate, decimal @base, string name)
        {
            if (rate is { } r)
            {
                Assert.True(r is >= 0m and <= 1m, $"{name} = {r} is outside 0..1 (base {@base})");
                Assert.NotEqual(0m, @base);
            }
            else
            {
                Assert.True(@base == 0m, $"{name} is null but its base is {@base}");
            }
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Statistics_are_additive_over_a_split_of_the_runs(History history, NonNegativeInt split)
    {
        var runs = history.Runs;
        var k = split.Get % (runs.Count + 1);
        var a = runs.Take(k).ToList();
        var b = runs.Skip(k).ToList();
        var query = new StatisticsQuery(Top: 100);

        // The accumulator over A then B is the statistics over A ++ B, and the order of the runs does not matter.
        var accumulator = StatisticsCalculator.CreateAccumulator(query);
        a.ForEach(accumulator.Add);
        b.ForEach(accumulator.Add);
        var whole = StatisticsCalculator.Compute([.. a, .. b], query);
        AssertSame(whole, accumulator.Build(), 0m);
        AssertSame(whole, StatisticsCalculator.Compute([.. b, .. a], query), ReorderTolerance);

        // Every count and sum of A ++ B is the count or sum of A plus that of B.
        var sa = StatisticsCalculator.Compute(a, query);
        var sb = StatisticsCalculator.Compute(b, query);
        Assert.Equal(whole.RunsByStatus, new RunStatusCounts(
            sa.RunsByStatus.Draft + sb.RunsByStatus.Draft,
            sa.RunsByStatus.InProgress + sb.RunsByStatus.InProgress,
            sa.RunsByStatus.Completed + sb.RunsByStatus.Completed,
            sa.RunsByStatus.Failed + sb.RunsByStatus.Failed,
            sa.RunsByStatus.Cancelled + sb.RunsByStatus.Cancelled));
        Assert.Equal(whole.RunsFinished, sa.RunsFinished + sb.RunsFinished);
        Assert.Equal(whole.UnitsSuccessful, sa.UnitsSuccessful + sb.UnitsSuccessful);
        Assert.Equal(whole.UnitsFailed, sa.UnitsFailed + sb.UnitsFailed);
        Assert.Equal(whole.RunsWithoutFailures, sa.RunsWithoutFailures + sb.RunsWithoutFailures);
        Assert.Equal(whole.RunsWithVariance, sa.RunsWithVariance + sb.RunsWithVariance);
        Assert.Equal(whole.UnitsPrinted, sa.UnitsPrinted + sb.UnitsPrinted);
        Assert.Equal(whole.ReprintedUnits, sa.ReprintedUnits + sb.ReprintedUnits);
        Assert.Equal(whole.RatedRuns, sa.RatedRuns + sb.RatedRuns);
        Assert.Equal(whole.RunsByQuality, QualityCounts.From([.. Enumerable.Range(1, 5).Select(n => sa.RunsByQuality[n] + sb.RunsByQuality[n])]));
        Near(whole.MaterialUsed.Grams, sa.MaterialUsed.Grams + sb.MaterialUsed.Grams);
        Near(whole.PurgeWaste.Grams, sa.PurgeWaste.Grams + sb.PurgeWaste.Grams);
        Near(whole.FailedUnitsWaste.Grams, sa.FailedUnitsWaste.Grams + sb.FailedUnitsWaste.Grams);
        Near(whole.TotalEstimated.Grams, sa.TotalEstimated.Grams + sb.TotalEstimated.Grams);
        Near(whole.TotalVariance.Grams, sa.TotalVariance.Grams + sb.TotalVariance.Grams);
        foreach (var product in whole.TopProducts)
        {
            var pa = sa.TopProducts.SingleOrDefault(p => p.ProductId == product.ProductId);
            var pb = sb.TopProducts.SingleOrDefault(p => p.ProductId == product.ProductId);
            Assert.Equal(product.SuccessfulUnits, (pa?.SuccessfulUnits ?? 0) + (pb?.SuccessfulUnits ?? 0));
            Assert.Equal(product.FailedUnits, (pa?.FailedUnits ?? 0) + (pb?.FailedUnits ?? 0));
            Assert.Equal(product.Runs, (pa?.Runs ?? 0) + (pb?.Runs ?? 0));
        }

        foreach (var printer in whole.BusiestPrinters)
        {
            var pa = sa.BusiestPrinters.SingleOrDefault(p => p.PrinterId == printer.PrinterId);
            var pb = sb.BusiestPrinters.SingleOrDefault(p => p.PrinterId == printer.PrinterId);
            Assert.Equal(printer.Runs, (pa?.Runs ?? 0) + (pb?.Runs ?? 0));
            Assert.Equal((double)printer.PrintHours, (double)((pa?.PrintHours ?? 0m) + (pb?.PrintHours ?? 0m)), 9);
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Filtering_by_printer_product_and_period_equals_computing_over_the_prefiltered_runs(QueriedHistory c)
    {
        var query = c.Query;
        var matching = c.History.Runs.Where(query.ToRunQuery().Matches).ToList();
        var filtered = StatisticsCalculator.Compute(c.History.Runs, query);

        AssertSame(filtered, StatisticsCalculator.Compute(matching, query), 0m);

        // Printer and period are pure run filters; the product filter also narrows the unit figures to that product.
        AssertSame(filtered, StatisticsCalculator.Compute(matching, query with { From = null, To = null, PrinterId = null }), 0m);
        Assert.Equal(matching.Count, filtered.RunsByStatus.Total);
        foreach (var status in Enum.GetValues<RunStatus>())
        {
            Assert.Equal(matching.Count(r => r.Status == status), Count(filtered.RunsByStatus, status));
        }
    }

    /// <summary>Compares two statistics field by field (not the query), decimals within <paramref name="tolerance"/>.</summary>
    private static void AssertSame(ProductionStatistics expected, ProductionStatistics actual, decimal tolerance)
    {
        Assert.Equal(expected.RunsByStatus, actual.RunsByStatus);
        Assert.Equal(expected.RunsFinished, actual.RunsFinished);
        Assert.Equal(expected.UnitsSuccessful, actual.UnitsSuccessful);
        Assert.Equal(expected.UnitsFailed, actual.UnitsFailed);
        Near(expected.UnitSuccessRate, actual.UnitSuccessRate, tolerance);
        Assert.Equal(expected.RunsWithoutFailures, actual.RunsWithoutFailures);
        Near(expected.RunSuccessRate, actual.RunSuccessRate, tolerance);
        Assert.Equal(expected.RunsWithVariance, actual.RunsWithVariance);
        Near(expected.AverageVariancePercent, actual.AverageVariancePercent, tolerance);
        Near(expected.TotalEstimated.Grams, actual.TotalEstimated.Grams, tolerance);
        Near(expected.TotalVariance.Grams, actual.TotalVariance.Grams, tolerance);
        Near(expected.TotalVariancePercent, actual.TotalVariancePercent, tolerance);
        Assert.Equal(expected.TopProducts, actual.TopProducts);
        Assert.Equal(expected.BusiestPrinters.Count, actual.BusiestPrinters.Count);
        for (var i = 0; i < expected.BusiestPrinters.Count; i++)
        {
            var (e, a) = (expected.BusiestPrinters[i], actual.BusiestPrinters[i]);
            Assert.Equal((e.PrinterId, e.Name, e.Runs), (a.PrinterId, a.Name, a.Runs));
            Assert.Equal(e.PrintHours, a.PrintHours);
        }

        Assert.Equal(expected.UnitsPrinted, actual.UnitsPrinted);
        Assert.Equal(expected.ReprintedUnits, actual.ReprintedUnits);
        Near(expected.ReprintRate, actual.ReprintRate, tolerance);
        Near(expected.MaterialUsed.Grams, actual.MaterialUsed.Grams, tolerance);
        Near(expected.PurgeWaste.Grams, actual.PurgeWaste.Grams, tolerance);
        Near(expected.FailedUnitsWaste.Grams, actual.FailedUnitsWaste.Grams, tolerance);
        Near(expected.WasteShare, actual.WasteShare, tolerance);
        Assert.Equal(expected.RatedRuns, actual.RatedRuns);
        Near(expected.AverageQuality, actual.AverageQuality, tolerance);
    }

    private static void Near(decimal? expected, decimal? actual, decimal tolerance = ReorderTolerance)
    {
        if (expected is null || actual is null || tolerance == 0m)
        {
            Assert.Equal(expected, actual);
            return;
        }

        Assert.True(Math.Abs(expected.Value - actual.Value) <= tolerance, $"expected {expected} but got {actual}");
    }

    private static int Count(RunStatusCounts counts, RunStatus status) => status switch
    {
        RunStatus.Draft => counts.Draft,
        RunStatus.InProgress => counts.InProgress,
        RunStatus.Completed => counts.Completed,
        RunStatus.Failed => counts.Failed,
        _ => counts.Cancelled,
    };
}
