using Batchivo.Devices;

namespace Batchivo.Scales.Simulated;

/// <summary>
/// A scale that plays a script: each <see cref="SimulatedScale.ReadAsync"/> moves to the next reading of
/// <see cref="SimulatedScaleOptions.Readings"/> once the current one has settled.
/// </summary>
/// <remarks>Thread-safe. Time comes from the given <see cref="TimeProvider"/>, so tests can drive it with a fake clock.</remarks>
public sealed class SimulatedScale : IScale
{
    private readonly SimulatedScaleOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private int _index;
    private DateTimeOffset _since;
    private decimal _tare;
    private bool _disposed;

    /// <summary>Creates the scale.</summary>
    /// <param name="name">The scale's name in the host.</param>
    /// <param name="options">The script.</param>
    /// <param name="time">The clock.</param>
    public SimulatedScale(string name, SimulatedScaleOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _random = new Random(options.Seed);
        _since = time.GetUtcNow();
        Identity = new ScaleIdentity("simulated", "Batchivo simulated scale", "SIM-0001", name);
    }

    /// <inheritdoc />
    public ScaleIdentity Identity { get; }

    /// <inheritdoc />
    public async Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        if (_options.Fault == SimulatedFault.NoReply)
        {
            await Task.Delay(_options.ReplyTimeout, _time, cancellationToken).ConfigureAwait(false);
            throw new ScaleException(ScaleFault.NoReply, $"Scale {Identity.Port} did not answer within {_options.ReplyTimeout.TotalSeconds:0.#} s. Check that it is switched on and connected.");
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var settled = _options.Fault != SimulatedFault.NeverStable && now - _since >= _options.SettleTime;
            var grams = _options.Readings[_index] - _tare;
            if (!settled && _options.Noise > 0m)
            {
                grams += ((decimal)_random.NextDouble() * 2m - 1m) * _options.Noise;
            }

            var reading = new ScaleReading(FromGrams(grams), _options.Unit, settled, now);
            if (settled && _index < _options.Readings.Count - 1)
            {
                _index++;
                _since = now;
            }

            return reading;
        }
    }

    /// <inheritdoc />
    public async Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            var reading = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reading.IsStable)
            {
                return reading;
            }

            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw new ScaleException(ScaleFault.NotStable, $"Scale {Identity.Port} did not settle within {timeout.TotalSeconds:0.#} s. Keep the spool still and away from drafts, then weigh again.");
            }

            await Task.Delay(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task TareAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        lock (_gate)
        {
            _tare = _options.Readings[_index];
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ZeroAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        lock (_gate)
        {
            _tare = 0m;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }

    private void ThrowIfFaulted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        switch (_options.Fault)
        {
            case SimulatedFault.Overload:
                throw new ScaleException(ScaleFault.Overload, $"Scale {Identity.Port} is overloaded. Take the load off; a spool must be within the scale's range.");
            case SimulatedFault.Underload:
                throw new ScaleException(ScaleFault.Underload, $"Scale {Identity.Port} reads below zero. Empty the pan and zero the scale.");
            case SimulatedFault.Disconnected:
                throw new ScaleException(ScaleFault.Disconnected, $"Scale {Identity.Port} is disconnected. Plug it in and try again.");
        }
    }

    private decimal FromGrams(decimal grams) => _options.Unit switch
    {
        WeightUnit.Gram => grams,
        WeightUnit.Kilogram => grams / 1000m,
        WeightUnit.Pound => grams / 453.59237m,
        _ => grams / 28.349523125m,
    };
}
