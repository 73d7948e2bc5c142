using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Statistics;

/// <summary>
/// Outliers are runs far from their product's median variance, in robust standard deviations (1.4826 x the median
/// absolute deviation). The expected figures below are worked out by hand from the runs' variances.
/// </summary>
public sealed class OutlierDetectorTests
{
    [Fact]
    public void A_run_far_from_its_products_usual_variance_is_the_only_outlier()
    {
        var runs = new OutlierRuns();
        runs.Completed(runs.A, -2, -1, 0, 1, 2);
        var far = runs.Completed(30m, runs.A);

        var outlier = Assert.Single(OutlierDetector.Find(runs.Runs));

        // Median of -2 -1 0 1 2 30 is 0.5; deviations 2.5 1.5 0.5 0.5 1.5 29.5 have the median 1.5; 29.5 / (1.4826 x 1.5) = 13.265.
        Assert.Equal((far.Number, far.Id, runs.A.Id, "Product A"), (outlier.RunNumber, outlier.RunId, outlier.ProductId, outlier.ProductName));
        Assert.Equal(30m, outlier.VariancePercent);
        Assert.Equal(0.5m, outlier.UsualVariancePercent);
        Assert.Equal(13.265, (double)outlier.Distance!.Value, 3);
    }

    [Fact]
    public void Nothing_is_an_outlier_when_the_runs_keep_close_together()
    {
        var runs = new OutlierRuns();
        runs.Completed(runs.A, -2, -1, 0, 1, 2, 2.5m, -1.5m);

        Assert.Empty(OutlierDetector.Find(runs.Runs));
        Assert.Empty(OutlierDetector.Find([]));
    }

    [Fact]
    public void A_product_needs_enough_completed_runs_before_any_is_an_outlier()
    {
        var runs = new OutlierRuns();
        runs.Completed(runs.A, 0, 0, 0, 40);
        runs.Play(RunStatus.Failed, 0m, runs.A);
        runs.Play(RunStatus.InProgress, 0m, runs.A);

        // Four completed runs: the failed and the printing run do not count towards the five needed.
        Assert.Empty(OutlierDetector.Find(runs.Runs));

        var outlier = Assert.Single(OutlierDetector.Find(runs.Runs, new OutlierOptions { MinRunsPerProduct = 4 }));
        Assert.Equal(40m, outlier.VariancePercent);
    }

    [Fact]
    public void Failed_and_unfinished_runs_are_never_outliers()
    {
        var runs = new OutlierRuns();
        runs.Completed(runs.A, -2, -1, 0, 1, 2);
        runs.Play(RunStatus.Failed, 80m, runs.A);
        runs.Play(RunStatus.InProgress, 0m, runs.A);

        Assert.Empty(OutlierDetector.Find(runs.Runs));
    }

    [Fact]
    public void With_no_spread_every_run_past_the_minimum_distance_is_an_outlier_without_a_distance()
    {
        var runs = new OutlierRuns();
        runs.Completed(runs.A, 0, 0, 0, 0, 0, 1.9m);
        var far = runs.Completed(5m, runs.A);

        // Median 0 and deviations 0 0 0 0 0 1.9 5: no spread. 1.9 points is under the 2 points that always pass.
        var outlier = Assert.Single(OutlierDetector.Find(runs.Runs));
        Assert.Equal(far.Id, outlier.RunId);
        Assert.Null(outlier.Distance);
        Assert.Equal(0m, outlier.UsualVariancePercent);
    }

    [Theory]
    [InlineData(13, 2, true)]
    [InlineData(14, 2, false)]
    [InlineData(3, 29.5, true)]
    [InlineData(3, 29.6, false)]
    public void The_threshold_and_the_minimum_distance_decide(int threshold, double minimumPoints, bool flagged)
    {
        var runs = new OutlierRuns();
        runs.Completed(runs.A, -2, -1, 0, 1, 2, 30);

        // The run at 30 is 29.5 points and 13.265 robust standard deviations from the median.
        var options = new OutlierOptions { Threshold = threshold, MinimumDistancePoints = (decimal)minimumPoints };
        Assert.Equal(flagged ? 1 : 0, OutlierDetector.Find(runs.Runs, options).Count);
    }

    [Fact]
    public void Each_product_of_a_run_is_judged_against_its_own_runs()
    {
        var runs = new OutlierRuns();
        runs.Completed(runs.A, 0, 1, -1, 2, -2);
        runs.Completed(runs.B, 10, 11, 9, 12, 8);
        var shared = runs.Completed(10m, runs.A, runs.B);

        // 10 % is far from A's runs (median 0.5, 4.27 robust deviations) and exactly B's median.
        var outlier = Assert.Single(OutlierDetector.Find(runs.Runs));
        Assert.Equal((shared.Id, runs.A.Id), (outlier.RunId, outlier.ProductId));
        Assert.Equal(4.272, (double)outlier.Distance!.Value, 3);
    }

