using Batchivo.Samples.Web.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Batchivo.Samples.Web.Tests;

/// <summary>The dashboard's pages in chromium: accessibility (axe-core), charts, low stock, a read-only user and a refused change.</summary>
public sealed class DashboardPagesTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly string[] Pages =
    [
        "/runs", "/runs/new", "/runs/1", "/runs/1/report", "/runs/2", "/spools", "/spools/PLA-001", "/statistics", "/catalog", "/catalog/products/STAND", "/calibration",
    ];

    [Fact]
    public async Task Every_page_has_no_serious_accessibility_violations_in_the_light_and_the_dark_theme()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await Seed.RunAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/2/products", new { sku = "STAND", quantity = 2 })).JsonAsync();
        var page = await browser.NewPageAsync(host.Address);

        var findings = new List<string>();
        await page.GotoAsync("/signin");
        findings.AddRange(await SeriousAsync(page, "/signin"));
        await Browser.SignInAsync(page, host.WriteKey!);
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            foreach (var path in Pages)
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(200, response!.Status);

                // Where you are: the title names the page, and it has one main heading.
                Assert.EndsWith(" · Batchivo", await page.TitleAsync(), StringComparison.Ordinal);
                Assert.Equal(1, await page.Locator("h1").CountAsync());
                findings.AddRange(await SeriousAsync(page, $"{path} ({scheme})"));
                await Browser.ScreenshotAsync(page, $"page{path.Replace('/', '-')}-{scheme.ToString().ToLowerInvariant()}");
            }
        }

        Assert.True(findings.Count == 0, "axe-core found serious or critical violations:\n" + string.Join('\n', findings));
    }

    [Fact]
    public async Task The_statistics_chart_the_runs_figures_and_export_them_as_csv()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await Seed.RunAsync(host.Client);
        var page = await browser.NewPageAsync(host.Address);
        await Browser.SignInAsync(page, host.WriteKey!);

        await page.GotoAsync("/statistics");

        var material = page.Locator("svg[data-chart='Material used and waste per week']");
        Assert.Equal(12, await material.Locator("g[data-series='Material used'] rect").CountAsync());
        Assert.Equal("192", await material.Locator("g[data-series='Material used'] rect[data-value]:not([data-value='0'])").GetAttributeAsync("data-value"));
        var quality = page.Locator("svg[data-chart='Rated runs by stars'] g[data-series='Rated runs'] rect");
        Assert.Equal(["0", "0", "0", "1", "0"], await quality.EvaluateAllAsync<string[]>("rects => rects.map(r => r.dataset.value)"));
        var products = page.Locator("svg[data-chart='Most printed products']");
        Assert.Equal(["9", "3"], await products.Locator("g[data-series='Successful'] rect").EvaluateAllAsync<string[]>("rects => rects.map(r => r.dataset.value)"));
        Assert.Contains("Cable Clip", await products.InnerHTMLAsync(), StringComparison.Ordinal);
        var rates = page.Locator("svg[data-chart='Success rate, average variance and reprint rate over time'] g[data-series='Average variance'] circle");
        Assert.Equal(1, await rates.CountAsync());
        Assert.StartsWith("3.78", await rates.GetAttributeAsync("data-value"), StringComparison.Ordinal);
        Assert.Contains("192g", await page.Locator(".tiles").InnerTextAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "statistics");

        // The same figures as CSV, with the signed-in cookie.
        var csv = await page.Context.APIRequest.GetAsync("/statistics?handler=csv");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"], StringComparison.Ordinal);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12 + 2, lines.Length);
        var total = lines[^1].Split(',');
        Assert.Equal("total", total[0]);
        Assert.Equal("192", total[Array.IndexOf(lines[0].Split(','), "material_used_grams")]);

        // A phone shows the charts within the screen.
        var phone = page;
        await phone.SetViewportSizeAsync(390, 844);
        await phone.GotoAsync("/statistics");
        Assert.True(await phone.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await Browser.ScreenshotAsync(phone, "statistics-phone");
        Assert.Empty(await SeriousAsync(phone, "/statistics (phone)"));
        await page.SetViewportSizeAsync(1280, 900);

        // A period that ends before it starts is refused next to the filter.
        var refused = await page.GotoAsync("/statistics?from=2026-05-01&to=2026-04-01");
        Assert.Equal(400, refused!.Status);
        Assert.Contains("after it ends", await page.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spools_running_low_are_highlighted_and_a_spools_page_charts_its_weight()
    {
        await using var host = await WebHost.StartAsync(("Batchivo:Dashboard:LowStock:Default", "100"), ("Batchivo:Dashboard:LowStock:Spools:PLA-001", "500"));
        await Seed.CatalogAsync(host.Client);
        await Seed.RunAsync(host.Client);
        var page = await browser.NewPageAsync(host.Address);
        await Browser.SignInAsync(page, host.ReadKey!);

        await page.GotoAsync("/spools");
        var black = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "PLA-001" });
        var white = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "PLA-002" });
        Assert.Equal("low", await black.GetAttributeAsync("class"));
        Assert.Contains("461g", await black.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Low (under 500g)", await black.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Null(await white.GetAttributeAsync("class"));
        Assert.Contains("117g", await white.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("1 spool is running low.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        await Browser.ScreenshotAsync(page, "spools");

        await Browser.NavigatesAsync(page, () => black.GetByRole(AriaRole.Link, new() { Name = "PLA-001" }).ClickAsync());
        Assert.EndsWith("/spools/PLA-001", page.Url, StringComparison.Ordinal);
        var weights = page.Locator("svg[data-chart='Weight of PLA-001 over time'] g[data-series='Weight'] circle");
        var values = await weights.EvaluateAllAsync<string[]>("points => points.map(p => p.dataset.value)");
        Assert.Equal("850", values[^2]);
        Assert.Equal("711", values[^1]);
        Assert.Matches(@"850g\s+711g\s+-139g\s+#1", await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "-139g" }).InnerTextAsync());
        await Browser.ScreenshotAsync(page, "spool");
    }

    [Fact]
    public async Task A_read_only_user_sees_no_change_and_may_not_post_one_and_a_refused_change_says_why_beside_its_form()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", grams = 850 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/start", null)).JsonAsync();

        // Read only: the run, the catalog and the calibration show no form that changes anything.
        var reader = await browser.NewPageAsync(host.Address);
        await Browser.SignInAsync(reader, host.ReadKey!);
        foreach (var path in new[] { "/runs/1", "/catalog", "/spools/PLA-001", "/calibration" })
        {
            await reader.GotoAsync(path);
            Assert.Equal(0, await reader.Locator("main form[method=post]").CountAsync());
        }

        Assert.Equal(0, await reader.GetByRole(AriaRole.Link, new() { Name = "New run" }).CountAsync());
        var forbidden = await reader.GotoAsync("/runs/new");
        Assert.Contains("/signin", reader.Url, StringComparison.Ordinal);
        Assert.NotNull(forbidden);

        // A write user's weight after above the weight before is refused, with the rule's message beside the field.
        var writer = await browser.NewPageAsync(host.Address);
        await Browser.SignInAsync(writer, host.WriteKey!);
        await writer.GotoAsync("/runs/1");
        var posted = writer.WaitForResponseAsync(r => r.Request.Method == "POST");
        await Browser.SubmitAsync(writer, "Save PLA-001 weight", ("PLA-001 weight after (g)", "900"));
        Assert.Equal(422, (await posted).Status);
        var field = writer.GetByLabel("PLA-001 weight after (g)");
        Assert.Equal("true", await field.GetAttributeAsync("aria-invalid"));
        var problem = writer.Locator("#weigh-after-PLA-001-problem");
        Assert.Equal("alert", await problem.GetAttributeAsync("role"));
        Assert.Contains("900", await problem.InnerTextAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(writer, "run-refused-weight");

        // Nothing was stored.
        var run = await (await host.Client.GetAsync("/api/runs/1")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("spools")[0].GetProperty("weightAfterGrams").ValueKind);
    }

    [Fact]
    public async Task A_draft_takes_a_slicer_files_estimate_uploaded_from_its_page_and_a_file_without_one_is_refused_beside_the_form()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        var page = await browser.NewPageAsync(host.Address);
        await Browser.SignInAsync(page, host.WriteKey!);
        await page.GotoAsync("/runs/1");
        var fixtures = Path.Combine(AppContext.BaseDirectory, "SlicerFixtures");
        Assert.Contains("from the products' bills of materials", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // A project saved without slicing: refused beside the form, the BOM estimate kept.
        await page.GetByLabel("Slicer file").SetInputFilesAsync(Path.Combine(fixtures, "bambustudio-02.04-project-not-sliced.3mf"));
        var refused = page.WaitForResponseAsync(r => r.Request.Method == "POST");
        await Browser.NavigatesAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Use the file's estimate" }).ClickAsync());
        Assert.Equal(400, (await refused).Status);
        Assert.Contains("never sliced", await page.Locator("#estimate-problem").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("bom", (await (await host.Client.GetAsync("/api/runs/1")).JsonAsync()).GetProperty("estimateSource").GetString());

        // A real OrcaSlicer file: its 11.37 g replace the BOM's 135 g.
        await page.GetByLabel("Slicer file").SetInputFilesAsync(Path.Combine(fixtures, "orcaslicer-2.3.1-two-colours.gcode"));
        await Browser.NavigatesAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Use the file's estimate" }).ClickAsync());

        Assert.Contains("The estimates come from orcaslicer-2.3.1-two-colours.gcode (OrcaSlicer 2.3.1-beta).", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var run = await (await host.Client.GetAsync("/api/runs/1")).JsonAsync();
        Assert.Equal(11.37m, run.GetProperty("estimatedGrams").GetDecimal());
        await Browser.ScreenshotAsync(page, "run-slicer-estimate");
    }

    [Fact]
    public async Task Figures_and_dates_follow_the_browsers_language()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        var number = await Seed.RunAsync(host.Client);
        await (await host.Client.PostAsync("/api/spools/PLA-001/weighings", new { grams = 1461.5m })).JsonAsync();
        var german = await browser.NewPageAsync(host.Address, locale: "de-DE");
        await Browser.SignInAsync(german, host.ReadKey!);

        await german.GotoAsync($"/runs/{number}/report");
        Assert.Equal("de-DE", await german.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("192g (+7g / +3,8%)", await german.Locator("[data-figure=actual]").InnerTextAsync());
        Assert.Equal("+$0,16", await german.Locator("[data-figure=cost-variance]").InnerTextAsync());
        await german.GotoAsync("/spools/PLA-001");
        Assert.Contains("1.461,5g", await german.Locator(".figures").InnerTextAsync(), StringComparison.Ordinal);

        // The ledger's moments in the browser's own format (the page writes them in UTC, its script in local time).
        var when = await german.Locator("tbody time").First.InnerTextAsync();
        Assert.Matches(@"^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$", when);

        var english = await browser.NewPageAsync(host.Address, locale: "en-US");
        await Browser.SignInAsync(english, host.ReadKey!);
        await english.GotoAsync("/spools/PLA-001");
        Assert.Contains("1,461.5g", await english.Locator(".figures").InnerTextAsync(), StringComparison.Ordinal);
    }

    private static async Task<IEnumerable<string>> SeriousAsync(IPage page, string where)
    {
        var results = await page.RunAxe();
        return results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Id} ({v.Impact}) {v.Help}: {string.Join("; ", v.Nodes.Select(n => string.Join(" ", n.Target)).Take(5))}");
    }
}
