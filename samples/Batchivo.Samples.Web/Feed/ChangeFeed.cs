using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Batchivo.Devices;

namespace Batchivo.Samples.Web.Feed;

/// <summary>One change on the live feed: its kind (the SSE event name) and the document it is about.</summary>
/// <param name="Kind">run-created, run-started, run-completed, run-failed, run-cancelled, run-changed, spool-weighed, spool-changed, scale-reading.</param>
/// <param name="Data">The run, spool or reading document.</param>
public sealed record FeedEvent(string Kind, object Data);

/// <summary>A reading of a scale while a weighing waits for it to settle.</summary>
public sealed record ScaleReadingJson(string Scale, int Run, string Spool, decimal Value, string Unit, bool Stable, decimal Grams, DateTimeOffset At);

/// <summary>
/// The live feed of changes this host made, for <c>GET /api/events</c> (Server-Sent Events): each subscriber gets its
/// own bounded queue, and a subscriber too slow to keep up loses its oldest events rather than slowing the writers.
/// </summary>
internal sealed class ChangeFeed
{
    /// <summary>Events a subscriber may fall behind by before the oldest are dropped.</summary>
    private const int Backlog = 256;

    private readonly Lock _gate = new();
    private readonly List<Channel<FeedEvent>> _subscribers = [];

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public void Publish(FeedEvent change)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(change);
            }
        }
    }

    public void Run(string kind, RunJson after) => Publish(new FeedEvent(kind, after));

    public void Spool(string kind, SpoolJson spool) => Publish(new FeedEvent(kind, spool));

    /// <summary>Readings of <paramref name="scale"/> published as they come, for a weighing of <paramref name="spool"/> in run <paramref name="run"/>.</summary>
    public IProgress<ScaleReading> Readings(string scale, int run, string spool) =>
        new Reporter(r => Publish(new FeedEvent("scale-reading", new ScaleReadingJson(scale, run, spool, Shapes.N(r.Value), WeightUnits.Symbol(r.Unit), r.IsStable, Shapes.G(r.Mass), r.At))));

    /// <summary>The events from now on, until the caller goes away.</summary>
    public async IAsyncEnumerable<SseItem<FeedEvent>> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<FeedEvent>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        try
        {
            // A first event tells the client the feed is live (and a proxy that the stream has begun).
            yield return new SseItem<FeedEvent>(new FeedEvent("ready", new { subscribers = Subscribers }), "ready");
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new SseItem<FeedEvent>(change, change.Kind);
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    // Reports on the caller's thread, in order (Progress<T> posts to the thread pool).
    private sealed class Reporter(Action<ScaleReading> report) : IProgress<ScaleReading>
    {
        public void Report(ScaleReading value) => report(value);
    }
}
