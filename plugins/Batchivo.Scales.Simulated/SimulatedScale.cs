using Batchivo.Devices;

namespace Batchivo.Scales.Simulated;

/// <summary>
/// A scale that plays a script (<see cref="SimulatedScaleOptions.Steps"/>): each load is unstable until it has
/// settled, then read once as stable before the script moves on; fault steps fail one read; the last step repeats.
/// </summary>
/// <remarks>
/// Thread-safe; calls are serialized. Time comes from the given <see cref="TimeProvider"/>, so tests can drive it with
/// a fake clock. <see cref="Play"/> replaces the script while the scale is in use (a test's "device side").
/// Tare and zero work as on a bench scale: tare subtracts the load in place, zero makes the load in place the new zero
/// and clears the tare.
/// </remarks>
public sealed class SimulatedScale : IScale
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private SimulatedScaleOptions _options;
    private Random _random;
    private int _index;
    private DateTimeOffset _since;
    private decimal _zero;
    private decimal _tare;
    private bool _unplugged;

    /// <summary>Creates the scale.</summary>
    /// <param name="name">The scale's name in the host.</param>
    /// <param name="options">The script.</param>
    /// <param name="time">The clock.</param>
    public SimulatedScale(string name, SimulatedScaleOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = Checked(options);
        _time = time;
        _random = new Random(options.Seed);
        _since = time.GetUtcNow();
        Identity = new ScaleIdentity("simulated", "Batchivo simulated scale", "SIM-0001", name);
    }

    /// <inheritdoc />
    public ScaleIdentity Identity { get; }

    /// <inheritdoc />
    /// <value><see cref="ScaleCapabilities.Tare"/> and <see cref="ScaleCapabilities.Zero"/>.</value>
    public ScaleCapabilities Capabilities => ScaleCapabilities.Tare | ScaleCapabilities.Zero;

    /// <summary>Replaces the script from its first step, as if a new load were put on the scale; tare and zero are kept.</summary>
    /// <param name="options">The new script.</param>
    public void Play(SimulatedScaleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            _options = Checked(options);
            _random = new Random(options.Seed);
            _index = 0;
            _since = _time.GetUtcNow();
            _unplugged = false;
        }
    }

    /// <inheritdoc />
    public async Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TimeSpan silence;
        lock (_gate)
        {
            ThrowIfUnavailable();
            var step = _options.Steps[_index];
            if (_options.Fault == SimulatedFault.NoReply)
            {
                silence = _options.ReplyTimeout;
            }
            else if (step.Fault == SimulatedFault.None)
            {
                return Read(step);
            }
            else
            {
                Advance();
                silence = step.Fault == SimulatedFault.NoReply ? _options.ReplyTimeout : throw Fault(step.Fault);
            }
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        try
        {
            await Task.Delay(silence, _time, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(SimulatedScale), $"Scale {Identity.Port} was disposed while a read waited for it.");
        }

        throw new ScaleException(ScaleFault.NoReply, $"Scale {Identity.Port} did not answer within {silence.TotalSeconds:0.#} s. Check that it is switched on and connected.");
    }

    /// <inheritdoc />
    public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        this.ReadUntilStableAsync(timeout, TimeSpan.FromMilliseconds(50), _time, progress: null, _ => new ScaleException(ScaleFault.NotStable, $"Scale {Identity.Port} did not settle within {timeout.TotalSeconds:0.#} s. Keep the spool still and away from drafts, then weigh again."), cancellationToken);

    /// <inheritdoc />
    public Task TareAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfUnavailable();
            _tare = Gross() - _zero;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ZeroAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfUnavailable();
            _zero = Gross();
            _tare = 0m;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
        }

        return ValueTask.CompletedTask;
    }

    private static SimulatedScaleOptions Checked(SimulatedScaleOptions options) =>
        options.Steps.Count > 0
            ? options
            : throw new ScaleException(ScaleFault.DeviceError, "The simulated scale needs at least one step in its script (Readings).");

    private ScaleReading Read(SimulatedStep step)
    {
        var now = _time.GetUtcNow();
        var settled = _options.Fault != SimulatedFault.NeverStable && now - _since >= _options.SettleTime;
        var grams = step.Grams - _zero - _tare;
        if (!settled && _options.Noise > 0m)
        {
            grams += ((decimal)_random.NextDouble() * 2m - 1m) * _options.Noise;
        }

        var reading = new ScaleReading(WeightUnits.FromGrams(grams, _options.Unit), _options.Unit, settled, now);
        if (settled)
        {
            Advance();
        }

        return reading;
    }

    private void Advance()
    {
        if (_options.Steps[_index].Fault == SimulatedFault.Disconnected)
        {
            _unplugged = true;
        }

        if (_index < _options.Steps.Count - 1)
        {
            _index++;
            _since = _time.GetUtcNow();
        }
    }

    // The load in place, for tare and zero: the current step's, or the last load before a fault step.
    private decimal Gross()
    {
        for (var i = _index; i >= 0; i--)
        {
            if (_options.Steps[i].Fault == SimulatedFault.None)
            {
                return _options.Steps[i].Grams;
            }
        }

        return 0m;
    }

    private void ThrowIfUnavailable()
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (_unplugged || _options.Fault == SimulatedFault.Disconnected)
        {
            throw Fault(SimulatedFault.Disconnected);
        }

        if (_options.Fault is SimulatedFault.Overload or SimulatedFault.Underload)
        {
            throw Fault(_options.Fault);
        }
    }

    private ScaleException Fault(SimulatedFault fault) => fault switch
    {
        SimulatedFault.Overload => new(ScaleFault.Overload, $"Scale {Identity.Port} is overloaded. Take the load off; a spool must be within the scale's range."),
        SimulatedFault.Underload => new(ScaleFault.Underload, $"Scale {Identity.Port} reads below zero. Empty the pan and zero the scale."),
        _ => new(ScaleFault.Disconnected, $"Scale {Identity.Port} is disconnected. Plug it in and try again."),
    };
}
