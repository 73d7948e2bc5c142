using System.Text.Json;
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
        await using var feed = await Feed.OpenAsync(display, bound.Token);
        Assert.Equal("ready", (await feed.NextAsync()).Kind);

        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", scale = "bench" })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/start", null)).JsonAsync();

        var events = new List<(string Kind, JsonElement Data)>();
        while (events.Count == 0 || events[^1].Kind != "run-started")
        {
            events.Add(await feed.NextAsync());
        }

        var kinds = events.Select(e => e.Kind).ToList();
        Assert.Equal(["run-created", "run-changed", "run-changed"], kinds.Take(3));
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
    public async Task The_feed_needs_a_key()
    {
        await using var host = await WebHost.StartAsync();
        using var anonymous = host.ClientWith(null);

        await (await anonymous.GetAsync("/api/events")).ProblemAsync(401);
    }

    /// <summary>Reads a text/event-stream: one (event, data) per blank-line-terminated block.</summary>
    private sealed class Feed(HttpResponseMessage response, StreamReader reader, CancellationToken cancellationToken) : IAsyncDisposable
    {
        public static async Task<Feed> OpenAsync(HttpClient client, CancellationToken cancellationToken)
        {
            var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new Feed(response, new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken)), cancellationToken);
        }

        public async Task<(string Kind, JsonElement Data)> NextAsync()
        {
            string? kind = null, data = null;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0 && kind is not null)
                {
                    var document = JsonDocument.Parse(data!).RootElement;
                    return (kind, document.GetProperty("data").Clone());
                }

                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data += line[6..];
                }
            }

            throw new InvalidOperationException("The feed ended.");
        }

        public ValueTask DisposeAsync()
        {
            reader.Dispose();
            response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
