using System.IO.Ports;
using System.Text;
using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>A line as read: its text, or an overlong run of bytes without a line end that was dropped.</summary>
internal readonly record struct LineRead(string Text, bool Overlong);

/// <summary>
/// An open serial port, read line by line. Every read and write takes a token that the caller bounds with its
/// timeout; a port that fails or vanishes becomes a <see cref="ScaleFault.Disconnected"/> fault.
/// </summary>
/// <remarks>Not thread-safe: the scale serializes its calls.</remarks>
internal sealed class SerialLink : IDisposable
{
    private const int MaxLine = 256;
    private readonly SerialPort _port;
    private readonly Stream _stream;
    private readonly string _describe;
    private readonly byte _terminator;
    private readonly byte[] _buffer = new byte[MaxLine * 2];
    private int _start;
    private int _end;
    private bool _resync;

    // A read posted ahead of a command (PostRead), into _buffer[_pendingAt..]; see PostRead for why.
    private Task<int>? _pending;
    private int _pendingAt;
    private bool _discardedSincePost;

    private SerialLink(SerialPort port, string describe, string newLine)
    {
        _port = port;
        _stream = port.BaseStream;
        _describe = describe;
        _terminator = (byte)newLine[^1];
    }

    public static SerialLink Open(string describe, SerialScaleOptions options)
    {
        var port = new SerialPort(options.Port, options.BaudRate, options.Parity, options.DataBits, options.StopBits)
        {
            Handshake = Handshake.None,
            NewLine = options.NewLine,
            Encoding = Encoding.Latin1,
        };
        try
        {
            port.Open();
            return new SerialLink(port, describe, options.NewLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new ScaleException(
                ScaleFault.Disconnected,
                $"{describe} cannot open the serial port: {e.Message} Check that the scale is plugged in, the port name is right, and this user may use the port (on Linux, the dialout group).",
                e);
        }
    }

    /// <summary>Forgets what was received so far; with <paramref name="resync"/>, also drops the (possibly partial) line in flight.</summary>
    public void DiscardInput(bool resync)
    {
        if (_pending is { IsCompleted: true })
        {
            // It holds bytes that came before the discard: drop them with the rest (a failure shows on the next read).
            _pending = _pending.IsCompletedSuccessfully ? null : _pending;
        }

        _discardedSincePost = _pending is not null;
        _start = _end = 0;
        _resync = resync;
        try
        {
            _port.DiscardInBuffer();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            throw Lost(e);
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            throw Lost(e);
        }
    }

    /// <summary>Reads the next non-empty line, without its line end.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (the caller's timeout or cancellation).</exception>
    /// <exception cref="ScaleException">The port failed or vanished (<see cref="ScaleFault.Disconnected"/>).</exception>
    public async Task<LineRead> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var at = Array.IndexOf(_buffer, _terminator, _start, _end - _start);
            if (at >= 0)
            {
                var text = Encoding.Latin1.GetString(_buffer, _start, at - _start).Trim('\r', '\n');
                _start = at + 1;
                if (_resync)
                {
                    _resync = false;
                    continue;
                }

                if (text.Length > 0)
                {
                    return new LineRead(text, Overlong: false);
                }

                continue;
            }

            if (_end - _start >= MaxLine)
            {
                var junk = Encoding.Latin1.GetString(_buffer, _start, Math.Min(_end - _start, 32));
                _start = _end = 0;
                if (!_resync)
                {
                    return new LineRead(junk, Overlong: true);
                }

                continue;
            }

            PostRead();
            int read;
            try
            {
                read = await _pending!.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
            {
                _pending = null;
                throw Lost(e);
            }

            _pending = null;
            if (read == 0)
            {
                throw Lost(null);
            }

            if (_discardedSincePost)
            {
                // Input was discarded while the read waited: what it got is all there is, where it was read to.
                _start = _pendingAt;
                _discardedSincePost = false;
            }

            _end = _pendingAt + read;
        }
    }

    /// <summary>
    /// Posts a read into the free end of the buffer, unless one is pending. Called before a command is written:
    /// System.IO.Ports' I/O loop on Unix sleeps a millisecond between requests and polls only for what is queued, so
    /// a read queued before the write is served as soon as the reply arrives instead of a sleep later.
    /// </summary>
    public void PostRead()
    {
        if (_pending is not null)
        {
            return;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        _pendingAt = _end;
        _discardedSincePost = false;
        try
        {
            // Not cancellable on purpose: a cancelled call leaves it pending, and the next call takes its bytes.
            _pending = _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            throw Lost(e);
        }
    }

    /// <remarks>
    /// Closing a port first waits for its unsent bytes; a device unplugged with bytes still queued would make that wait
    /// endless. So the queue is dropped first (nothing sent after a close matters), and the close is not waited for
    /// past <see cref="CloseTimeout"/>: a port that still hangs is left to the system, the caller goes on.
    /// </remarks>
    public void Dispose()
    {
        try
        {
            if (_port.IsOpen)
            {
                _port.DiscardOutBuffer();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The port is already gone (unplugged): there is no queue left to drop.
        }

        var closing = Task.Run(() =>
        {
            try
            {
                _port.Dispose();
            }
            catch (IOException)
            {
                // The port is already gone (unplugged): nothing left to release.
            }
        });
        closing.Wait(CloseTimeout);
    }

    /// <summary>How long <see cref="Dispose"/> waits for the port to close.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private ScaleException Lost(Exception? cause) =>
        new(ScaleFault.Disconnected, $"{_describe} lost its serial port ({cause?.Message ?? "end of stream"}). Check the cable and that the scale is switched on; the next call opens the port again.", cause);
}
