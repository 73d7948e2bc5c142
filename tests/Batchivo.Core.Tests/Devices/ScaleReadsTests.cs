using Batchivo.Devices;
using Microsoft.Extensions.Time.Testing;

namespace Batchivo.Core.Tests.Devices;

/// <summary>
/// The one "read until stable" loop the drivers and the weighing service share, on a fake clock: every read below
/// moves the clock on by the time a real device would take to answer.
/// </summary>
public sealed class ScaleReadsTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Stops_at_the_first_stable_reading_and_shows_every_reading_on_the_way()
    {
        var time = new FakeTimeProvider();
        var device = new Device(time, Second, Reading(850.4m, false), Reading(850.1m, false), Reading(850m, true), Reading(1m, true));
        var seen = new List<decimal>();

        var reading = await ScaleReads.PollUntilStableAsync(device.NextAsync, TimeSpan.FromSeconds(10), TimeSpan.Zero, time, new Sync(r => seen.Add(r.Value)), Refused, default);

        Assert.Equal(850m, reading.Value);
        Assert.Equal([850.4m, 850.1m, 850m], seen);
        Assert.Equal(3, device.Calls.Count);
    }

    [Fact]
    public async Task A_load_that_never_settles_ends_with_the_callers_error_naming_the_last_reading()
    {
        var time = new FakeTimeProvider();
        var device = new Device(time, Second, Enumerable.Range(0, 20).Select(i => Reading(800m + i, false)).ToArray());

        var error = await Assert.ThrowsAsync<ScaleException>(() => ScaleReads.PollUntilStableAsync(device.NextAsync, TimeSpan.FromSeconds(3), TimeSpan.Zero, time, null, Refused, default));

        Assert.Equal(ScaleFault.NotStable, error.Fault);
        Assert.Contains($"last {800m + device.Calls.Count - 1}", error.Message, StringComparison.Ordinal);
        // It gave up at the deadline, not before and not long after: the time left went 3, 2, 1, 0 s.
        Assert.Equal([3d, 2d, 1d, 0d], device.Calls.Select(c => c.Remaining.TotalSeconds));
    }

    [Fact]
    public async Task The_call_at_the_deadline_is_the_last_word_and_may_still_be_stable()
    {
        var time = new FakeTimeProvider();
        var device = new Device(time, Second, Reading(10m, false), Reading(11m, false), Reading(12m, true));

        var reading = await ScaleReads.PollUntilStableAsync(device.NextAsync, TimeSpan.FromSeconds(2), TimeSpan.Zero, time, null, Refused, default);

        Assert.True(reading.IsStable);
        Assert.Equal(12m, reading.Value);
        Assert.True(device.Calls[^1].Remaining <= TimeSpan.Zero);
    }

    [Fact]
    public async Task No_reading_is_waited_for_again_and_not_reported_and_the_error_says_none_came()
    {
        var time = new FakeTimeProvider();
        var device = new Device(time, Second, null, null, null, null);
        var reported = 0;
        ScaleReading? lastSeen = Reading(-1m, false);

        var error = await Assert.ThrowsAsync<ScaleException>(() => ScaleReads.PollUntilStableAsync(
            device.NextAsync,
            TimeSpan.FromSeconds(2),
            TimeSpan.Zero,
            time,
            new Sync(_ => reported++),
            last => { lastSeen = last; return Refused(last); },
            default));

        Assert.Equal(ScaleFault.NotStable, error.Fault);
        Assert.Null(lastSeen);
        Assert.Equal(0, reported);
        Assert.Equal(3, device.Calls.Count);
    }

    [Fact]
    public async Task A_fault_ends_the_loop_at_once_with_the_drivers_own_error()
    {
        var time = new FakeTimeProvider();
        var calls = 0;

        var error = await Assert.ThrowsAsync<ScaleException>(() => ScaleReads.PollUntilStableAsync(
            (_, _, _) => ++calls == 1 ? Task.FromResult<ScaleReading?>(Reading(5m, false)) : throw new ScaleException(ScaleFault.Overload, "too heavy"),
            TimeSpan.FromSeconds(10),
            TimeSpan.Zero,
            time,
            null,
            Refused,
            default));

        Assert.Equal(ScaleFault.Overload, error.Fault);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Reads_are_spaced_by_the_poll_interval_on_the_devices_clock()
    {
        var time = new FakeTimeProvider();
        var called = new SemaphoreSlim(0);
        var calls = 0;
        var loop = ScaleReads.PollUntilStableAsync(
            (_, _, _) =>
            {
                calls++;
                called.Release();
                return Task.FromResult<ScaleReading?>(Reading(7m, calls == 2));
            },
            TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(500),
            time,
            null,
            Refused,
            default);
        Assert.True(await called.WaitAsync(TimeSpan.FromSeconds(30)));

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(1, Volatile.Read(ref calls));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await called.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True((await loop).IsStable);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_scale_that_does_not_answer_is_cut_at_the_deadline_and_a_cancelled_wait_stays_a_cancellation()
    {
        var time = new FakeTimeProvider();
        await using var scale = new SilentScale();

        var waiting = scale.ReadUntilStableAsync(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200), time, null, Refused);
        await scale.Asked.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<ScaleException>(() => waiting);
        Assert.Equal(ScaleFault.NotStable, error.Fault);
        Assert.Contains("last none", error.Message, StringComparison.Ordinal);

        using var cancel = new CancellationTokenSource();
        var cancelled = scale.ReadUntilStableAsync(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200), time, null, Refused, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    private static ScaleReading Reading(decimal grams, bool stable) => new(grams, WeightUnit.Gram, stable, DateTimeOffset.UnixEpoch);

    private static ScaleException Refused(ScaleReading? last) =>
        new(ScaleFault.NotStable, $"not stable, last {(last is null ? "none" : last.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}");

    /// <summary>Answers the readings in order, each after <c>took</c> on the clock; null is "nothing came".</summary>
    private sealed class Device(FakeTimeProvider time, TimeSpan took, params ScaleReading?[] readings)
    {
        public List<(TimeSpan Remaining, ScaleReading? Last)> Calls { get; } = [];

        public Task<ScaleReading?> NextAsync(TimeSpan remaining, ScaleReading? last, CancellationToken cancellationToken)
        {
            Calls.Add((remaining, last));
            var reading = readings[Calls.Count - 1];
            time.Advance(took);
            return Task.FromResult(reading);
        }
    }

    private sealed class SilentScale : IScale
    {
        public SemaphoreSlim Asked { get; } = new(0);

        public ScaleIdentity Identity { get; } = new("silent", null, null, null);

        public async Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default)
        {
            Asked.Release();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task TareAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ZeroAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
    private sealed class Sync(Action<ScaleReading> report) : IProgress<ScaleReading>
    {
        public void Report(ScaleReading value) => report(value);
    }
}
