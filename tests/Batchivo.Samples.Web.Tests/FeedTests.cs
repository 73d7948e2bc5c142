using System.Globalization;
using Batchivo.Samples.Web.Tests.Support;

namespace Batchivo.Samples.Web.Tests;

/// <summary>The live feed (Server-Sent Events): what this host changes, and scale readings while a weighing waits.</summary>
public sealed class FeedTests
{
    [Fact]
    public async Task A_subscriber_sees_the_runs_changes_and_the_scale_readings_of_a_weighing_in_order()
    {
        await using var host = await WebHost.StartAsync(
            ("Batchivo:Scales:0:Settings:Readings", "852.5"), ("Batchivo:Scales:0:Settings:SettleTime", "00:00:00.300"), ("Batchivo:Scales:0:Settings:Noise", "0.5"));
        await Seed.CatalogAsync(host.Client);
        using var display = host.ClientWith(host.ReadKey);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var feed = await EventStream.OpenAsync(display, bound.Token);
        Assert.Equal("ready", (await feed.NextAsync()).Kind);

        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", scale = "bench" })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/start", null)).JsonAsync();

        var events = await feed.UntilAsync(e => e.Kind == "run-started");

        // Readings come as the scale sends them; stored changes as the change log is read: only each stream's own order is fixed.
        var kinds = events.Select(e => e.Kind).ToList();
        Assert.Equal(["run-created", "run-changed", "run-changed"], kinds.Where(k => k.StartsWith("run-", StringComparison.Ordinal)).Take(3));
        var readings = events.Where(e => e.Kind == "scale-reading").Select(e => e.Data).ToList();
        Assert.NotEmpty(readings);
        Assert.True(readings[^1].GetProperty("stable").GetBoolean());
        Assert.Equal(852.5m, readings[^1].GetProperty("grams").GetDecimal());
        Assert.All(readings[..^1], r => Assert.False(r.GetProperty("stable").GetBoolean()));
        Assert.True(kinds.IndexOf("spool-weighed") > kinds.LastIndexOf("scale-reading"));
        Assert.Equal(852.5m, events.Single(e => e.Kind == "spool-weighed").Data.GetProperty("grossGrams").GetDecimal());
        Assert.Equal("in-progress", events[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_change_the_console_host_makes_in_the_same_database_reaches_the_feed()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var feed = await EventStream.OpenAsync(host.ClientWith(host.ReadKey), bound.Token);
        Assert.Equal("ready", (await feed.NextAsync()).Kind);

        await ConsoleProcess.RunAsync(new Dictionary<string, string> { ["BATCHIVO_DB"] = host.Database }, "catalog", "spool", "weigh", "PLA-001", "--grams", "903.5");
        await ConsoleProcess.RunAsync(new Dictionary<string, string> { ["BATCHIVO_DB"] = host.Database }, "run", "new", "--printer", "P1S-1");

        var events = await feed.UntilAsync(e => e.Kind == "run-created");
        var weighed = events.Single(e => e.Kind == "spool-weighed");
        Assert.Equal("PLA-001", weighed.Data.GetProperty("code").GetString());
        Assert.Equal(903.5m, weighed.Data.GetProperty("grossGrams").GetDecimal());
        Assert.Equal("draft", events[^1].Data.GetProperty("status").GetString());
        Assert.True(long.Parse(events[^1].Id!, CultureInfo.InvariantCulture) > long.Parse(weighed.Id!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_client_that_reconnects_with_Last_Event_ID_gets_the_changes_it_missed_in_order()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string seen;
        await using (var first = await EventStream.OpenAsync(host.ClientWith(host.ReadKey), bound.Token))
        {
            await (await host.Client.PostAsync("/api/spools/PLA-001/weighings", new { grams = 1000 })).JsonAsync();
            seen = (await first.UntilAsync(e => e.Kind == "spool-weighed")).Last().Id!;
        }

        // While nobody listens: a weighing, then a new run.
        await (await host.Client.PostAsync("/api/spools/PLA-001/weighings", new { grams = 990 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);

        await using var again = await EventStream.OpenAsync(host.ClientWith(host.ReadKey), bound.Token, lastEventId: seen);
        var events = (await again.UntilAsync(e => e.Kind == "run-created")).Where(e => e.Kind != "ready").ToList();
        Assert.Equal(["spool-weighed", "run-created"], events.Select(e => e.Kind));
        Assert.Equal(990m, events[0].Data.GetProperty("grossGrams").GetDecimal());
        Assert.True(long.Parse(events[0].Id!, CultureInfo.InvariantCulture) > long.Parse(seen, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_feed_needs_a_key()
    {
        await using var host = await WebHost.StartAsync();
        using var anonymous = host.ClientWith(null);

        await (await anonymous.GetAsync("/api/events")).ProblemAsync(401);
    }
}
