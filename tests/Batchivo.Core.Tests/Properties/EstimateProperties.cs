using Batchivo.Catalog;
using Batchivo.Production;
using FsCheck;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Properties;

/// <summary>BOM estimates: quantity x grams per unit, per material, split over its spools without losing a gram.</summary>
public sealed class EstimateProperties
{
    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Estimated_model_of_an_edited_draft_is_quantity_times_grams_per_unit_over_its_spools(EditedDraft draft)
    {
        var run = draft.Run;
        if (draft.LastSlicer is { } slicer)
        {
            Assert.Equal(EstimateSource.Slicer, run.EstimateSource);
            Assert.All(run.Materials, m => Assert.Equal(slicer[m.SpoolCode], m.EstimatedModel));
            return;
        }

        Assert.Equal(EstimateSource.Bom, run.EstimateSource);
        AssertBomEstimates(run);
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Estimated_model_of_every_run_in_a_history_is_quantity_times_grams_per_unit(History history)
    {
        foreach (var run in history.Runs.Where(r => r.EstimateSource == EstimateSource.Bom))
        {
            AssertBomEstimates(run);
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void An_item_estimate_is_a_snapshot_of_quantity_times_the_products_grams_per_unit(Product product, Spool spool, PositiveInt quantity)
    {
        var q = (quantity.Get % 50) + 1;
        var run = ProductionRun.Create(1, Printer.Create("P-1", "Bambu X1C", 4), Generators.Epoch);
        run.AssignSpool(spool, 4);
        run.AddItem(product, q);
        var item = Assert.Single(run.Items);
        Assert.Equal(product.GramsPerUnit * q, item.EstimatedGrams);
        Assert.Equal(item.EstimatedGrams, run.EstimatedModelFromItems);
        foreach (var line in product.Bom)
        {
            Assert.Equal(line.GramsPerUnit * q, item.EstimatedGramsFor(line.Material));
            Assert.Equal(line.SupportGramsPerUnit * q, item.EstimatedSupportsFor(line.Material));
        }

        var expected = product.Bom.SingleOrDefault(l => l.Material == spool.Material.Spec)?.GramsPerUnit * q ?? Mass.Zero;
        Assert.Equal(expected, Assert.Single(run.Materials).EstimatedModel);

        // Later edits of the product do not change the run.
        product.Edit(bom: product.Bom.Select(l => l with { GramsPerUnit = l.GramsPerUnit + new Mass(1m) }));
        Assert.Equal(expected, Assert.Single(run.Materials).EstimatedModel);
        Assert.Equal(product.GramsPerUnit * q, item.EstimatedGrams + new Mass(product.Bom.Count * q));
        Assert.Same(item, Assert.Single(run.Items));
    }

    private static void AssertBomEstimates(ProductionRun run)
    {
        var total = 0m;
        foreach (var spec in run.Materials.Select(m => m.Material.Spec).Distinct())
        {
            var expectedModel = 0m;
            var expectedSupports = 0m;
            foreach (var item in run.Items)
            {
                foreach (var line in item.Bom.Where(l => l.Material == spec))
                {
                    expectedModel += item.Quantity * line.GramsPerUnit.Grams;
                    expectedSupports += item.Quantity * line.SupportGramsPerUnit.Grams;
                }
            }

            var shares = run.Materials.Where(m => m.Material.Spec == spec).ToList();
            Assert.Equal(expectedModel, shares.Sum(m => m.EstimatedModel.Grams));
            Assert.Equal(expectedModel, Enumerable.Reverse(shares).Sum(m => m.EstimatedModel.Grams));
            Assert.Equal(expectedSupports, shares.Sum(m => m.EstimatedSupports.Grams));
            Assert.All(shares, m => Assert.False(m.EstimatedModel.IsNegative || m.EstimatedSupports.IsNegative));
            Assert.All(shares, m => Assert.True(m.EstimatedSupports <= m.EstimatedModel));

            // An even split: the shares differ by less than a milligram.
            var spread = shares.Max(m => m.EstimatedModel.Grams) - shares.Min(m => m.EstimatedModel.Grams);
            Assert.True(spread < 0.001m, $"{spec}: shares differ by {spread}");
            total += expectedModel;
        }

        Assert.Equal(total, run.Materials.Sum(m => m.EstimatedModel.Grams));
        if (run.Items.All(i => i.Bom.All(l => run.Materials.Any(m => m.Material.Spec == l.Material))))
        {
            Assert.Equal(run.EstimatedModelFromItems.Grams, run.Materials.Sum(m => m.EstimatedModel.Grams));
        }

        Assert.Equal(run.Materials.Sum(m => m.EstimatedModel.Grams + m.EstimatedPurge.Grams + m.EstimatedTower.Grams), run.EstimatedTotal.Grams);
    }
}
