using System.Diagnostics;
using System.Globalization;
using Batchivo.Devices;

namespace Batchivo.Testing.Scales;

/// <summary>
/// The conformance tests of a scale driver (<see cref="IScale"/>). Inherit it in a test class, connect the
/// driver to something that behaves like the device (an emulator on a pseudo-terminal, a FIFO, a simulator), and
/// implement the "device side" hooks; every test of this class then runs against your driver.
/// </summary>
/// <remarks>
/// <para>
/// xunit creates a new instance of the test class for every case, so each test gets a fresh device side: set it up in
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
public abstract partial class ScaleConformanceTests : ConformanceKit
{
    /// <summary>The kit's cases, one row per case name: feed your data-driven <see cref="ConformanceKit.Conformance"/> test from it
    /// (xunit v2 or v3: <c>[Theory, MemberData(nameof(Cases))]</c>).</summary>
    /// <exception cref="ConformanceException">The kit has no case to run.</exception>
    public static IEnumerable<object[]> Cases => CasesOf(typeof(ScaleConformanceTests));

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

    /// <summary>
    /// The fault an overload reads as: <see cref="ScaleFault.Overload"/>. A protocol with one fault frame for every
    /// fault (Kern's <c>Error</c>, say) cannot tell overload from underload; its tests override this with
    /// <see cref="ScaleFault.DeviceError"/>, still a typed fault.
    /// </summary>
    protected virtual ScaleFault OverloadFault => ScaleFault.Overload;

    /// <summary>The fault an underload reads as: <see cref="ScaleFault.Underload"/> (see <see cref="OverloadFault"/>).</summary>
    protected virtual ScaleFault UnderloadFault => ScaleFault.Underload;

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

    /// <summary>How long one call may take beyond its own timeout: the driver's reply timeout (at most 5 s) plus <see cref="HangLimit"/>.</summary>
    private TimeSpan ReplyAllowance => TimeSpan.FromSeconds(5) + HangLimit;

    private async Task<IScale> CreateAsync()
    {
        var scale = await Bounded(CreateScaleAsync(CancellationToken.None), HangLimit, "CreateScaleAsync").ConfigureAwait(false);
        Expect.NotNull(scale);
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
            Expect.Fail($"{what} did not finish within {limit.TotalSeconds:0.#} s: the driver hangs. Every wait must be bounded.");
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
            Expect.Fail($"{what} did not finish within {limit.TotalSeconds:0.#} s: the driver hangs. Every wait must be bounded.");
            throw;
        }
    }

    private static async Task<ScaleException> Faulted(Task task, TimeSpan limit, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
        Expect.True(finished == task, $"{what} did not finish within {limit.TotalSeconds:0.#} s: the driver hangs. Every wait must be bounded.");
        var error = await Capture.ExceptionAsync(() => task).ConfigureAwait(false);
        Expect.True(error is ScaleException, $"{what} should have failed with a ScaleException, but {(error is null ? "it succeeded" : $"threw {error.GetType().Name}: {error.Message}")}.");
        return (ScaleException)error!;
    }

    private async Task Cancelled(Task task, string what)
    {
        // A driver that ignores the token ends with its reply timeout (ScaleException NoReply) instead: that fails here.
        var finished = await Task.WhenAny(task, Task.Delay(ReplyAllowance)).ConfigureAwait(false);
        Expect.True(finished == task, $"{what} did not finish after its token was cancelled.");
        var error = await Capture.ExceptionAsync(() => task).ConfigureAwait(false);
        Expect.True(error is OperationCanceledException, $"{what} should have ended with OperationCanceledException when cancelled, but {(error is null ? "it succeeded" : $"threw {error.GetType().Name}: {error.Message}")}.");
    }

    private static void AssertMessage(ScaleException error) =>
        Expect.False(string.IsNullOrWhiteSpace(error.Message), "A ScaleException's message must say what was wrong and what to do.");
}
