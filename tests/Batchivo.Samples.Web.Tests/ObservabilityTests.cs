using System.Globalization;
using System.Net;
using Batchivo.Samples.Web.Tests.Support;

namespace Batchivo.Samples.Web.Tests;

/// <summary>What the web host shows of Batchivo's own telemetry and events: /metrics, the feed's wake-ups, retried conflicts.</summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Metrics_in_Prometheus_format_show_a_completed_runs_count_and_grams_when_configured()
    {
        // The meter is process-wide and other tests run runs beside this one: this test's printer tells its figures apart.
        var printer = "Prom-" + Guid.NewGuid().ToString("N")[..8];
        await using var host = await WebHost.StartAsync(("Batchivo:Web:Prometheus", "true"));
        await Seed.CatalogAsync(host.Client, printer);
        await Seed.RunAsync(host.Client, printer);
        using var anonymous = host.ClientWith(null);

        var refused = await anonymous.GetAsync("/metrics");
        var text = await (await host.ClientWith(host.ReadKey).GetAsync("/metrics")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var mine = text.Split('\n').Where(l => l.Contains($"batchivo_printer=\"{printer}\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(1m, Value(mine, "batchivo_runs_started"));
        Assert.Equal(1m, Value(mine, "batchivo_runs_completed"));
        Assert.Equal(192m, Value(mine, "batchivo_filament_used"));
        Assert.Contains(mine, l => l.StartsWith("batchivo_runs_variance", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("batchivo_store_commit_duration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_endpoint()
    {
        await using var host = await WebHost.StartAsync();

        var response = await host.ClientWith(host.ReadKey).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_weighing_on_this_host_reaches_the_feed_at_once_from_its_event_not_at_the_next_poll()
    {
        // The change log is polled once an hour here: only the weighing's domain event can bring it to the feed in time.
        await using var host = await WebHost.StartAsync(("Batchivo:Web:FeedPollInterval", "01:00:00"));
        await Seed.CatalogAsync(host.Client);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var feed = await EventStream.OpenAsync(host.ClientWith(host.ReadKey), bound.Token);
        Assert.Equal("ready", (await feed.NextAsync()).Kind);

        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", grams = 850 })).JsonAsync();

        var events = await feed.UntilAsync(e => e.Kind == "spool-weighed");

        Assert.Equal(850m, events[^1].Data.GetProperty("grossGrams").GetDecimal());
        Assert.Contains(events, e => e.Kind == "run-created");
    }

    [Fact]
    public async Task Concurrent_writes_to_one_run_without_If_Match_all_go_ahead_through_the_conflict_retry()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "CLIP", quantity = 10 })).JsonAsync();
        var clients = Enumerable.Range(0, 5).Select(_ => host.NewClient()).ToList();

        // Five clients change the same run at once; most read a version another stores first.
        var responses = await Task.WhenAll(
            clients[0].PostAsync("/api/runs/1/spools", new { spool = "PLA-001" }),
            clients[1].PostAsync("/api/runs/1/spools", new { spool = "PLA-002" }),
            clients[2].PutAsync("/api/runs/1/notes", new { notes = "first plate" }),
            clients[3].PutAsync("/api/runs/1/products/STAND", new { quantity = 4 }),
            clients[4].PutAsync("/api/runs/1/products/CLIP", new { quantity = 12 }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var run = await (await host.Client.GetAsync("/api/runs/1")).JsonAsync();
        Assert.Equal(["PLA-001", "PLA-002"], run.GetProperty("spools").EnumerateArray().Select(s => s.GetProperty("spool").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("first plate", run.GetProperty("notes").GetString());
        Assert.Equal([4, 12], run.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("quantity").GetInt32()).Order());
        foreach (var c in clients)
        {
            c.Dispose();
        }
    }

    private static decimal Value(IEnumerable<string> lines, string metric)
    {
        var line = Assert.Single(lines, l => l.StartsWith(metric, StringComparison.Ordinal) && !l.StartsWith(metric + "_", StringComparison.Ordinal) || l.StartsWith(metric + "_total", StringComparison.Ordinal) || l.StartsWith(metric + "_g", StringComparison.Ordinal) || l.StartsWith(metric + "_grams", StringComparison.Ordinal));
        return decimal.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
