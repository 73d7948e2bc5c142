using System.Diagnostics;
using System.Globalization;
using Batchivo.Devices;
using Xunit;

namespace Batchivo.Testing.Scales;

/// <summary>
/// The conformance tests of a scale driver (<see cref="IScale"/>). Inherit it in an xunit test class, connect the
/// driver to something that behaves like the device (an emulator on a pseudo-terminal, a FIFO, a simulator), and
/// implement the "device side" hooks; every test of this class then runs against your driver.
/// </summary>
/// <remarks>
/// <para>
/// xunit creates a new instance of the test class for every test, so each test gets a fresh device side: set it up in
/// your constructor (or <c>IAsyncLifetime.InitializeAsync</c>) and tear it down in <c>Dispose</c>/<c>DisposeAsync</c>.
/// The kit creates the scale with <see cref="CreateScaleAsync"/> at most once per test, usually after the device
/// presents its first state, and disposes it itself.
/// </para>
/// <para>
/// What is checked: identity; reads in g, kg, lb and oz with their unit, stability and timestamp; exact conversion to
/// grams; stable reads that wait for the load to settle and give up with <see cref="ScaleFault.NotStable"/> no earlier
/// than the timeout; tare and zero where <see cref="IScale.Capabilities"/> says so, <see cref="ScaleFault.NotSupported"/>
/// where not; overload, underload, an unplugged and a silent device as typed <see cref="ScaleException"/>s; faults that
/// clear when the device recovers; cancellation; concurrent calls; disposal. Every call is bounded: a call that does
/// not finish within its timeout plus <see cref="HangLimit"/> fails the test as a hang.
/// </para>
/// </remarks>
public abstract class ScaleConformanceTests
{
    /// <summary>
    /// Creates the scale under test, connected to the device side this test instance controls. The kit disposes it.
    /// Configure the driver's reply timeout (how long one read waits for the device) between 1 and 5 seconds, so that
    /// the silent-device and cancellation tests can tell a honoured cancellation from a reply timeout.
    /// </summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The scale.</returns>
    protected abstract Task<IScale> CreateScaleAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the device present a load: <paramref name="value"/> in <paramref name="unit"/>, stable or in motion. It
    /// also ends a fault the device was presenting (overload, underload, silence). Reads that start after the returned
    /// task completes must see the new state.
    /// </summary>
    /// <param name="value">The value, in <paramref name="unit"/>: zero or more, at most 2 decimals and 5 significant digits (so 16-bit devices can show it).</param>
    /// <param name="unit">The unit the device reports in.</param>
    /// <param name="stable">Whether the device reports the load as stable; when false it keeps reporting it in motion.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    protected abstract Task PresentAsync(decimal value, WeightUnit unit, bool stable, CancellationToken cancellationToken);

    /// <summary>Makes the device report an overload (the load is above its range) until the next <see cref="PresentAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    protected abstract Task OverloadAsync(CancellationToken cancellationToken);

    /// <summary>Makes the device report an underload (below zero, below its range) until the next <see cref="PresentAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    protected abstract Task UnderloadAsync(CancellationToken cancellationToken);

    /// <summary>Unplugs the device: the connection is lost for good (the port or device file goes away, the other end closes).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    protected abstract Task UnplugAsync(CancellationToken cancellationToken);

    /// <summary>Makes the device stay connected but send nothing (no reply, no report) until the next <see cref="PresentAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    protected abstract Task GoSilentAsync(CancellationToken cancellationToken);

    /// <summary>The timeout the kit gives <see cref="IScale.ReadStableAsync"/> when the device does settle.</summary>
    /// <value>Default: 10 seconds (only a broken driver waits that long).</value>
    protected virtual TimeSpan StableTimeout => TimeSpan.FromSeconds(10);

    /// <summary>The timeout the kit gives <see cref="IScale.ReadStableAsync"/> when the device never settles.</summary>
    /// <value>Default: 600 ms.</value>
    protected virtual TimeSpan NotStableTimeout => TimeSpan.FromMilliseconds(600);

