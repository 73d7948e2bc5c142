using Batchivo.Devices;

namespace Batchivo.Scales.HidPos;

/// <summary>
/// A USB HID point-of-sale scale (Dymo M10/M25 and alike) read from a Linux hidraw device file. Some scales send a
/// report several times a second, many only when the weight changes: a read returns the first report that arrives
/// within <see cref="HidPosScaleOptions.FreshReportWait"/>, else the last report the scale sent since the file was
/// opened, if it is at most <see cref="HidPosScaleOptions.MaxReportAge"/> old. A reading's <see cref="ScaleReading.At"/>
/// is when its report came, so its age is now minus <c>At</c>.
/// </summary>
/// <remarks>
/// Thread-safe. The device file is opened on the first read and read on a background thread until the scale is
/// disposed or the device goes away; after that, the next read opens it again (a scale plugged back in works without
/// a restart). The first report after opening can be stale and is skipped (<see cref="HidPosScaleOptions.SkipFirstReport"/>),
/// and never answered from. Tare and zero are the scale's own buttons: <see cref="TareAsync"/> and
/// <see cref="ZeroAsync"/> fail with <see cref="ScaleFault.NotSupported"/>.
/// </remarks>
public sealed class HidPosScale : IScale
{
    private readonly HidPosScaleOptions _options;
    private readonly TimeProvider _time;
    private readonly string _name;
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource<Received>> _waiters = [];
    private HidrawReader? _reader;
    private Received? _last;
    private bool _skipNext;
    private bool _disposed;

    /// <summary>Creates the scale; the device file is opened on the first read.</summary>
    /// <param name="name">The scale's name in the host.</param>
    /// <param name="options">The device file and timeouts.</param>
    /// <param name="time">The clock.</param>
    /// <exception cref="ScaleException">No device file is set (<see cref="ScaleFault.DeviceError"/>).</exception>
    public HidPosScale(string name, HidPosScaleOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrWhiteSpace(options.DevicePath))
        {
            throw new ScaleException(ScaleFault.DeviceError, $"Scale {name} (hid-pos) needs the setting Device, e.g. /dev/hidraw0.");
        }

