namespace Batchivo.Devices;

/// <summary>The one "read until stable" loop, shared by the drivers and the services.</summary>
public static class ScaleReads
{
    /// <summary>
    /// Reads <paramref name="scale"/> again and again, reporting each reading to <paramref name="progress"/>, until one
    /// is stable or <paramref name="timeout"/> has passed on <paramref name="time"/>.
    /// </summary>
    /// <param name="scale">The scale to read.</param>
    /// <param name="timeout">How long to wait for a stable reading.</param>
    /// <param name="pollInterval">The pause between two readings.</param>
    /// <param name="time">The clock of the device (wall-clock time for a real spool; a fake clock in simulations).</param>
    /// <param name="progress">Receives every reading as it is read; may be null.</param>
    /// <param name="notStable">Builds the error thrown when no stable reading came in time, given the last reading (null when none came).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first stable reading.</returns>
    /// <exception cref="ScaleException">The scale faulted, or <paramref name="notStable"/>'s error when no stable reading came in time.</exception>
    public static Task<ScaleReading> ReadUntilStableAsync(
        this IScale scale,
        TimeSpan timeout,
        TimeSpan pollInterval,
        TimeProvider time,
        IProgress<ScaleReading>? progress,
        Func<ScaleReading?, ScaleException> notStable,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        return PollUntilStableAsync(
            async (remaining, _, ct) =>
            {
                if (remaining <= TimeSpan.Zero)
                {
                    return null;
                }

                // A read the scale has not answered by the deadline is cut there.
                using var timer = new CancellationTokenSource(remaining, time);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
                try
                {
                    return await scale.ReadAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return null;
                }
            },
            timeout,
            pollInterval,
            time,
            progress,
            notStable,
            cancellationToken);
    }

    /// <summary>
    /// The loop itself, for drivers that read their own way: calls <paramref name="next"/> with the time left before
    /// the deadline, until it gives a stable reading. Every call after the first waits <paramref name="pollInterval"/>
    /// first (never past the deadline). The call made at or after the deadline (time left zero or less) is the last
    /// word: a driver may answer it with the weight now, which ends the loop stable or not.
    /// </summary>
    /// <param name="next">
    /// Reads once, given the time left (zero or less for the last word), the last reading so far (null before the first) and
    /// the cancellation token; returns the reading, or null when none came (a moving load, a device that gave up, a wait
    /// cut by the deadline). It throws <see cref="ScaleException"/> for a fault, which ends the loop.
    /// </param>
    /// <param name="timeout">How long to wait for a stable reading.</param>
    /// <param name="pollInterval">The pause between two reads; zero for none (a driver whose reads wait for the device).</param>
    /// <param name="time">The clock of the device.</param>
    /// <param name="progress">Receives every reading as it is read; may be null.</param>
    /// <param name="notStable">Builds the error thrown when no stable reading came in time, given the last reading (null when none came).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first stable reading.</returns>
    /// <exception cref="ScaleException">A fault from <paramref name="next"/>, or <paramref name="notStable"/>'s error when no stable reading came in time.</exception>
    public static async Task<ScaleReading> PollUntilStableAsync(
        Func<TimeSpan, ScaleReading?, CancellationToken, Task<ScaleReading?>> next,
        TimeSpan timeout,
        TimeSpan pollInterval,
        TimeProvider time,
        IProgress<ScaleReading>? progress,
        Func<ScaleReading?, ScaleException> notStable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(notStable);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(pollInterval, TimeSpan.Zero);
        var deadline = time.GetUtcNow() + timeout;
        ScaleReading? last = null;
        while (true)
        {
            var remaining = deadline - time.GetUtcNow();
            if (await next(remaining, last, cancellationToken).ConfigureAwait(false) is { } reading)
            {
                progress?.Report(reading);
                last = reading;
                if (reading.IsStable)
                {
                    return reading;
                }
            }

            if (remaining <= TimeSpan.Zero)
            {
                throw notStable(last);
            }

            var left = deadline - time.GetUtcNow();
            if (pollInterval > TimeSpan.Zero && left > TimeSpan.Zero)
            {
                await Task.Delay(left < pollInterval ? left : pollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
