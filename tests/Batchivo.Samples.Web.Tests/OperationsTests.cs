using System.Net;
using System.Text.RegularExpressions;
using Batchivo.Samples.Web.Tests.Support;

namespace Batchivo.Samples.Web.Tests;

/// <summary>Health for proxies and service managers, and the interactive API reference, served offline.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Stopping_the_host_finishes_a_weighing_in_flight_and_ends_the_live_feed()
    {
        await using var host = await WebHost.StartAsync(
            ("Batchivo:Scales:0:Settings:Readings", "852.5"), ("Batchivo:Scales:0:Settings:SettleTime", "00:00:02"), ("Batchivo:Scales:0:Settings:Noise", "0.5"));
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var display = host.ClientWith(host.ReadKey);
        await using var feed = await EventStream.OpenAsync(display, bound.Token);

        var weighing = host.Client.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", scale = "bench" });
        await feed.UntilAsync(e => e.Kind == "scale-reading");
        var stopping = host.StopAsync();

        var answer = await (await weighing).JsonAsync();
        await stopping;
        Assert.Equal(852.5m, answer.GetProperty("grams").GetDecimal());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await feed.UntilAsync(_ => false));
        var stored = System.Text.Json.JsonDocument.Parse(await ConsoleProcess.RunAsync(new Dictionary<string, string> { ["BATCHIVO_DB"] = host.Database }, "run", "show", "1", "--json")).RootElement;
        Assert.Equal(852.5m, stored.GetProperty("spools")[0].GetProperty("weightBeforeGrams").GetDecimal());
    }

    [Fact]
    public async Task Health_is_healthy_with_the_store_and_the_scale_answering_and_needs_no_key()
    {
        await using var host = await WebHost.StartAsync();
        using var anonymous = host.ClientWith(null);

        var health = await (await anonymous.GetAsync("/health")).JsonAsync();

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(["batchivo-store", "batchivo-scales", "batchivo-printers"], health.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_liveness_probe_answers_without_checking_the_store()
    {
        await using var host = await WebHost.StartAsync(("Batchivo:Store:Provider", "postgresql"), ("Batchivo:Store:Settings:ConnectionString", "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2"));
        using var anonymous = host.ClientWith(null);

        var live = await (await anonymous.GetAsync("/health/live")).JsonAsync();
        var ready = await anonymous.GetAsync("/health");

        Assert.Equal("healthy", live.GetProperty("status").GetString());
        Assert.Empty(live.GetProperty("checks").EnumerateArray());
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task A_scale_that_cannot_be_used_makes_health_degraded_naming_it_not_unhealthy()
    {
        await using var host = await WebHost.StartAsync(
            ("Batchivo:Scales:1:Name", "shelf"), ("Batchivo:Scales:1:Driver", "simulated"), ("Batchivo:Scales:1:Settings:Unit", "stone"));

        var response = await host.Client.GetAsync("/health");
        var health = await response.JsonAsync();

        Assert.Equal("degraded", health.GetProperty("status").GetString());
        var scales = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "batchivo-scales");
        Assert.Equal("degraded", scales.GetProperty("status").GetString());
        Assert.Contains("shelf", scales.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("bench", scales.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("healthy", health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "batchivo-store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_reference_page_and_everything_it_loads_come_from_the_app_itself()
    {
        await using var host = await WebHost.StartAsync();
        using var anonymous = host.ClientWith(null);

        var page = await anonymous.GetAsync("/reference/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var assets = Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.DoesNotContain(assets, a => a.Contains("//", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(new Uri(host.Address, "/reference/"), asset))).StatusCode);
        }

        var config = await (await anonymous.GetAsync("/reference/index.js")).Content.ReadAsStringAsync();
        Assert.Contains("/openapi/v1.json", config, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
