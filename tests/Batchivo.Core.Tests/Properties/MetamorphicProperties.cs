using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Properties;

/// <summary>
/// Properties that compare two computations instead of restating a formula: the same farm at k times the weights,
/// the same runs in another order, and every run counted twice.
/// </summary>
public sealed class MetamorphicProperties
{
    /// <summary>
    /// A two-spool run built from random BOM, purge, tower, measured waste and weighings, and the same run with every
    /// weight k times as large: every variance figure is k times as large, and the variance percent is the same.
    /// </summary>
    [Property(MaxTest = 500)]
    public void Scaling_every_weight_by_k_scales_every_variance_figure_by_k(PositiveInt seed, byte factor)
    {
        var k = 2 + (factor % 9);
        var random = new Random(seed.Get);
        var plan = Enumerable.Range(0, 16).Select(_ => random.Next(0, 400)).ToArray();
        var one = CompletedRun(plan, 1);
        var scaled = CompletedRun(plan, k);

        Assert.Equal(one.EstimatedTotal.Grams * k, scaled.EstimatedTotal.Grams);
        Assert.Equal(one.ActualTotal!.Value.Grams * k, scaled.ActualTotal!.Value.Grams);
        Assert.Equal(one.Variance!.Value.Grams * k, scaled.Variance!.Value.Grams);
        Assert.Equal(one.VariancePercent, scaled.VariancePercent);
        var (b1, bk) = (Assert.NotNull(one.Breakdown()), Assert.NotNull(scaled.Breakdown()));
        Assert.Equal(b1.Total.Grams * k, bk.Total.Grams);
        Assert.Equal(b1.Supports.Grams * k, bk.Supports.Grams);
        Assert.Equal(b1.PurgeTower.Grams * k, bk.PurgeTower.Grams);
        Assert.Equal(b1.Model.Grams * k, bk.Model.Grams);
        for (var i = 0; i < one.Materials.Count; i++)
        {
            Assert.Equal(one.Materials[i].Variance!.Value.Grams * k, scaled.Materials[i].Variance!.Value.Grams);
        }

        var s1 = StatisticsCalculator.Compute([one], new StatisticsQuery());
        var sk = StatisticsCalculator.Compute([scaled], new StatisticsQuery());
        Assert.Equal(s1.TotalEstimated.Grams * k, sk.TotalEstimated.Grams);
        Assert.Equal(s1.TotalVariance.Grams * k, sk.TotalVariance.Grams);
        Assert.Equal(s1.MaterialUsed.Grams * k, sk.MaterialUsed.Grams);
        Assert.Equal(s1.PurgeWaste.Grams * k, sk.PurgeWaste.Grams);
        Assert.Equal(s1.TotalVariancePercent, sk.TotalVariancePercent);
        Assert.Equal(s1.AverageVariancePercent, sk.AverageVariancePercent);
    }

    /// <summary>Shuffling the runs changes no statistic: not a count, sum, rate, mean, name or ranking.</summary>
    [Property(MaxTest = 300, Arbitrary = new[] { typeof(Generators) })]
    public void Shuffling_the_runs_changes_no_statistic(QueriedHistory c, int seed)
    {
        var shuffled = c.History.Runs.ToArray();
        new Random(seed).Shuffle(shuffled);

        var before = StatisticsCalculator.Compute(c.History.Runs, c.Query);
        var after = StatisticsCalculator.Compute(shuffled, c.Query);

        Assert.Equal(Project(before), Project(after));
        Assert.Equal(before.TopProducts, after.TopProducts);
        Assert.Equal(before.BusiestPrinters, after.BusiestPrinters);
    }

    /// <summary>Counting every run twice doubles every count and sum and leaves every rate, mean and ranking as it was.</summary>
    [Property(MaxTest = 300, Arbitrary = new[] { typeof(Generators) })]
    public void Counting_every_run_twice_doubles_counts_and_sums_and_keeps_rates(QueriedHistory c)
    {
        var once = StatisticsCalculator.Compute(c.History.Runs, c.Query);
        var twice = StatisticsCalculator.Compute([.. c.History.Runs, .. c.History.Runs], c.Query);

        Assert.Equal(once.RunsByStatus.Total * 2, twice.RunsByStatus.Total);
        Assert.Equal(once.RunsFinished * 2, twice.RunsFinished);
        Assert.Equal(once.UnitsSuccessful * 2, twice.UnitsSuccessful);
        Assert.Equal(once.UnitsFailed * 2, twice.UnitsFailed);
        Assert.Equal(once.RunsWithoutFailures * 2, twice.RunsWithoutFailures);
        Assert.Equal(once.UnitsPrinted * 2, twice.UnitsPrinted);
        Assert.Equal(once.RatedRuns * 2, twice.RatedRuns);
        Assert.Equal(once.MaterialUsed.Grams * 2, twice.MaterialUsed.Grams);
        Assert.Equal(once.TotalVariance.Grams * 2, twice.TotalVariance.Grams);
        Assert.Equal(once.UnitSuccessRate, twice.UnitSuccessRate);
        Assert.Equal(once.RunSuccessRate, twice.RunSuccessRate);
        Assert.Equal(once.ReprintRate, twice.ReprintRate);
        Assert.Equal(once.WasteShare, twice.WasteShare);
        Assert.Equal(once.AverageQuality, twice.AverageQuality);
        Assert.Equal(once.TotalVariancePercent, twice.TotalVariancePercent);
        Assert.Equal(once.TopProducts.Select(p => (p.ProductId, p.SuccessfulUnits * 2, p.FailedUnits * 2, p.Runs * 2)), twice.TopProducts.Select(p => (p.ProductId, p.SuccessfulUnits, p.FailedUnits, p.Runs)));
        Assert.Equal(once.BusiestPrinters.Select(p => (p.PrinterId, p.Runs * 2)), twice.BusiestPrinters.Select(p => (p.PrinterId, p.Runs)));
    }

