using System.Net;
using Batchivo.Samples.Web.Tests.Support;

namespace Batchivo.Samples.Web.Tests;

/// <summary>The seed's production run (production-runs.md) end to end over HTTP, against the page's figures.</summary>
public sealed class SeedWorkflowTests
{
    [Fact]
    public async Task The_seed_run_over_http_gives_the_pages_result_and_variance()
    {
        await using var host = await WebHost.StartAsync();
        var api = host.Client;
        await Seed.CatalogAsync(api);

        var number = await Seed.RunAsync(api);

        var report = await (await api.GetAsync($"/api/runs/{number}/report")).JsonAsync();
        Assert.Equal(185m, report.GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal(192m, report.GetProperty("actualGrams").GetDecimal());
        Assert.Equal(7m, report.GetProperty("varianceGrams").GetDecimal());
        Assert.Equal(3.8m, decimal.Round(report.GetProperty("variancePercent").GetDecimal(), 1));
        Assert.Equal(4, report.GetProperty("quality").GetInt32());
        Assert.Equal("completed", report.GetProperty("status").GetString());
        var result = report.GetProperty("resultText").GetString()!;
        Assert.Contains("Phone Stand: 3/3 successful", result, StringComparison.Ordinal);
        Assert.Contains("Cable Clip: 9/10 successful (1 failed)", result, StringComparison.Ordinal);
        Assert.Contains("Actual: 192g (+7g / +3.8%)", result, StringComparison.Ordinal);
        Assert.Contains("Notes: Minor stringing on cable clips", result, StringComparison.Ordinal);

        var text = await api.GetAsync($"/api/runs/{number}/report.txt");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        var body = await text.Content.ReadAsStringAsync();
        Assert.Contains(result.Trim(), body, StringComparison.Ordinal);
        Assert.Contains("Material Variance: +7g (+3.8%)", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_spools_ledgers_and_the_statistics_show_what_the_run_used()
    {
        await using var host = await WebHost.StartAsync();
        var api = host.Client;
        await Seed.CatalogAsync(api);
        await Seed.RunAsync(api);

        var black = await (await api.GetAsync("/api/spools/PLA-001")).JsonAsync();
        Assert.Equal(711m, black.GetProperty("grossGrams").GetDecimal());
        Assert.Equal(461m, black.GetProperty("remainingGrams").GetDecimal());
        Assert.Contains(black.GetProperty("ledger").EnumerateArray(), e => e.GetProperty("deltaGrams").GetDecimal() == -139m);

        var stats = await (await api.GetAsync("/api/statistics?printer=P1S-1")).JsonAsync();
        Assert.Equal(1, stats.GetProperty("completed").GetInt32());
        Assert.Equal(192m, stats.GetProperty("materialUsedGrams").GetDecimal());
        Assert.Equal(12, stats.GetProperty("unitsSuccessful").GetInt64());
        Assert.Equal("P1S-1", stats.GetProperty("printer").GetString());

        var runs = await (await api.GetAsync("/api/runs?status=completed&pageSize=1")).JsonAsync();
        Assert.Single(runs.GetProperty("items").EnumerateArray());
        Assert.False(runs.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task A_reprint_is_a_new_draft_that_names_its_original()
    {
        await using var host = await WebHost.StartAsync();
        var api = host.Client;
        await Seed.CatalogAsync(api);
        var number = await Seed.RunAsync(api);

        var reprint = await (await api.PostAsync($"/api/runs/{number}/reprint", null)).JsonAsync(201);

        Assert.Equal("draft", reprint.GetProperty("status").GetString());
        Assert.True(reprint.GetProperty("isReprint").GetBoolean());
        Assert.Equal(number, reprint.GetProperty("reprintOf").GetInt32());
        Assert.NotEqual(number, reprint.GetProperty("number").GetInt32());
    }
}

/// <summary>The catalog and the run of production-runs.md, entered through the API.</summary>
internal static class Seed
{
    public static async Task CatalogAsync(HttpClient api, string printer = "P1S-1")
    {
        await (await api.PostAsync("/api/printers", new { name = printer, model = "Bambu P1S", materialSlots = 4 })).JsonAsync(201);
        await (await api.PutAsync("/api/brand-tares/Bambu Lab", new { tareGrams = 250, spoolType = "plastic" })).JsonAsync();
        await (await api.PostAsync("/api/spools", new { code = "PLA-001", material = "PLA Black", brand = "Bambu Lab", colourHex = "#000000", price = 25.00m, spoolType = "plastic" })).JsonAsync(201);
        await (await api.PostAsync("/api/spools", new { code = "PLA-002", material = "PLA White", brand = "Bambu Lab", colourHex = "#FFFFFF", price = 20.00m, spoolType = "plastic" })).JsonAsync(201);
        await (await api.PostAsync("/api/products", new { sku = "STAND", name = "Phone Stand", bom = new[] { new { material = "PLA Black", gramsPerUnit = 45, supportGramsPerUnit = 5 } } })).JsonAsync(201);
        await (await api.PostAsync("/api/products", new { sku = "CLIP", name = "Cable Clip", bom = new[] { new { material = "PLA White", gramsPerUnit = 5, supportGramsPerUnit = 0 } } })).JsonAsync(201);
    }

    /// <summary>Run #42 of the page: 3 stands and 10 clips, 850 g and 420 g before, 711 g and 367 g after, 4 stars.</summary>
    public static async Task<int> RunAsync(HttpClient api, string printer = "P1S-1")
    {
        var run = await (await api.PostAsync("/api/runs", new { printer, estimatedHours = 4.5m })).JsonAsync(201);
        var n = run.GetProperty("number").GetInt32();
        await (await api.PostAsync($"/api/runs/{n}/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await api.PostAsync($"/api/runs/{n}/products", new { sku = "CLIP", quantity = 10 })).JsonAsync();
        await (await api.PostAsync($"/api/runs/{n}/spools", new { spool = "PLA-001" })).JsonAsync();
        var plate = await (await api.PostAsync($"/api/runs/{n}/spools", new { spool = "PLA-002" })).JsonAsync();
        Assert.Equal(185m, plate.GetProperty("estimatedGrams").GetDecimal());
        await (await api.PostAsync($"/api/runs/{n}/weights/before", new { spool = "PLA-001", grams = 850 })).JsonAsync();
        await (await api.PostAsync($"/api/runs/{n}/weights/before", new { spool = "PLA-002", grams = 420 })).JsonAsync();
        var started = await (await api.PostAsync($"/api/runs/{n}/start", null)).JsonAsync();
        Assert.Equal("in-progress", started.GetProperty("run").GetProperty("status").GetString());
        await (await api.PostAsync($"/api/runs/{n}/weights/after", new { spool = "PLA-001", grams = 711 })).JsonAsync();
        await (await api.PostAsync($"/api/runs/{n}/weights/after", new { spool = "PLA-002", grams = 367 })).JsonAsync();
        await (await api.PostAsync($"/api/runs/{n}/waste", new { spool = "PLA-001", supportsGrams = 18, purgeGrams = 3 })).JsonAsync();
        await (await api.PostAsync($"/api/runs/{n}/waste", new { spool = "PLA-002", purgeGrams = 2 })).JsonAsync();
        await (await api.PostAsync($"/api/runs/{n}/outcomes", new { sku = "STAND", successful = 3, failed = 0 })).JsonAsync();
        await (await api.PostAsync($"/api/runs/{n}/outcomes", new { sku = "CLIP", successful = 9, failed = 1 })).JsonAsync();
        await (await api.PostAsync($"/api/runs/{n}/complete", new { quality = 4, notes = "Minor stringing on cable clips" })).JsonAsync();
        return n;
    }
}
