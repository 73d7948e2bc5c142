using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Properties;

/// <summary>BOM calibration suggests only from enough runs, within their range, and exactly k x current when runs agree.</summary>
public sealed class CalibrationProperties
{
    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Suggestions_come_from_at_least_MinRuns_runs_and_lie_within_their_range(CalibrationCase c)
    {
        var options = c.Options;
        var products = c.History.Farm.Products;
        var suggestions = BomCalibration.Suggest(c.History.Runs, products, options);
        foreach (var s in suggestions)
        {
            Assert.True(s.Runs >= options.MinRuns, $"{s.Sku} {s.Material}: {s.Runs} run(s), MinRuns {options.MinRuns}");
            var usable = c.History.Runs.Count(r => r.Status == RunStatus.Completed && r.FindItem(s.ProductId) is not null && r.Items.All(i => (i.Failed ?? 0) == 0));
            Assert.True(s.Runs <= usable, $"{s.Sku}: {s.Runs} run(s) behind it but only {usable} completed runs without failures have it");
            Assert.True(s.MinGramsPerUnit <= s.MaxGramsPerUnit);
            Assert.InRange(s.SuggestedGramsPerUnit.Grams, s.MinGramsPerUnit.Grams - 0.05m, s.MaxGramsPerUnit.Grams + 0.05m);
            Assert.True(s.SuggestedGramsPerUnit.Grams > 0m);
            Assert.Equal(decimal.Round(s.SuggestedGramsPerUnit.Grams, 1), s.SuggestedGramsPerUnit.Grams);
            Assert.True(s.MaxGramsPerUnit.Grams - s.MinGramsPerUnit.Grams <= options.MaxRelativeSpread * (s.SuggestedGramsPerUnit.Grams + 0.05m));

            var line = Assert.Single(products.Single(p => p.Id == s.ProductId).Bom, l => l.Material == s.Material);
            Assert.Equal(line.GramsPerUnit, s.CurrentGramsPerUnit);
            Assert.NotEqual(s.CurrentGramsPerUnit, s.SuggestedGramsPerUnit);
            Assert.True(Math.Abs(s.SuggestedGramsPerUnit.Grams - s.CurrentGramsPerUnit.Grams) >= options.MinRelativeChange * s.CurrentGramsPerUnit.Grams);
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Exactly_agreeing_runs_suggest_k_times_the_current_grams(AgreeingRuns c)
    {
        var options = c.Options;
        var suggestions = BomCalibration.Suggest(c.Runs, c.Farm.Products, options);
        var expected = new List<(ProductId, Batchivo.Catalog.MaterialSpec)>();
        foreach (var product in c.Farm.Products)
        {
            var runs = c.Runs.Count(r => r.FindItem(product.Id) is not null);
            foreach (var line in product.Bom)
            {
                var current = line.GramsPerUnit.Grams;
                var exact = c.K * current;
                var rounded = decimal.Round(exact, 1, MidpointRounding.AwayFromZero);
                var found = suggestions.SingleOrDefault(s => s.ProductId == product.Id && s.Material == line.Material);
                var wanted = runs >= options.MinRuns && rounded > 0m && rounded != current && Math.Abs(rounded - current) >= options.MinRelativeChange * current;
                if (!wanted)
                {
                    Assert.Null(found);
                    continue;
                }

                expected.Add((product.Id, line.Material));
                Assert.NotNull(found);
                Assert.Equal(rounded, found.SuggestedGramsPerUnit.Grams);
                Assert.Equal(runs, found.Runs);
                Assert.Equal(exact, found.MinGramsPerUnit.Grams);
                Assert.Equal(exact, found.MaxGramsPerUnit.Grams);
                Assert.Equal(line.GramsPerUnit, found.CurrentGramsPerUnit);

                // The headline case: a real change (|k - 1| >= MinRelativeChange) from enough runs is suggested as k x current.
                if (Math.Abs(c.K - 1m) >= options.MinRelativeChange && exact == rounded)
                {
                    Assert.Equal(c.K * current, found.SuggestedGramsPerUnit.Grams);
                }
            }
        }

        Assert.Equal(expected.Count, suggestions.Count);
    }
}
