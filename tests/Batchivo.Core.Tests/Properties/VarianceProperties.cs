using Batchivo.Production;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Properties;

/// <summary>The variance breakdown: supports + purge/tower + model = total, exactly.</summary>
public sealed class VarianceProperties
{
    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Breakdown_parts_sum_exactly_to_the_total_variance(History history)
    {
        foreach (var run in history.Runs)
        {
            var breakdown = run.Breakdown();
            if (run.Variance is not { } variance)
            {
                Assert.Null(breakdown);
                Assert.True(run.Materials.Count == 0 || run.Materials.Any(m => m.WeightAfter is null));
                continue;
            }

            var b = Assert.NotNull(breakdown);
            Assert.Equal(variance, b.Total);
            Assert.Equal(run.Materials.Sum(m => m.Actual!.Value.Grams) - run.Materials.Sum(m => m.EstimatedTotal.Grams), b.Total.Grams);
            Assert.Equal(b.Total.Grams, b.Supports.Grams + b.PurgeTower.Grams + b.Model.Grams);

            // Each part is what it says: measured minus estimated where measured, zero where not.
            var supports = run.Materials.Where(m => m.ActualSupports is not null).Sum(m => m.ActualSupports!.Value.Grams - m.EstimatedSupports.Grams);
            var purgeTower = run.Materials.Sum(m => ((m.ActualPurge ?? m.EstimatedPurge) + (m.ActualTower ?? m.EstimatedTower) - m.EstimatedPurge - m.EstimatedTower).Grams);
            Assert.Equal(supports, b.Supports.Grams);
            Assert.Equal(purgeTower, b.PurgeTower.Grams);
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Variance_percent_is_variance_over_estimate_and_undefined_without_an_estimate(History history)
    {
        foreach (var run in history.Runs)
        {
            if (run.Variance is not { } variance)
            {
                Assert.Null(run.VariancePercent);
            }
            else if (run.EstimatedTotal.Grams == 0m)
            {
                Assert.Null(run.VariancePercent);
            }
            else
            {
                Assert.Equal(decimal.Round(variance.Grams * 100m / run.EstimatedTotal.Grams, 4, MidpointRounding.AwayFromZero), run.VariancePercent);
            }
        }
    }
}
