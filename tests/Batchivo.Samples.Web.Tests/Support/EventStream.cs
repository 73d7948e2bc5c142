using System.Text.Json;

namespace Batchivo.Samples.Web.Tests.Support;

/// <summary>One event of the feed: its name, its document, and its id (the change log's sequence; null for readings).</summary>
internal sealed record FeedItem(string Kind, JsonElement Data, string? Id);

/// <summary>Reads <c>GET /api/events</c> (text/event-stream): one item per blank-line-terminated block.</summary>
internal sealed class EventStream(HttpResponseMessage response, StreamReader reader, CancellationToken cancellationToken) : IAsyncDisposable
{
    public static async Task<EventStream> OpenAsync(HttpClient client, CancellationToken cancellationToken, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken)), cancellationToken);
    }

    public async Task<FeedItem> NextAsync()
    {
        string? kind = null, data = null, id = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 && kind is not null)
            {
                return new FeedItem(kind, JsonDocument.Parse(data!).RootElement.GetProperty("data").Clone(), id);
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data += line[6..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
        }

        throw new InvalidOperationException("The feed ended.");
    }

    /// <summary>Reads until an item matches, returning every item read (the match last).</summary>
    public async Task<List<FeedItem>> UntilAsync(Func<FeedItem, bool> match)
    {
        var items = new List<FeedItem>();
        do
        {
            items.Add(await NextAsync());
        }
        while (!match(items[^1]));
        return items;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
