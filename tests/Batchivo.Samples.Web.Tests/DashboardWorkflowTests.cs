using System.Text.RegularExpressions;
using Batchivo.Samples.Web.Tests.Support;
using Microsoft.Playwright;

namespace Batchivo.Samples.Web.Tests;

/// <summary>
/// The seed's production run (production-runs.md) entered through the dashboard's pages in chromium, from an empty
/// database: the catalog, the plate, the weighings, the outcomes, and the report with the page's figures.
/// </summary>
public sealed class DashboardWorkflowTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task The_seed_run_entered_through_the_pages_ends_in_the_pages_report()
    {
        await using var host = await WebHost.StartAsync();
        var page = await browser.NewPageAsync(host.Address);
        await Browser.SignInAsync(page, host.WriteKey!);

        // The catalog.
        await page.GotoAsync("/catalog");
        await Browser.SubmitAsync(page, "Add printer", ("Printer name", "P1S-1"), ("Printer model", "Bambu P1S"), ("Material slots", "4"));
        await Browser.SubmitAsync(page, "Save brand tare", ("Brand", "Bambu Lab"), ("Spool type", "plastic"), ("Empty spool weight (g)", "250"));
        await Browser.SubmitAsync(page, "Add spool", ("Spool code", "PLA-001"), ("Material", "PLA Black"), ("Brand", "Bambu Lab"), ("Colour", "#000000"), ("Price", "25.00"), ("Spool type", "plastic"));
        Assert.EndsWith("/spools/PLA-001", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/catalog");
        await Browser.SubmitAsync(page, "Add spool", ("Spool code", "PLA-002"), ("Material", "PLA White"), ("Brand", "Bambu Lab"), ("Colour", "#ffffff"), ("Price", "20.00"), ("Spool type", "plastic"));
        await page.GotoAsync("/catalog");
        await Browser.SubmitAsync(page, "Add product", ("SKU", "STAND"), ("Product name", "Phone Stand"), ("Material of line 1", "PLA Black"), ("Grams per unit of line 1", "45"), ("Support grams per unit of line 1", "5"));
        await Browser.SubmitAsync(page, "Add product", ("SKU", "CLIP"), ("Product name", "Cable Clip"), ("Material of line 1", "PLA White"), ("Grams per unit of line 1", "5"));
        await Browser.ScreenshotAsync(page, "catalog");
        Assert.Contains("45g + 5g supports", await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Phone Stand" }).InnerTextAsync(), StringComparison.Ordinal);

        // The plate.
        await page.GotoAsync("/runs/new");
        Assert.Equal("New run · Batchivo", await page.TitleAsync());
        await Browser.SubmitAsync(page, "Create the run", ("Printer", "P1S-1"), ("Hours", "4"), ("Minutes", "30"));
        Assert.EndsWith("/runs/1", page.Url, StringComparison.Ordinal);
        Assert.Equal("Run #1 · Batchivo", await page.TitleAsync());
        await Browser.SubmitAsync(page, "Add product", ("Product", "STAND"), ("Quantity", "3"));
        await Browser.SubmitAsync(page, "Add product", ("Product", "CLIP"), ("Quantity", "10"));
        await Browser.SubmitAsync(page, "Add spool", ("Spool", "PLA-001"));
        await Browser.SubmitAsync(page, "Add spool", ("Spool", "PLA-002"));
        var products = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Products" }) });
        Assert.Contains("45g each", await products.GetByRole(AriaRole.Row).Filter(new() { HasText = "Phone Stand" }).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Matches(@"Total\s+13 items\s+185g", await products.Locator("tfoot tr").InnerTextAsync());

        // Weigh before, start, weigh after, waste, outcomes.
        await Browser.SubmitAsync(page, "Save PLA-001 weight", ("PLA-001 weight before (g)", "850"));
        await Browser.SubmitAsync(page, "Save PLA-002 weight", ("PLA-002 weight before (g)", "420"));
        var spools = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Spools" }) });
        Assert.Matches(@"PLA-001\s+PLA Black\s+\S+\s+850g", await spools.GetByRole(AriaRole.Row).Filter(new() { HasText = "PLA-001" }).InnerTextAsync());
        await Browser.ScreenshotAsync(page, "run-draft-weighed");
        await Browser.SubmitAsync(page, "Start the print");
        Assert.Equal("in-progress", await page.Locator("h1 .status").InnerTextAsync());
        await Browser.SubmitAsync(page, "Save PLA-001 weight", ("PLA-001 weight after (g)", "711"));
        await Browser.SubmitAsync(page, "Save PLA-002 weight", ("PLA-002 weight after (g)", "367"));
        await Browser.SubmitAsync(page, "Save PLA-001 waste", ("PLA-001 supports (g)", "18"), ("PLA-001 purge (g)", "3"));
        await Browser.SubmitAsync(page, "Save PLA-002 waste", ("PLA-002 purge (g)", "2"));
        await Browser.SubmitAsync(page, "Save Phone Stand outcome", ("Phone Stand successful", "3"), ("Phone Stand failed", "0"));
        await Browser.SubmitAsync(page, "Save Cable Clip outcome", ("Cable Clip successful", "9"), ("Cable Clip failed", "1"));
        await Browser.ScreenshotAsync(page, "run-in-progress");
        await Browser.SubmitAsync(page, "Complete the run", ("Quality", "4"), ("Notes", "Minor stringing on cable clips"));

        // The report, as the page shows it.
        Assert.EndsWith("/runs/1/report", page.Url, StringComparison.Ordinal);
        Assert.Equal("Report of run #1 · Batchivo", await page.TitleAsync());
        var report = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Production Run #1 - Completed", report, StringComparison.Ordinal);
        Assert.Contains("Phone Stand: 3/3 successful", report, StringComparison.Ordinal);
        Assert.Contains("Cable Clip: 9/10 successful (1 failed)", report, StringComparison.Ordinal);
        Assert.Equal("185g", await page.Locator("[data-figure=estimated]").InnerTextAsync());
        Assert.Equal("192g (+7g / +3.8%)", await page.Locator("[data-figure=actual]").InnerTextAsync());
        Assert.Contains("4 stars (4/5)", await page.Locator("[data-figure=quality]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("+$0.16", await page.Locator("[data-figure=cost-variance]").InnerTextAsync());
        Assert.Contains("Notes: Minor stringing on cable clips", report, StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "report");

        // Printed, the report leaves the navigation and the forms out.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("header.top").IsVisibleAsync());
        Assert.False(await page.GetByRole(AriaRole.Button, new() { Name = "Reprint the failed units" }).IsVisibleAsync());
        Assert.True(await page.Locator("[data-figure=actual]").IsVisibleAsync());
        await Browser.ScreenshotAsync(page, "report-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // A reprint of the failed clip starts from the report.
        await Browser.SubmitAsync(page, "Reprint the failed units");
        Assert.EndsWith("/runs/2", page.Url, StringComparison.Ordinal);
        Assert.Contains("reprint of run #1", await page.Locator(".meta").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weighing_from_the_simulated_scale_shows_its_readings_until_it_settles_on_850_g()
    {
        await using var host = await WebHost.StartAsync(
            ("Batchivo:Scales:0:Settings:Readings", "850"), ("Batchivo:Scales:0:Settings:SettleTime", "00:00:01"), ("Batchivo:Scales:0:Settings:Noise", "3"));
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        var page = await browser.NewPageAsync(host.Address, width: 390, height: 844);

        // Every text the live reading shows, across the page's navigation.
        var shown = new List<string>();
        await page.ExposeFunctionAsync("batchivoShown", (string text) => { lock (shown) { shown.Add(text); } });
        await page.AddInitScriptAsync("""
            addEventListener('DOMContentLoaded', () => {
                for (const output of document.querySelectorAll('output.live')) {
                    new MutationObserver(() => window.batchivoShown(output.textContent)).observe(output, { childList: true, characterData: true, subtree: true });
                }
            });
            """);
        await Browser.SignInAsync(page, host.WriteKey!);
        await page.GotoAsync("/runs/1");

        await Browser.NavigatesAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Read PLA-001 from bench" }).ClickAsync());

        List<string> seen;
        lock (shown)
        {
            seen = [.. shown];
        }

        Assert.Contains("Waiting for bench…", seen);
        var readings = seen.Where(t => t.EndsWith("settling…", StringComparison.Ordinal) || t.EndsWith("stable", StringComparison.Ordinal)).ToList();
        Assert.True(readings.Count >= 2, $"the page showed {readings.Count} readings: {string.Join(" | ", seen)}");
        Assert.Contains(readings.SkipLast(1), t => t.EndsWith("settling…", StringComparison.Ordinal));
        Assert.Equal("850 g · stable", readings[^1]);
        var row = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Spools" }) }).GetByRole(AriaRole.Row).Filter(new() { HasText = "PLA-001" });
        Assert.Matches(new Regex(@"^PLA-001\s+850g\s"), await row.InnerTextAsync());
        await Browser.ScreenshotAsync(page, "run-weighed-from-scale-phone");
    }
}
