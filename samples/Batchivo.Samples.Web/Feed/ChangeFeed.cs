using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Batchivo.Devices;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Samples.Web.Feed;

/// <summary>One change on the live feed: its kind (the SSE event name) and the document it is about.</summary>
/// <param name="Kind">
/// <c>{entity}-{what}</c>: run-created, run-changed, run-started, run-completed, run-failed, run-cancelled;
/// spool-created, spool-changed, spool-weighed, spool-ledger-entry; product-, printer- and brand-tare-created or
/// -changed; and scale-reading.
/// </param>
/// <param name="Data">The run, spool, product or printer document as it is now; a brand tare's key; or the reading.</param>
public sealed record FeedEvent(string Kind, object Data);

/// <summary>A reading of a scale while a weighing waits for it to settle.</summary>
public sealed record ScaleReadingJson(string Scale, int Run, string Spool, decimal Value, string Unit, bool Stable, decimal Grams, DateTimeOffset At);

/// <summary>A brand tare's change: its key (brand, and spool type after a slash).</summary>
public sealed record BrandTareChangeJson(string Key);

/// <summary>
/// The live feed for <c>GET /api/events</c> (Server-Sent Events). Changes come from the store's change log, which
/// every commit appends to in its own transaction, so a change made by any process sharing the database (the console
/// host, another web host) is seen the same way as this host's own, within a poll interval. Each change carries its
/// log sequence as the SSE id: a client that reconnects with <c>Last-Event-ID</c> gets the changes it missed first.
/// Scale readings during a weighing are not stored and come straight from this host.
/// </summary>
/// <remarks>
/// This host's own commits wake the feed at once: it subscribes to Batchivo's domain events (told after each commit,
/// see <see cref="FeedWakeUp"/>) and reads the change log as soon as one arrives, instead of at the next poll. The
/// poll is for the changes other processes make.
/// Why polling a log table: it works the same on SQLite (which has no way to notify another process) and PostgreSQL,
/// it loses nothing while nobody listens or the host restarts (resume by sequence), and one indexed query every
/// <see cref="DefaultPollInterval"/> costs next to nothing. Each subscriber has its own bounded queue; one too slow to keep up
/// loses its oldest events rather than slowing the others.
/// </remarks>
internal sealed partial class ChangeFeed(IServiceProvider services, IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<ChangeFeed> log) : BackgroundService
{
    /// <summary>How often the change log is read when no commit of this host's wakes the feed (<c>Batchivo:Web:FeedPollInterval</c>).</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeSpan _pollInterval = configuration.GetValue("Batchivo:Web:FeedPollInterval", DefaultPollInterval);

    // One pending wake-up is enough: a read of the log takes every change stored until then.
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Events a subscriber may fall behind by before the oldest are dropped.</summary>
    private const int Backlog = 256;

    /// <summary>Changes read per query; a longer backlog is read in several without waiting.</summary>
    private const int Batch = 200;

    private readonly Lock _gate = new();
    private readonly List<Channel<SseItem<FeedEvent>>> _subscribers = [];
    private long _position = -1;

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

    /// <summary>Readings of <paramref name="scale"/> published as they come, for a weighing of <paramref name="spool"/> in run <paramref name="run"/>.</summary>
    public IProgress<ScaleReading> Readings(string scale, int run, string spool) =>
        new Reporter(r => Publish(new SseItem<FeedEvent>(new FeedEvent("scale-reading", new ScaleReadingJson(scale, run, spool, Shapes.N(r.Value), WeightUnits.Symbol(r.Unit), r.IsStable, Shapes.G(r.Mass), r.At)), "scale-reading")));

    /// <summary>Reads the change log now rather than at the next poll: a commit of this host's was told.</summary>
    public void WakeUp() => _wakeUps.Writer.TryWrite(true);