    /// <summary>How much longer than its own timeout (or the driver's reply timeout) a call may take before the kit calls it a hang.</summary>
    /// <value>Default: 20 seconds (generous, for loaded build machines).</value>
    protected virtual TimeSpan HangLimit => TimeSpan.FromSeconds(20);

    /// <summary>The clock the driver stamps readings with, to check <see cref="ScaleReading.At"/>.</summary>
    /// <value>Default: <see cref="TimeProvider.System"/>.</value>
    protected virtual TimeProvider Clock => TimeProvider.System;

    /// <summary>How far a reading's timestamp may lie outside the call that returned it (clock granularity).</summary>
    /// <value>Default: 1 second.</value>
    protected virtual TimeSpan ClockTolerance => TimeSpan.FromSeconds(1);

    /// <summary>The scale reports who it is.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task IdentityNamesTheDriver()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            Assert.NotNull(scale.Identity);
            Assert.False(string.IsNullOrWhiteSpace(scale.Identity.Driver), "IScale.Identity.Driver must name the driver.");
        }
    }

    /// <summary>A stable load is read with its value, unit, stability and a timestamp taken during the call.</summary>
    /// <param name="unit">The unit the device reports in.</param>
    /// <param name="value">The value presented, as text.</param>
    /// <returns>A task.</returns>
    [Theory]
    [InlineData(WeightUnit.Gram, "850.5")]
    [InlineData(WeightUnit.Kilogram, "1.25")]
    [InlineData(WeightUnit.Pound, "2.5")]
    [InlineData(WeightUnit.Ounce, "12.5")]
    public async Task ReadsAStableWeightInEachUnit(WeightUnit unit, string value)
    {
        var expected = Number(value);
        await PresentAsync(expected, unit, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var before = Clock.GetUtcNow();
            var reading = await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            var after = Clock.GetUtcNow();

            Assert.Equal(unit, reading.Unit);
            Assert.Equal(expected, reading.Value);
            Assert.True(reading.IsStable, "A load the device reports as stable must read as stable.");
            Assert.InRange(reading.At, before - ClockTolerance, after + ClockTolerance);
        }
    }

    /// <summary>Readings convert to grams exactly: 1 kg = 1000 g, 1 lb = 453.59237 g, 1 oz = 28.349523125 g.</summary>
    /// <param name="unit">The unit the device reports in.</param>
    /// <param name="value">The value presented, as text.</param>
    /// <param name="grams">The exact grams expected, as text.</param>
    /// <returns>A task.</returns>
    [Theory]
    [InlineData(WeightUnit.Gram, "850.5", "850.5")]
    [InlineData(WeightUnit.Kilogram, "1.25", "1250")]
    [InlineData(WeightUnit.Pound, "2.5", "1133.980925")]
    [InlineData(WeightUnit.Ounce, "12.5", "354.3690390625")]
    public async Task ConvertsReadingsToGramsExactly(WeightUnit unit, string value, string grams)
    {
        await PresentAsync(Number(value), unit, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Assert.Equal(Number(grams), reading.Mass.Grams);
        }
    }

    /// <summary>A load in motion reads as unstable, in its unit.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ReadsALoadInMotionAsUnstable()
    {
        await PresentAsync(640m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var reading = await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Assert.False(reading.IsStable, "A load the device reports in motion must read as unstable.");
            Assert.Equal(WeightUnit.Gram, reading.Unit);
        }
    }

    /// <summary>A stable read of a stable load returns it.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ReadsAStableLoadWithinTheTimeout()
    {
        await PresentAsync(1012.5m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Assert.True(reading.IsStable);
            Assert.Equal(1012.5m, reading.Value);
            Assert.Equal(WeightUnit.Gram, reading.Unit);
        }
    }

    /// <summary>A stable read waits while the load is in motion and returns the load once it settles.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task StableReadWaitsForTheLoadToSettle()
    {
        await PresentAsync(700m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var read = ReadStable(scale, StableTimeout, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(300)).ConfigureAwait(false);
            Assert.False(read.IsCompleted, "ReadStableAsync returned while the device still reported the load in motion.");
            await PresentAsync(725.5m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
            var reading = await Bounded(read, StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Assert.True(reading.IsStable);
            Assert.Equal(725.5m, reading.Value);
        }
    }

    /// <summary>A load that never settles gives <see cref="ScaleFault.NotStable"/>, not before the timeout and not long after it.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task StableReadOfALoadThatNeverSettlesFailsWithNotStable()
    {
        await PresentAsync(512m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var watch = Stopwatch.StartNew();
            var error = await Faulted(ReadStable(scale, NotStableTimeout, CancellationToken.None), NotStableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            watch.Stop();
            Assert.Equal(ScaleFault.NotStable, error.Fault);
            Assert.True(watch.Elapsed >= NotStableTimeout - TimeSpan.FromMilliseconds(50), $"ReadStableAsync gave up after {watch.Elapsed.TotalMilliseconds:0} ms, before its timeout of {NotStableTimeout.TotalMilliseconds:0} ms.");
            AssertMessage(error);
        }
    }

    /// <summary>Where the scale says it can tare, taring makes the load in place read zero; where not, tare fails with <see cref="ScaleFault.NotSupported"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TaresWhereItCanElseSaysNotSupported()
    {
        await PresentAsync(250m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            if (scale.Capabilities.HasFlag(ScaleCapabilities.Tare))
            {
                await Bounded(Tare(scale, CancellationToken.None), ReplyAllowance, "TareAsync").ConfigureAwait(false);
                var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
                Assert.Equal(0m, reading.Mass.Grams);
            }
            else
            {
                var error = await Faulted(Tare(scale, CancellationToken.None), ReplyAllowance, "TareAsync").ConfigureAwait(false);
                Assert.Equal(ScaleFault.NotSupported, error.Fault);
                AssertMessage(error);
            }
        }
    }

    /// <summary>Where the scale says it can zero, zeroing makes a small load in place read zero; where not, zero fails with <see cref="ScaleFault.NotSupported"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ZeroesWhereItCanElseSaysNotSupported()
    {
        await PresentAsync(2m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            if (scale.Capabilities.HasFlag(ScaleCapabilities.Zero))
            {
                await Bounded(Zero(scale, CancellationToken.None), ReplyAllowance, "ZeroAsync").ConfigureAwait(false);
                var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
                Assert.Equal(0m, reading.Mass.Grams);
            }
            else
            {
                var error = await Faulted(Zero(scale, CancellationToken.None), ReplyAllowance, "ZeroAsync").ConfigureAwait(false);
                Assert.Equal(ScaleFault.NotSupported, error.Fault);
                AssertMessage(error);
            }
        }
    }

    /// <summary>An overload is <see cref="ScaleFault.Overload"/>, for a read and for a stable read (not a wait for stability).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task OverloadIsATypedFault()
    {
        await OverloadAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Assert.Equal(ScaleFault.Overload, error.Fault);
            AssertMessage(error);
            var stable = await Faulted(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Assert.Equal(ScaleFault.Overload, stable.Fault);
        }
    }

    /// <summary>An underload is <see cref="ScaleFault.Underload"/>, for a read and for a stable read.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UnderloadIsATypedFault()
    {
        await UnderloadAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Assert.Equal(ScaleFault.Underload, error.Fault);
            AssertMessage(error);
            var stable = await Faulted(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Assert.Equal(ScaleFault.Underload, stable.Fault);
        }
    }

    /// <summary>A fault is not sticky: once the device presents a load again, the scale reads it.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ReadsAgainOnceAnOverloadIsTakenOff()
    {
        await OverloadAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Assert.Equal(ScaleFault.Overload, error.Fault);
            await PresentAsync(930m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
            var reading = await Bounded(ReadStable(scale, StableTimeout, CancellationToken.None), StableTimeout + ReplyAllowance, "ReadStableAsync").ConfigureAwait(false);
            Assert.Equal(930m, reading.Value);
        }
    }

    /// <summary>An unplugged device is <see cref="ScaleFault.Disconnected"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UnpluggedDeviceIsDisconnected()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            await UnplugAsync(CancellationToken.None).ConfigureAwait(false);
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            Assert.Equal(ScaleFault.Disconnected, error.Fault);
            AssertMessage(error);
        }
    }

    /// <summary>A device unplugged while a stable read waits ends that read with <see cref="ScaleFault.Disconnected"/>, not with a wait for the timeout.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UnplugDuringAStableReadIsDisconnected()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var longWait = StableTimeout + HangLimit;
            var read = ReadStable(scale, longWait, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(300)).ConfigureAwait(false);
            await UnplugAsync(CancellationToken.None).ConfigureAwait(false);
            var error = await Faulted(read, HangLimit, "ReadStableAsync after the device was unplugged").ConfigureAwait(false);
            Assert.Equal(ScaleFault.Disconnected, error.Fault);
        }
    }

    /// <summary>A silent device is <see cref="ScaleFault.NoReply"/> for a read, and a stable read ends with NoReply or NotStable; neither hangs.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SilentDeviceIsNoReply()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
            await GoSilentAsync(CancellationToken.None).ConfigureAwait(false);
            var error = await Faulted(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync of a silent device").ConfigureAwait(false);
            Assert.Equal(ScaleFault.NoReply, error.Fault);
            AssertMessage(error);
            var stable = await Faulted(ReadStable(scale, NotStableTimeout, CancellationToken.None), NotStableTimeout + ReplyAllowance, "ReadStableAsync of a silent device").ConfigureAwait(false);
            Assert.True(stable.Fault is ScaleFault.NoReply or ScaleFault.NotStable, $"A stable read of a silent device should end with NoReply or NotStable, not {stable.Fault}.");
        }
    }

    /// <summary>A read of a silent device ends with <see cref="OperationCanceledException"/> when its token is cancelled, before the reply timeout.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CancellationEndsAReadOfASilentDevice()
    {
        await GoSilentAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var read = Read(scale, cancel.Token);
            await Cancelled(read, "ReadAsync").ConfigureAwait(false);
        }
    }

    /// <summary>A stable read waiting for an unsettled load ends with <see cref="OperationCanceledException"/> when its token is cancelled.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CancellationEndsAStableRead()
    {
        await PresentAsync(300m, WeightUnit.Gram, stable: false, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var read = ReadStable(scale, StableTimeout + HangLimit, cancel.Token);
            await Cancelled(read, "ReadStableAsync").ConfigureAwait(false);
        }
    }

    /// <summary>Calls with a token that is already cancelled end with <see cref="OperationCanceledException"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AnAlreadyCancelledTokenIsHonoured()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            using var cancel = new CancellationTokenSource();
            await cancel.CancelAsync().ConfigureAwait(false);
            await Cancelled(Read(scale, cancel.Token), "ReadAsync").ConfigureAwait(false);
            await Cancelled(ReadStable(scale, StableTimeout, cancel.Token), "ReadStableAsync").ConfigureAwait(false);
        }
    }

    /// <summary>Calls from several threads at once are serialized by the driver: each gets a whole, correct reading.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ConcurrentReadsEachGetTheLoad()
    {
        await PresentAsync(1234.5m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await using (scale.ConfigureAwait(false))
        {
            var reads = Enumerable.Range(0, 6)
                .Select(i => Task.Run(() => i % 2 == 0 ? Read(scale, CancellationToken.None) : ReadStable(scale, StableTimeout, CancellationToken.None)))
                .ToArray();
            var readings = await Bounded(Task.WhenAll(reads), StableTimeout + ReplyAllowance + ReplyAllowance, "concurrent reads").ConfigureAwait(false);
            Assert.All(readings, r =>
            {
                Assert.Equal(1234.5m, r.Value);
                Assert.Equal(WeightUnit.Gram, r.Unit);
            });
        }
    }

    /// <summary>A disposed scale refuses reads with <see cref="ObjectDisposedException"/>; disposing twice is harmless.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ADisposedScaleRefusesReads()
    {
        await PresentAsync(850m, WeightUnit.Gram, stable: true, CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        await Bounded(Read(scale, CancellationToken.None), ReplyAllowance, "ReadAsync").ConfigureAwait(false);
        await Bounded(scale.DisposeAsync().AsTask(), HangLimit, "DisposeAsync").ConfigureAwait(false);
        await Bounded(scale.DisposeAsync().AsTask(), HangLimit, "a second DisposeAsync").ConfigureAwait(false);
        var task = Read(scale, CancellationToken.None);
        var finished = await Task.WhenAny(task, Task.Delay(HangLimit)).ConfigureAwait(false);
        Assert.True(finished == task, $"ReadAsync of a disposed scale did not finish within {HangLimit.TotalSeconds:0} s.");
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => task).ConfigureAwait(false);
    }

    /// <summary>Disposing the scale while a read of a silent device waits ends that read and does not hang.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task DisposeDuringAReadDoesNotHang()
    {
        await GoSilentAsync(CancellationToken.None).ConfigureAwait(false);
        var scale = await CreateAsync().ConfigureAwait(false);
        var read = Read(scale, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        await Bounded(scale.DisposeAsync().AsTask(), HangLimit, "DisposeAsync during a read").ConfigureAwait(false);
        var finished = await Task.WhenAny(read, Task.Delay(ReplyAllowance)).ConfigureAwait(false);
        Assert.True(finished == read, "A read pending while the scale was disposed did not finish.");
        Assert.True(read.IsFaulted || read.IsCanceled, "A read of a silent device cannot succeed.");
    }

    /// <summary>How long one call may take beyond its own timeout: the driver's reply timeout (at most 5 s) plus <see cref="HangLimit"/>.</summary>
    private TimeSpan ReplyAllowance => TimeSpan.FromSeconds(5) + HangLimit;

    private async Task<IScale> CreateAsync()
    {
        var scale = await Bounded(CreateScaleAsync(CancellationToken.None), HangLimit, "CreateScaleAsync").ConfigureAwait(false);
        Assert.NotNull(scale);
        return scale;
    }

    // Calls go through these so that a driver throwing synchronously is judged like one returning a faulted task.
    private static Task<ScaleReading> Read(IScale scale, CancellationToken cancellationToken) => Call(() => scale.ReadAsync(cancellationToken));

    private static Task<ScaleReading> ReadStable(IScale scale, TimeSpan timeout, CancellationToken cancellationToken) => Call(() => scale.ReadStableAsync(timeout, cancellationToken));

    private static Task Tare(IScale scale, CancellationToken cancellationToken) => Call(() => scale.TareAsync(cancellationToken));

    private static Task Zero(IScale scale, CancellationToken cancellationToken) => Call(() => scale.ZeroAsync(cancellationToken));

    private static Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Task.FromException<T>(e);
        }
    }

    private static Task Call(Func<Task> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Task.FromException(e);
        }
    }

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static async Task<T> Bounded<T>(Task<T> task, TimeSpan limit, string what)
    {
        try
        {
            return await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0.#} s: the driver hangs. Every wait must be bounded.");
            throw;
        }
    }

    private static async Task Bounded(Task task, TimeSpan limit, string what)
    {
        try
        {
            await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0.#} s: the driver hangs. Every wait must be bounded.");
            throw;
        }
    }

    private static async Task<ScaleException> Faulted(Task task, TimeSpan limit, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
        Assert.True(finished == task, $"{what} did not finish within {limit.TotalSeconds:0.#} s: the driver hangs. Every wait must be bounded.");
        var error = await Record.ExceptionAsync(() => task).ConfigureAwait(false);
        Assert.True(error is ScaleException, $"{what} should have failed with a ScaleException, but {(error is null ? "it succeeded" : $"threw {error.GetType().Name}: {error.Message}")}.");
        return (ScaleException)error!;
    }

    private async Task Cancelled(Task task, string what)
    {
        // A driver that ignores the token ends with its reply timeout (ScaleException NoReply) instead: that fails here.
        var finished = await Task.WhenAny(task, Task.Delay(ReplyAllowance)).ConfigureAwait(false);
        Assert.True(finished == task, $"{what} did not finish after its token was cancelled.");
        var error = await Record.ExceptionAsync(() => task).ConfigureAwait(false);
        Assert.True(error is OperationCanceledException, $"{what} should have ended with OperationCanceledException when cancelled, but {(error is null ? "it succeeded" : $"threw {error.GetType().Name}: {error.Message}")}.");
    }

    private static void AssertMessage(ScaleException error) =>
        Assert.False(string.IsNullOrWhiteSpace(error.Message), "A ScaleException's message must say what was wrong and what to do.");
}