    [Fact]
    public void Outliers_come_largest_distance_first_and_those_without_spread_before_all()
    {
        var runs = new OutlierRuns();
        runs.Completed(runs.A, 0, 1, -1, 2, -2);
        var high = runs.Completed(30m, runs.A);
        var low = runs.Completed(-20m, runs.A);
        runs.Completed(runs.C, 0, 0, 0, 0, 0);
        var flat = runs.Completed(5m, runs.C);

        // A: median 0, deviations 0 1 1 2 2 20 30, MAD 2: 30 is 10.12 and -20 is 6.75 robust deviations away.
        var outliers = OutlierDetector.Find(runs.Runs);
        Assert.Equal([flat.Number, high.Number, low.Number], outliers.Select(o => o.RunNumber));
        Assert.Equal(10.117, (double)outliers[1].Distance!.Value, 3);
        Assert.Equal(6.745, (double)outliers[2].Distance!.Value, 3);
    }

    [Property(MaxTest = 200, Arbitrary = new[] { typeof(OutlierArbitraries) })]
    public void Shifting_every_variance_by_the_same_points_flags_the_same_runs_at_the_same_distances(VarianceSeries series, short shift)
    {
        var c = (shift % 300) / 10m;
        var plain = Play(series.Tenths.Select(t => t / 10m));
        var shifted = Play(series.Tenths.Select(t => (t / 10m) + c));

        var expected = OutlierDetector.Find(plain);
        var actual = OutlierDetector.Find(shifted);
        Assert.Equal(expected.Select(o => (o.RunNumber, o.Distance, o.UsualVariancePercent + c)), actual.Select(o => (o.RunNumber, o.Distance, o.UsualVariancePercent)));
    }

    [Property(MaxTest = 200, Arbitrary = new[] { typeof(OutlierArbitraries) })]
    public void Scaling_every_variance_flags_the_same_runs_when_no_minimum_distance_applies(VarianceSeries series, PositiveInt factor)
    {
        var k = 1 + (factor.Get % 4);
        var options = new OutlierOptions { MinimumDistancePoints = 0m };
        var plain = OutlierDetector.Find(Play(series.Tenths.Select(t => t / 10m)), options);
        var scaled = OutlierDetector.Find(Play(series.Tenths.Select(t => k * t / 10m)), options);

        Assert.Equal(plain.Select(o => o.RunNumber), scaled.Select(o => o.RunNumber));
        Assert.Equal(plain.Select(o => o.Distance is null), scaled.Select(o => o.Distance is null));
        foreach (var (a, b) in plain.Zip(scaled))
        {
            Assert.Equal(k * a.UsualVariancePercent, b.UsualVariancePercent);
            Assert.True(a.Distance is null || Math.Abs(a.Distance.Value - b.Distance!.Value) < 1e-20m, $"distance {a.Distance} became {b.Distance}");
        }
    }

    [Property(MaxTest = 200, Arbitrary = new[] { typeof(OutlierArbitraries) })]
    public void The_order_of_the_runs_changes_nothing(VarianceSeries series, int seed)
    {
        var runs = Play(series.Tenths.Select(t => t / 10m), mixed: true);
        var shuffled = runs.ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));

        Assert.Equal(OutlierDetector.Find(runs), OutlierDetector.Find(shuffled));
    }

    /// <summary>One completed run per variance; with <paramref name="mixed"/>, every third run also prints product B.</summary>
    private static IReadOnlyList<ProductionRun> Play(IEnumerable<decimal> percents, bool mixed = false)
    {
        var runs = new OutlierRuns();
        var i = 0;
        foreach (var percent in percents)
        {
            if (mixed && i++ % 3 == 0)
            {
                runs.Completed(percent, runs.A, runs.B);
            }
            else
            {
                runs.Completed(percent, runs.A);
            }
        }

        return runs.Runs;
    }
}

/// <summary>5..20 run variances of one product, in tenths of a percentage point: mostly close together, a few far.</summary>
/// <param name="Tenths">The variances.</param>
public sealed record VarianceSeries(IReadOnlyList<int> Tenths)
{
    /// <inheritdoc />
    public override string ToString() => string.Join(" ", Tenths);
}

/// <summary>The generators of the outlier properties.</summary>
public static class OutlierArbitraries
{
    /// <summary>Variance series.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<VarianceSeries> Series() => Arb.From(
        from count in Gen.Choose(5, 20)
        from tenths in Gen.ArrayOf(Gen.Frequency((6, Gen.Choose(-30, 30)), (1, Gen.Choose(-200, 200)), (1, Gen.Constant(0))), count)
        select new VarianceSeries(tenths));
}