    /// <summary>The events from now on (or from after <paramref name="lastEventId"/>), until the caller or the host goes away.</summary>
    public async IAsyncEnumerable<SseItem<FeedEvent>> SubscribeAsync(string? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        var channel = Channel.CreateBounded<SseItem<FeedEvent>>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        // When the host stops, the stream ends properly (the client's EventSource reconnects, with Last-Event-ID, to
        // the next host), so the shutdown does not wait for the subscribers.
        using var ending = lifetime.ApplicationStopping.Register(() => channel.Writer.TryComplete());
        long position;
        lock (_gate)
        {
            _subscribers.Add(channel);
            position = _position;
        }

        try
        {
            // A first event tells the client the feed is live (and a proxy that the stream has begun).
            yield return new SseItem<FeedEvent>(new FeedEvent("ready", new { subscribers = Subscribers }), "ready");

            // From the client's last event, or from the last change stored now; the changes between that and where the
            // live events this subscriber is queued for begin are read from the log first.
            var store = services.GetRequiredService<IProductionStore>();
            var start = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var after)
                ? after
                : await store.LastChangeAsync(stop.Token).ConfigureAwait(false);
            var replayed = start;
            if (replayed < position)
            {
                while (replayed < position)
                {
                    var changes = await store.ReadChangesAsync(replayed, Math.Min(Batch, (int)Math.Min(int.MaxValue, position - replayed)), stop.Token).ConfigureAwait(false);
                    if (changes.Count == 0)
                    {
                        break;
                    }

                    foreach (var change in changes.Where(c => c.Sequence <= position))
                    {
                        if (await ShapeAsync(change, stop.Token).ConfigureAwait(false) is { } item)
                        {
                            yield return item;
                        }
                    }

                    replayed = changes[^1].Sequence;
                }
            }

            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // A change the poller publishes that was stored before this subscriber's start is not news to it.
                if (item.EventId is null || long.Parse(item.EventId, CultureInfo.InvariantCulture) > start)
                {
                    yield return item;
                }
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var store = services.GetRequiredService<IProductionStore>();
        var failing = false;
        do
        {
            try
            {
                if (_position < 0)
                {
                    var last = await store.LastChangeAsync(stoppingToken).ConfigureAwait(false);
                    lock (_gate)
                    {
                        _position = last;
                    }
                }

                IReadOnlyList<StoreChange> changes;
                do
                {
                    changes = await store.ReadChangesAsync(_position, Batch, stoppingToken).ConfigureAwait(false);
                    foreach (var change in changes)
                    {
                        // Documents are read only when someone listens; the position moves on either way.
                        var item = Subscribers > 0 ? await ShapeAsync(change, stoppingToken).ConfigureAwait(false) : null;
                        lock (_gate)
                        {
                            _position = change.Sequence;
                            if (item is { } published)
                            {
                                PublishLocked(published);
                            }
                        }
                    }
                }
                while (changes.Count == Batch);

                failing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store is down or busy: /health says so; the feed catches up from where it was when it is back.
                if (!failing)
                {
                    LogPollFailed(log, e);
                }

                failing = true;
            }
        }
        while (await NextReadAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Waits for the next poll or an earlier wake-up; false when the host stops.</summary>
    private async Task<bool> NextReadAsync(CancellationToken stoppingToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        poll.CancelAfter(_pollInterval);
        try
        {
            await _wakeUps.Reader.ReadAsync(poll.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The poll interval passed without a wake-up.
        }

        return !stoppingToken.IsCancellationRequested;
    }

    /// <summary>The change as an SSE item with its document as it is now; null when the entity is gone or renamed since (a later change names it).</summary>
    private async Task<SseItem<FeedEvent>?> ShapeAsync(StoreChange change, CancellationToken ct)
    {
        var store = services.GetRequiredService<IProductionStore>();
        object? data = change.Entity switch
        {
            StoreEntity.Run => int.TryParse(change.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && await store.FindRunByNumberAsync(number, ct).ConfigureAwait(false) is { } run
                ? Shapes.Run(run, run.OriginalRunId is null ? null : await services.GetRequiredService<AnalyticsService>().FindOriginalRunNumberAsync(run, ct).ConfigureAwait(false))
                : null,
            StoreEntity.Spool => await store.FindSpoolByCodeAsync(change.Key, ct).ConfigureAwait(false) is { } spool
                ? Shapes.Spool(spool, new Catalog.BrandTareRegistry(await store.ListBrandTaresAsync(ct).ConfigureAwait(false)))
                : null,
            StoreEntity.Product => await store.FindProductBySkuAsync(change.Key, ct).ConfigureAwait(false) is { } product ? Shapes.Product(product) : null,
            StoreEntity.Printer => await store.FindPrinterByNameAsync(change.Key, ct).ConfigureAwait(false) is { } printer ? Shapes.Printer(printer) : null,
            _ => new BrandTareChangeJson(change.Key),
        };
        if (data is null)
        {
            return null;
        }

        var kind = Kebab(change.Entity.ToString()) + "-" + Kebab(change.Kind.ToString());
        return new SseItem<FeedEvent>(new FeedEvent(kind, data), kind) { EventId = change.Sequence.ToString(CultureInfo.InvariantCulture) };
    }

    private void Publish(SseItem<FeedEvent> item)
    {
        lock (_gate)
        {
            PublishLocked(item);
        }
    }

    private void PublishLocked(SseItem<FeedEvent> item)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryWrite(item);
        }
    }

    private static string Kebab(string name) => Words().Replace(name, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex Words();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live feed cannot read the store's change log; it retries every poll and catches up when the store is back")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    // Reports on the caller's thread, in order (Progress<T> posts to the thread pool).
    private sealed class Reporter(Action<ScaleReading> report) : IProgress<ScaleReading>
    {
        public void Report(ScaleReading value) => report(value);
    }
}
