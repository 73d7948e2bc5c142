using Batchivo;
using Batchivo.Devices;

namespace Acme.Plugin;

/// <summary>What the device says in answer to one weight request.</summary>
/// <param name="Value">The weight, in <paramref name="Unit"/>.</param>
/// <param name="Unit">The unit the device shows.</param>
/// <param name="Stable">Whether the load has settled.</param>
/// <param name="Status">Overload and underload are faults, not weights.</param>
public sealed record AcmePluginFrame(decimal Value, WeightUnit Unit, bool Stable, AcmePluginStatus Status = AcmePluginStatus.Ok);

/// <summary>The device's status.</summary>
public enum AcmePluginStatus
{
    /// <summary>A weight.</summary>
    Ok,

    /// <summary>Above the range.</summary>
    Overload,

    /// <summary>Below zero, below the range.</summary>
    Underload,
}

/// <summary>
/// The connection to the device: a serial port, a USB HID report, a socket. Replace <see cref="AcmePluginFileLink"/>
/// with your device's; the tests give the driver an emulated device through this interface.
/// </summary>
public interface IAcmePluginLink
{
    /// <summary>Asks the device for its weight and waits for the answer (until <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The device's answer.</returns>
    /// <exception cref="IOException">The device is gone (unplugged, port closed).</exception>
    Task<AcmePluginFrame> RequestAsync(CancellationToken cancellationToken);
}

/// <summary>The scale driver: reads, stable reads, typed faults; no tare or zero.</summary>
public sealed class AcmePluginScale : IScale
{
    private readonly string _name;
    private readonly IAcmePluginLink _link;
    private readonly TimeSpan _replyTimeout;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposed = new();

    /// <summary>Creates the driver over a link to the device.</summary>
    /// <param name="name">The scale's name in the host's configuration.</param>
    /// <param name="link">The connection to the device.</param>
    /// <param name="replyTimeout">How long one read waits for the device.</param>
    /// <param name="time">The clock readings are stamped with.</param>
    public AcmePluginScale(string name, IAcmePluginLink link, TimeSpan replyTimeout, TimeProvider time)
    {
        _name = name;
        _link = link;
        _replyTimeout = replyTimeout;
        _time = time;
    }

    /// <inheritdoc />
    public ScaleIdentity Identity => new(AcmePluginPlugin.Driver, "Acme.Plugin scale", null, _name);

    /// <inheritdoc />
    public async Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        cancellationToken.ThrowIfCancellationRequested();
        using var reply = new CancellationTokenSource(_replyTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, reply.Token, _disposed.Token);
        AcmePluginFrame frame;
        try
        {
            frame = await _link.RequestAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _disposed.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(AcmePluginScale), $"Scale {_name} was disposed during the read.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ScaleException(ScaleFault.NoReply, $"Scale {_name} ({AcmePluginPlugin.Driver}) did not answer within {_replyTimeout.TotalSeconds:0.#} s. Check that it is switched on and connected.");
        }
        catch (IOException e)
        {
            throw new ScaleException(ScaleFault.Disconnected, $"Scale {_name} ({AcmePluginPlugin.Driver}) is disconnected: {e.Message} Plug it in again.", e);
        }

        return frame.Status switch
        {
            AcmePluginStatus.Overload => throw new ScaleException(ScaleFault.Overload, $"Scale {_name} is overloaded. Take the load off."),
            AcmePluginStatus.Underload => throw new ScaleException(ScaleFault.Underload, $"Scale {_name} reads below zero. Put the pan back or zero the scale."),
            _ => new ScaleReading(frame.Value, frame.Unit, frame.Stable, _time.GetUtcNow()),
        };
    }

    /// <inheritdoc />
    public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        this.ReadUntilStableAsync(
            timeout,
            TimeSpan.FromMilliseconds(50),
            _time,
            progress: null,
            last => new ScaleException(ScaleFault.NotStable, $"Scale {_name} did not settle within {timeout.TotalSeconds:0.#} s{(last is null ? "" : $" (last: {last.Value} {last.Unit})")}. Keep the load still."),
            cancellationToken);

    /// <inheritdoc />
    public Task TareAsync(CancellationToken cancellationToken = default) =>
        Task.FromException(new ScaleException(ScaleFault.NotSupported, $"Scale {_name} ({AcmePluginPlugin.Driver}) cannot tare. Weigh the container and subtract it."));

    /// <inheritdoc />
    public Task ZeroAsync(CancellationToken cancellationToken = default) =>
        Task.FromException(new ScaleException(ScaleFault.NotSupported, $"Scale {_name} ({AcmePluginPlugin.Driver}) cannot zero. Zero it on the device."));

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A link to a device that writes its current frame to a file, one line: <c>S 850.5 g</c> (stable), <c>D 850.5 g</c>
/// (in motion), <c>OL</c> or <c>UL</c>. An empty file is a device that has not answered yet.
/// </summary>
/// <param name="path">The file.</param>
public sealed class AcmePluginFileLink(string path) : IAcmePluginLink
{
    /// <inheritdoc />
    public async Task<AcmePluginFrame> RequestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!File.Exists(path))
            {
                throw new IOException($"{path} does not exist.");
            }

            var line = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
            if (Parse(line) is { } frame)
            {
                return frame;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    private static AcmePluginFrame? Parse(string line)
    {
        if (line == "OL")
        {
            return new AcmePluginFrame(0m, WeightUnit.Gram, false, AcmePluginStatus.Overload);
        }

        if (line == "UL")
        {
            return new AcmePluginFrame(0m, WeightUnit.Gram, false, AcmePluginStatus.Underload);
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0] is not ("S" or "D") || !decimal.TryParse(parts[1], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        WeightUnit? unit = parts[2] switch { "g" => WeightUnit.Gram, "kg" => WeightUnit.Kilogram, "lb" => WeightUnit.Pound, "oz" => WeightUnit.Ounce, _ => null };
        return unit is { } known ? new AcmePluginFrame(value, known, parts[0] == "S") : null;
    }
}
