using Batchivo.Core.Tests.Support;
using Batchivo.Production;
using Batchivo.Reporting;

namespace Batchivo.Core.Tests.Production;

/// <summary>The example of the production-runs page, reproduced figure by figure.</summary>
public sealed class SeedExampleTests
{
    [Fact]
    public async Task Estimate_is_185g_for_13_items()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        var run = await seed.Service.Runs.GetRunAsync(number);

        Assert.Equal(42, run.Number);
        Assert.Equal(13, run.UnitCount);
        Assert.Equal(185m, run.EstimatedTotal.Grams);
        Assert.Equal(135m, run.Materials.Single(m => m.SpoolCode == "PLA-001").EstimatedModel.Grams);
        Assert.Equal(50m, run.Materials.Single(m => m.SpoolCode == "PLA-002").EstimatedModel.Grams);
        Assert.Equal(15m, run.Materials.Single(m => m.SpoolCode == "PLA-001").EstimatedSupports.Grams);
    }

    [Fact]
    public async Task Completed_run_has_the_pages_figures()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var run = await seed.Service.Runs.GetRunAsync(number);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(192m, run.ActualTotal!.Value.Grams);
        Assert.Equal(7m, run.Variance!.Value.Grams);
        Assert.Equal("+3.8%", Percent.Format(run.VariancePercent));
        Assert.Equal("3/3 successful", run.Items.Single(i => i.Sku == "STAND").OutcomeText());
        Assert.Equal("9/10 successful (1 failed)", run.Items.Single(i => i.Sku == "CLIP").OutcomeText());
        Assert.Equal(4, run.Quality!.Value.Stars);

        var breakdown = run.Breakdown()!.Value;
        Assert.Equal(3m, breakdown.Supports.Grams);
        Assert.Equal(5m, breakdown.PurgeTower.Grams);
        Assert.Equal(-1m, breakdown.Model.Grams);

        var cost = run.CostVariance()!.Value;
        Assert.Equal(0.16m, cost.Amount);
        Assert.Equal("USD", cost.Currency);
    }

    [Fact]
    public async Task Completing_updates_spools_and_their_ledgers()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        await seed.CompletedAsync();

        var black = await seed.Service.Catalog.GetSpoolAsync("PLA-001");
        var white = await seed.Service.Catalog.GetSpoolAsync("PLA-002");
        Assert.Equal(711m, black.GrossWeight!.Value.Grams);
        Assert.Equal(367m, white.GrossWeight!.Value.Grams);
        Assert.Null(black.ActiveRunId);
        Assert.Equal(461m, black.Remaining(null)!.Value.Grams);
        Assert.Equal([850m, -139m], black.Ledger.Select(e => e.Delta.Grams));
        Assert.Equal(black.GrossWeight!.Value.Grams, black.Ledger.Sum(e => e.Delta.Grams));
        Assert.Equal(42, black.Ledger[^1].RunNumber);
    }

    [Fact]
    public async Task Result_block_renders_as_on_the_page()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var text = ReportRenderer.RenderResult(await seed.Service.Analytics.GetReportAsync(number));

        const string expected = """
            Production Run #42 - Completed
            ──────────────────────────────
            Products:
              Phone Stand: 3/3 successful
              Cable Clip: 9/10 successful (1 failed)

            Material Usage:
              Estimated: 185g
              Actual: 192g (+7g / +3.8%)

            Quality: ★★★★☆ (4/5)
            Notes: Minor stringing on cable clips

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public async Task Variance_report_renders_as_on_the_page()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.CompletedAsync();
        var text = ReportRenderer.RenderVariance(await seed.Service.Analytics.GetReportAsync(number));

        const string expected = """
            Variance Report
            ───────────────
            Material Variance: +7g (+3.8%)
              - Supports: +3g
              - Purge/Tower: +5g
              - Savings: -1g (efficient pathing)

            Cost Variance: +$0.16

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public async Task Multi_colour_table_matches_the_page()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        await seed.CompletedAsync();
        var number = await seed.MultiColourAsync();
        var run = await seed.Service.Runs.GetRunAsync(number);

        var rows = run.MaterialTable();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("PLA Black", 45m, 8m, 53m), (rows[0].Material.ToString(), rows[0].ActualUse.Grams, rows[0].Purge.Grams, rows[0].Total.Grams));
        Assert.Equal(("PLA White", 12m, 5m, 17m), (rows[1].Material.ToString(), rows[1].ActualUse.Grams, rows[1].Purge.Grams, rows[1].Total.Grams));

        var text = ReportRenderer.RenderMaterialTable(RunReport.From(run));
        const string expected = """
            Material   Actual Use  Purge  Total
            PLA Black         45g     8g    53g
            PLA White         12g     5g    17g

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }
}
