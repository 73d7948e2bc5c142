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
    public static async Task<ScaleReading> ReadUntilStableAsync(
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
        ArgumentNullException.ThrowIfNull(notStable);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        var end = time.GetUtcNow() + timeout;
        using var timer = new CancellationTokenSource(timeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        ScaleReading? last = null;
        try
        {
            while (true)
            {
                var reading = await scale.ReadAsync(deadline.Token).ConfigureAwait(false);
                progress?.Report(reading);
                last = reading;
                if (reading.IsStable)
                {
                    return reading;
                }

                var left = end - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    throw notStable(last);
                }

                await Task.Delay(left < pollInterval ? left : pollInterval, time, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw notStable(last);
        }
    }
}