        _name = name;
        _options = options;
        _time = time;
        var (model, serial) = SysfsIdentity(options.DevicePath);
        Identity = new ScaleIdentity(HidPosScalePlugin.DriverName, model, serial, options.DevicePath);
    }

    /// <inheritdoc />
    public ScaleIdentity Identity { get; }

    /// <inheritdoc />
    /// <value><see cref="ScaleCapabilities.None"/>: HID POS scales tare and zero with their own buttons.</value>
    public ScaleCapabilities Capabilities => ScaleCapabilities.None;

    /// <inheritdoc />
    /// <exception cref="ScaleException">The report is a fault, the device sent nothing usable within <see cref="HidPosScaleOptions.ReadTimeout"/> (<see cref="ScaleFault.NoReply"/>), or it is gone (<see cref="ScaleFault.Disconnected"/>).</exception>
    public async Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default)
    {
        var received = await ReceiveAsync(_options.MaxReportAge > TimeSpan.Zero, _options.ReadTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw Silent();
        return received.Report.ToReading(received.At, _name);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Only a new report can settle a moving weight: after the first reading, each read waits for the next report
    /// until the deadline, each wait bounded by <see cref="HidPosScaleOptions.ReadTimeout"/>. A scale that sends
    /// nothing for that long while it reports continuously is silent (<see cref="ScaleFault.NoReply"/>); one that
    /// reports only on change may stay quiet in motion, so it is waited for until the deadline.
    /// </remarks>
    public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return ScaleReads.PollUntilStableAsync(NextAsync, timeout, TimeSpan.Zero, _time, progress: null, _ => NotStable(timeout), cancellationToken);

        async Task<ScaleReading?> NextAsync(TimeSpan remaining, ScaleReading? last, CancellationToken ct)
        {
            if (last is null)
            {
                return await ReadAsync(ct).ConfigureAwait(false);
            }

            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            var wait = remaining < _options.ReadTimeout ? remaining : _options.ReadTimeout;
            var received = await ReceiveAsync(fallBackToLast: false, wait, ct).ConfigureAwait(false);
            return received is { } r ? r.Report.ToReading(r.At, _name)
                : wait < _options.ReadTimeout || _options.MaxReportAge > TimeSpan.Zero ? null
                : throw Silent();
        }
    }

    /// <inheritdoc />
    public Task TareAsync(CancellationToken cancellationToken = default) =>
        Task.FromException(new ScaleException(ScaleFault.NotSupported, $"Scale {_name} (hid-pos) cannot be tared from the computer. Use its own tare button, or weigh the spool gross: Batchivo subtracts the spool's tare."));

    /// <inheritdoc />
    public Task ZeroAsync(CancellationToken cancellationToken = default) =>
        Task.FromException(new ScaleException(ScaleFault.NotSupported, $"Scale {_name} (hid-pos) cannot be zeroed from the computer. Empty the pan and press its zero button."));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        HidrawReader? reader;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            reader = _reader;
            _reader = null;
            Fail(new ObjectDisposedException(nameof(HidPosScale), $"Scale {_name} was disposed while a read waited for it."));
        }

        if (reader is not null)
        {
            reader.Stop();
            // The reader ends within one poll; waiting for it blocks no thread. A reader stuck in the kernel is a
            // background thread that closes its descriptor when it returns: disposal does not wait for it past 2 s.
            await Task.WhenAny(reader.Ended, Task.Delay(TimeSpan.FromSeconds(2), _time)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The next report within <paramref name="timeout"/>; with <paramref name="fallBackToLast"/>, the last one received
    /// when none came within <see cref="HidPosScaleOptions.FreshReportWait"/> (and it is young enough). Null when nothing
    /// came in time.
    /// </summary>
    private async Task<Received?> ReceiveAsync(bool fallBackToLast, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new TaskCompletionSource<Received>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureOpen();
            _waiters.Add(waiter);
        }

        try
        {
            var fresh = fallBackToLast && _options.FreshReportWait < timeout ? _options.FreshReportWait : timeout;
            try
            {
                return await waiter.Task.WaitAsync(fresh, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (fresh < timeout)
            {
                lock (_gate)
                {
                    if (_last is { } last && _time.GetUtcNow() - last.At <= _options.MaxReportAge)
                    {
                        return last;
                    }
                }
            }

            return await waiter.Task.WaitAsync(timeout - fresh, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private ScaleException Silent() =>
        new(ScaleFault.NoReply, $"Scale {_name} (hid-pos) sent nothing for {_options.ReadTimeout.TotalSeconds:0.#} s on {_options.DevicePath}. Check that it is switched on (many switch off by themselves) and plugged in.");

    private ScaleException NotStable(TimeSpan timeout) =>
        new(ScaleFault.NotStable, $"Scale {_name} (hid-pos) did not settle within {timeout.TotalSeconds:0.#} s. Keep the spool still and away from drafts, then weigh again.");

    private void EnsureOpen()
    {
        if (_reader is not null)
        {
            return;
        }

        var reader = HidrawReader.Open(_options.DevicePath, _name, OnReports, OnLost);
        _reader = reader;
        _last = null;
        _skipNext = _options.SkipFirstReport;
        reader.Start();
    }

    private void OnReports(HidrawReader reader, IReadOnlyList<HidScaleReport> reports)
    {
        var at = _time.GetUtcNow();
        lock (_gate)
        {
            if (!ReferenceEquals(reader, _reader))
            {
                return;
            }

            var count = reports.Count;
            if (_skipNext)
            {
                _skipNext = false;
                count--;
            }

            if (count <= 0)
            {
                return;
            }

            // The last report of a batch is the newest state of the scale.
            var received = new Received(reports[^1], at);
            _last = received;
            foreach (var waiter in _waiters)
            {
                waiter.TrySetResult(received);
            }

            _waiters.Clear();
        }
    }

    private void OnLost(HidrawReader reader, ScaleException error)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(reader, _reader))
            {
                return;
            }

            _reader = null;
            _last = null;
            Fail(error);
        }
    }

    private void Fail(Exception error)
    {
        foreach (var waiter in _waiters)
        {
            waiter.TrySetException(error);
        }

        _waiters.Clear();
    }

    // /sys/class/hidraw/hidrawN/device/uevent names the device (HID_NAME) and, for some, its serial (HID_UNIQ).
    private static (string? Model, string? Serial) SysfsIdentity(string devicePath)
    {
        var node = Path.GetFileName(devicePath);
        if (!node.StartsWith("hidraw", StringComparison.Ordinal))
        {
            return (null, null);
        }

        try
        {
            var lines = File.ReadAllLines(Path.Combine("/sys/class/hidraw", node, "device", "uevent"));
            static string? Value(string[] lines, string key) =>
                lines.FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..] is { Length: > 0 } v ? v : null;
            return (Value(lines, "HID_NAME"), Value(lines, "HID_UNIQ"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    private readonly record struct Received(HidScaleReport Report, DateTimeOffset At);
}
