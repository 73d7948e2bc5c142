using System.Text;
using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// What the serial drivers share: the port opened on first use and again after it was lost, calls serialized,
/// every wait bounded by a timeout and cancellable, frames parsed by the protocol's pure parser, faults typed.
/// </summary>
internal abstract class SerialScale : IScale
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private SerialLink? _link;
    private bool _disposed;
    private WeightUnit _lastUnit;

    protected SerialScale(string name, string driver, SerialScaleOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Name = name;
        Options = options;
        Time = time;
        _lastUnit = options.Unit;
        Identity = new ScaleIdentity(driver, null, null, options.Port);
        Describe = $"Scale {name} ({driver} on {options.Port})";
    }

    public ScaleIdentity Identity { get; protected set; }

    public abstract ScaleCapabilities Capabilities { get; }

    protected string Name { get; }

    protected SerialScaleOptions Options { get; }

    protected TimeProvider Time { get; }

    /// <summary>"Scale bench (mt-sics on /dev/ttyUSB0)", to start messages with.</summary>
    protected string Describe { get; }

    public Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default) =>
        LockedAsync(ReadCoreAsync, cancellationToken);

    public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return LockedAsync((link, ct) => ReadStableCoreAsync(link, timeout, ct), cancellationToken);
    }

    public Task TareAsync(CancellationToken cancellationToken = default) =>
        LockedAsync(async (link, ct) => { await TareCoreAsync(link, ct).ConfigureAwait(false); return true; }, cancellationToken);

    public Task ZeroAsync(CancellationToken cancellationToken = default) =>
        LockedAsync(async (link, ct) => { await ZeroCoreAsync(link, ct).ConfigureAwait(false); return true; }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // End a call in progress (it sees ObjectDisposedException), then close the port once, by us.
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _link?.Dispose();
            _link = null;
        }
        finally
        {
            _gate.Release();
        }

        _lifetime.Dispose();
    }

    protected abstract ScaleFrame Parse(string line);

    /// <summary>Runs once after the port opened, e.g. to ask the device who it is.</summary>
    protected virtual Task OnConnectedAsync(SerialLink link, CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task<ScaleReading> ReadCoreAsync(SerialLink link, CancellationToken cancellationToken);

    protected abstract Task<ScaleReading> ReadStableCoreAsync(SerialLink link, TimeSpan timeout, CancellationToken cancellationToken);

    protected virtual Task TareCoreAsync(SerialLink link, CancellationToken cancellationToken) =>
        throw new ScaleException(ScaleFault.NotSupported, $"{Describe} cannot tare over its serial port. Tare it with its key.");

    protected virtual Task ZeroCoreAsync(SerialLink link, CancellationToken cancellationToken) =>
        throw new ScaleException(ScaleFault.NotSupported, $"{Describe} cannot zero over its serial port. Zero it with its key.");

    /// <summary>Sends a command after dropping anything stale that came before it.</summary>
    protected async Task SendAsync(SerialLink link, string command, CancellationToken cancellationToken)
    {
        link.DiscardInput(resync: false);
        link.PostRead();
        using var timer = new CancellationTokenSource(Options.ReplyTimeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await link.WriteAsync(Encoding.Latin1.GetBytes(command), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ScaleException(ScaleFault.NoReply, $"{Describe} did not take the command within {Seconds(Options.ReplyTimeout)}. Check the cable and the handshake settings.");
        }
    }

    /// <summary>
    /// Reads frames until one is accepted, skipping invalid lines and frames that answer something else.
    /// At the timeout: <see cref="ScaleFault.Garbage"/> if only invalid lines came, else <see cref="ScaleFault.NoReply"/>.
    /// </summary>
    protected async Task<ScaleFrame> ReceiveAsync(SerialLink link, TimeSpan timeout, Func<ScaleFrame, bool> accept, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        InvalidFrame? garbage = null;
        try
        {
            while (true)
            {
                var line = await link.ReadLineAsync(linked.Token).ConfigureAwait(false);
                var frame = line.Overlong ? new InvalidFrame(line.Text, "more than 256 bytes without a line end") : Parse(line.Text);
                if (frame is InvalidFrame invalid)
                {
                    garbage = invalid;
                }
                else if (accept(frame))
                {
                    return frame;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw garbage is null
                ? new ScaleException(ScaleFault.NoReply, $"{Describe} did not answer within {Seconds(timeout)}. Check that it is switched on, connected, and set to {Options.BaudRate} baud, {Options.DataBits} data bits, parity {Options.Parity}, stop bits {Options.StopBits}.")
                : new ScaleException(ScaleFault.Garbage, $"{Describe} sent only unreadable data for {Seconds(timeout)}, e.g. '{Printable(garbage.Text)}' ({garbage.Reason}). Check the baud rate, parity, data and stop bits against the scale's settings, and the protocol.");
        }
    }

    protected ScaleReading ToReading(WeightFrame frame, bool stable)
    {
        if (frame.Unit is { } unit)
        {
            _lastUnit = unit;
        }

        return new ScaleReading(frame.Value, frame.Unit ?? _lastUnit, stable, Time.GetUtcNow());
    }

    protected ScaleException Fail(FaultFrame frame)
    {
        var advice = frame.Fault switch
        {
            ScaleFault.Overload => "Take the load off: a spool must be within the scale's range.",
            ScaleFault.Underload => "Empty the pan and zero the scale.",
            ScaleFault.NotStable => "The weight was not stable: keep the load still and away from drafts, then try again.",
            ScaleFault.NotSupported => "Set the scale to weigh in g, kg, lb or oz, or use its keys.",
            _ => "Check the scale's display and its manual.",
        };
        return new ScaleException(frame.Fault, $"{Describe}: {frame.Reason} (sent '{Printable(frame.Text)}'). {advice}");
    }

    protected ScaleException NotStable(TimeSpan timeout, ScaleReading? last) =>
        new(ScaleFault.NotStable, $"{Describe} did not report a stable weight within {Seconds(timeout)}" +
            (last is null ? "." : $" (last: {last.Value} {last.Unit}, unstable).") + " Keep the spool still and away from drafts, then weigh again, or allow more time.");

    /// <summary>
    /// Judges a stream of weights: stable when the device says so (unless told not to trust it), or after
    /// <see cref="SerialScaleOptions.StableReadings"/> equal readings in a row when it cannot say.
    /// </summary>
    protected sealed class StabilityJudge(SerialScaleOptions options)
    {
        private WeightFrame? _previous;
        private int _run;

        /// <summary>How many equal readings in a row ended with the last one.</summary>
        public int Run => _run;

        public bool IsStable(WeightFrame frame)
        {
            _run = _previous is not null && _previous.Value == frame.Value && _previous.Unit == frame.Unit ? _run + 1 : 1;
            _previous = frame;
            if (options.Stability == StabilityRule.Auto && frame.IsStable is { } says)
            {
                return says;
            }

            return _run >= options.StableReadings;
        }
    }

    /// <summary>
    /// A stable weight from frames that <paramref name="next"/> fetches (a request each time, or the stream), judged
    /// by <see cref="StabilityJudge"/>; a fault frame ends the wait with its fault.
    /// </summary>
    protected Task<ScaleReading> ReadStableFromFramesAsync(SerialLink link, TimeSpan timeout, Func<SerialLink, TimeSpan, CancellationToken, Task<ScaleFrame>> next, TimeSpan pause, CancellationToken cancellationToken)
    {
        var judge = new StabilityJudge(Options);
        return ScaleReads.PollUntilStableAsync(NextAsync, timeout, pause, Time, progress: null, last => NotStable(timeout, last), cancellationToken);

        async Task<ScaleReading?> NextAsync(TimeSpan remaining, ScaleReading? last, CancellationToken ct)
        {
            if (remaining <= TimeSpan.Zero && last is not null)
            {
                return null;
            }

            // Until a first weight came, wait the whole reply timeout for it (past the deadline if need be), so that
            // a short stable timeout tells a moving load (NotStable) from a silent device (NoReply).
            var wait = last is null || remaining > Options.ReplyTimeout ? Options.ReplyTimeout : remaining;
            ScaleFrame frame;
            try
            {
                frame = await next(link, wait, ct).ConfigureAwait(false);
            }
            catch (ScaleException e) when (e.Fault is ScaleFault.NoReply && last is not null && wait < Options.ReplyTimeout)
            {
                // The wait was cut short by the deadline, not by the reply timeout: weights came, none stable.
                return null;
            }

            return frame switch
            {
                FaultFrame fault => throw Fail(fault),
                WeightFrame weight => ToReading(weight, judge.IsStable(weight)),
                _ => null,
            };
        }
    }

    /// <summary>
    /// A stable weight from a device with a "stable weight" command that answers only once the weight settled
    /// (MT-SICS <c>S</c>, Kern <c>s</c>): wait for its answer until the timeout; if none came, ask for the weight now
    /// (the loop's last word) to tell a moving load (<see cref="ScaleFault.NotStable"/>) from a silent device (<see cref="ScaleFault.NoReply"/>).
    /// </summary>
    protected Task<ScaleReading> ReadStableByCommandAsync(SerialLink link, TimeSpan timeout, string command, Func<ScaleFrame, bool> answers, CancellationToken cancellationToken)
    {
        return ScaleReads.PollUntilStableAsync(NextAsync, timeout, Options.PollInterval, Time, progress: null, last => NotStable(timeout, last), cancellationToken);

        async Task<ScaleReading?> NextAsync(TimeSpan remaining, ScaleReading? last, CancellationToken ct)
        {
            if (remaining <= TimeSpan.Zero)
            {
                // Out of time: the weight now, stable or not, is the last word.
                return await ReadCoreAsync(link, ct).ConfigureAwait(false);
            }

            await SendAsync(link, command, ct).ConfigureAwait(false);
            try
            {
                return await ReceiveAsync(link, remaining, answers, ct).ConfigureAwait(false) switch
                {
                    WeightFrame { IsStable: true } weight => ToReading(weight, stable: true),
                    FaultFrame { Fault: not ScaleFault.NotStable } fault => throw Fail(fault),
                    // A moving weight, or the device gave up waiting before we did: ask again after a pause.
                    _ => null,
                };
            }
            catch (ScaleException e) when (e.Fault == ScaleFault.NoReply)
            {
                // No stable answer within the time left.
                return null;
            }
        }
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    private static string Printable(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text.Length > 40 ? text[..40] : text)
        {
            b.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return b.ToString();
    }

    private async Task<T> LockedAsync<T>(Func<SerialLink, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        try
        {
            await _gate.WaitAsync(call.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Disposed();
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_link is null)
            {
                var link = SerialLink.Open(Describe, Options);
                _link = link;
                await OnConnectedAsync(link, call.Token).ConfigureAwait(false);
            }

            return await action(_link, call.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Disposed();
        }
        catch (ScaleException e) when (e.Fault == ScaleFault.Disconnected)
        {
            // Open the port again on the next call: the device may be plugged back in.
            _link?.Dispose();
            _link = null;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ObjectDisposedException Disposed() => new(GetType().Name, $"{Describe} was disposed during the call.");
}