    /// <summary>Runs outside the query's period, printer or product add nothing.</summary>
    [Property(MaxTest = 300, Arbitrary = new[] { typeof(Generators) })]
    public void Runs_the_query_leaves_out_change_nothing(QueriedHistory c)
    {
        var matching = c.History.Runs.Where(c.Query.ToRunQuery().Matches).ToList();
        var others = c.History.Runs.Except(matching).ToList();

        var all = StatisticsCalculator.Compute(c.History.Runs, c.Query);
        var withOthersTwice = StatisticsCalculator.Compute([.. others, .. c.History.Runs, .. others], c.Query);

        Assert.Equal(Project(all), Project(withOthersTwice));
        Assert.Equal(all.TopProducts, withOthersTwice.TopProducts);
    }

    // Every scalar figure of the statistics (the lists are compared apart).
    private static object Project(ProductionStatistics s) => (
        (s.RunsByStatus, s.RunsFinished, s.UnitsSuccessful, s.UnitsFailed, s.UnitSuccessRate, s.RunsWithoutFailures, s.RunSuccessRate),
        (s.RunsWithVariance, s.AverageVariancePercent, s.TotalEstimated, s.TotalVariance, s.TotalVariancePercent),
        (s.UnitsPrinted, s.ReprintedUnits, s.ReprintRate, s.MaterialUsed, s.PurgeWaste, s.FailedUnitsWaste, s.WasteShare),
        (s.RatedRuns, s.AverageQuality));

    /// <summary>A completed run on two spools whose every weight is <paramref name="k"/> times what <paramref name="v"/> gives.</summary>
    private static ProductionRun CompletedRun(int[] v, int k)
    {
        Mass G(int tenths) => new(tenths * k / 10m);
        var at = Generators.Epoch;
        var black = new MaterialSpec("PLA", "Black");
        var white = new MaterialSpec("PLA", "White");
        var product = Product.Create("DUO", "Two-colour clip", [new BomLine(black, G(10 + v[0]), G((10 + v[0]) * (v[1] % 50) / 100)), new BomLine(white, G(10 + v[2]), G((10 + v[2]) * (v[3] % 50) / 100))]);
        var quantity = 1 + (v[4] % 6);
        var spools = new[]
        {
            Spool.Create("PLA-B", new Material(black), new Mass(1000m * k), new Money(20m, "EUR"), at, G(2000), null, G(12000)),
            Spool.Create("PLA-W", new Material(white), new Mass(1000m * k), new Money(20m, "EUR"), at, G(2000), null, G(12000)),
        };
        var run = ProductionRun.Create(1, Printer.Create("X1C-1", "Bambu X1C", 4), at);
        run.AddItem(product, quantity);
        run.AssignSpool(spools[0], 4, G(v[5]), G(v[6]));
        run.AssignSpool(spools[1], 4, G(v[7]), G(v[8]));
        foreach (var spool in spools)
        {
            run.RecordWeightBefore(spool, G(12000), at);
        }

        run.Start(spools, at.AddMinutes(1));
        for (var i = 0; i < spools.Length; i++)
        {
            // Used: the estimate give or take up to 20 g, never more than the spool holds.
            var estimate = run.Materials[i].EstimatedTotal;
            var change = estimate + G(v[9 + i] - 200);
            var used = change.Grams > 0m ? change : G(1);
            run.RecordWeightAfter(spools[i].Id, G(12000) - used);
            run.RecordMeasuredWaste(spools[i].Id, v[11 + i] % 2 == 0 ? G(v[11 + i] / 8) : null, v[13 + i] % 3 == 0 ? G(v[13 + i] / 8) : null, null);
        }

        run.RecordOutcome(product.Id, quantity, 0);
        run.Complete(spools, at.AddHours(2));
        return run;
    }
}
