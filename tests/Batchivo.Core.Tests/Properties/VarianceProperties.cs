using Batchivo.Production;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Properties;

/// <summary>
/// When a run has a variance and a breakdown, and what sign its percent has. How the figures scale is in
/// <see cref="MetamorphicProperties"/>; what they are for known runs, in the example tests.
/// </summary>
public sealed class VarianceProperties
{
    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void A_run_has_a_variance_and_breakdown_exactly_when_every_spool_is_weighed_after(History history)
    {
        foreach (var run in history.Runs)
        {
            var weighed = run.Materials.Count > 0 && run.Materials.All(m => m.WeightAfter is not null);
            Assert.Equal(weighed, run.Variance is not null);
            Assert.Equal(weighed, run.Breakdown() is not null);
            if (run.Breakdown() is { } breakdown)
            {
                // The breakdown explains the run's own variance, not another figure.
                Assert.Equal(run.Variance, breakdown.Total);
            }
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Variance_percent_has_the_sign_of_the_variance_and_needs_an_estimate(History history)
    {
        foreach (var run in history.Runs)
        {
            if (run.Variance is not { } variance || run.EstimatedTotal.Grams == 0m)
            {
                Assert.Null(run.VariancePercent);
                continue;
            }

            var percent = Assert.NotNull(run.VariancePercent);
            Assert.True(Math.Sign(percent) == Math.Sign(variance.Grams) || percent == 0m, $"{percent} % for a variance of {variance}");
            // Using more than twice the estimate is over 100 %; using less than nothing is impossible.
            Assert.True(percent >= -100m, $"{percent} % is below -100 %");
            Assert.Equal(variance.Grams > run.EstimatedTotal.Grams, percent > 100m);
        }
    }
}
