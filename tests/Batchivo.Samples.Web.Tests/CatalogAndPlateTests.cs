using Batchivo.Samples.Web.Tests.Support;

namespace Batchivo.Samples.Web.Tests;

/// <summary>The console's other calls over HTTP: catalog edits, stock weighings, the plate's quantities, the pre-flight check, a scale.</summary>
public sealed class CatalogAndPlateTests
{
    [Fact]
    public async Task Catalog_edits_change_only_what_they_name_and_spool_weighings_go_to_the_ledger()
    {
        await using var host = await WebHost.StartAsync();
        var api = host.Client;
        await Seed.CatalogAsync(api);

        var printer = await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/printers/P1S-1") { Content = Json(new { materialSlots = 1 }) })).JsonAsync();
        var product = await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/products/STAND") { Content = Json(new { bom = new[] { new { material = "PLA Black", gramsPerUnit = 40, supportGramsPerUnit = 4 } } }) })).JsonAsync();
        var spool = await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/spools/PLA-002") { Content = Json(new { price = 22.5m }) })).JsonAsync();
        await (await api.PostAsync("/api/spools/PLA-001/weighings", new { grams = 1240, note = "stock check" })).JsonAsync();
        var adjusted = await (await api.PostAsync("/api/spools/PLA-001/adjustments", new { grams = 1235, reason = "scale recalibrated" })).JsonAsync();

        Assert.Equal(("Bambu P1S", 1), (printer.GetProperty("model").GetString(), printer.GetProperty("materialSlots").GetInt32()));
        Assert.Equal(("Phone Stand", 40m), (product.GetProperty("name").GetString(), product.GetProperty("bom")[0].GetProperty("gramsPerUnit").GetDecimal()));
        Assert.Equal((22.5m, "PLA White"), (spool.GetProperty("price").GetProperty("amount").GetDecimal(), spool.GetProperty("material").GetString()));
        Assert.Equal(1235m, adjusted.GetProperty("grossGrams").GetDecimal());
        Assert.Equal([1240m, -5m], adjusted.GetProperty("ledger").EnumerateArray().Select(e => e.GetProperty("deltaGrams").GetDecimal()).Skip(adjusted.GetProperty("ledger").GetArrayLength() - 2));
        await (await api.PostAsync("/api/spools/PLA-001/adjustments", new { grams = 1235 })).ProblemAsync(400);
    }

    [Fact]
    public async Task The_plate_takes_a_new_quantity_and_the_preflight_warns_of_a_spool_that_may_run_out()
    {
        await using var host = await WebHost.StartAsync();
        var api = host.Client;
        await Seed.CatalogAsync(api);
        await (await api.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await api.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await api.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        await (await api.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", grams = 400 })).JsonAsync();

        var plate = await (await api.PutAsync("/api/runs/1/products/STAND", new { quantity = 4 })).JsonAsync();
        var check = await (await api.GetAsync("/api/runs/1/preflight")).JsonAsync();

        Assert.Equal(180m, plate.GetProperty("estimatedGrams").GetDecimal());
        var warning = Assert.Single(check.GetProperty("warnings").EnumerateArray());
        Assert.Equal(("PLA-001", 150m, 180m), (warning.GetProperty("spool").GetString(), warning.GetProperty("remainingGrams").GetDecimal(), warning.GetProperty("neededGrams").GetDecimal()));
    }

    [Fact]
    public async Task A_weight_from_the_named_scale_is_recorded_as_read_and_a_cancelled_run_frees_its_spools()
    {
        await using var host = await WebHost.StartAsync(("Batchivo:Scales:0:Settings:Readings", "851.5"));
        var api = host.Client;
        await Seed.CatalogAsync(api);
        await (await api.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await api.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await api.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();

        var weighed = await (await api.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", scale = "bench", timeoutSeconds = 10 })).JsonAsync();
        await (await api.PostAsync("/api/runs/1/start", null)).JsonAsync();
        var cancelled = await (await api.PostAsync("/api/runs/1/cancel", new { notes = "nozzle clog" })).JsonAsync();

        Assert.Equal(("scale", "bench", 851.5m), (weighed.GetProperty("source").GetString(), weighed.GetProperty("scale").GetString(), weighed.GetProperty("grams").GetDecimal()));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.False((await (await api.GetAsync("/api/spools/PLA-001")).JsonAsync()).GetProperty("inUse").GetBoolean());
    }

    [Fact]
    public async Task A_scale_that_never_settles_is_409_and_an_unknown_scale_is_a_problem_naming_the_configured_ones()
    {
        await using var host = await WebHost.StartAsync(("Batchivo:Scales:0:Settings:Fault", "never-stable"));
        var api = host.Client;
        await Seed.CatalogAsync(api);
        await (await api.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await api.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();

        var unstable = await (await api.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", scale = "bench", timeoutSeconds = 0.5 })).ProblemAsync(409);
        var unknown = await (await api.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", scale = "kitchen" })).ProblemAsync(400);

        Assert.Contains("settle", unstable.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("bench", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var run = await (await api.GetAsync("/api/runs/1")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("spools")[0].GetProperty("weightBeforeGrams").ValueKind);
    }

    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body, Http.Json), System.Text.Encoding.UTF8, "application/json");
}
