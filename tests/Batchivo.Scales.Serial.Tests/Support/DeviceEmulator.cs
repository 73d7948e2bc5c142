using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Batchivo.Scales.Serial.Tests.Support;

/// <summary>What the emulated device does wrong.</summary>
public enum DeviceFault
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>Reports an overload.</summary>
    Overload,

    /// <summary>Reports an underload.</summary>
    Underload,

    /// <summary>Says nothing at all.</summary>
    Silent,

    /// <summary>Sends noise instead of frames.</summary>
    Garbage,

    /// <summary>Sends its protocol's error reply (<see cref="Script.ErrorReply"/> for MT-SICS).</summary>
    Error,

    /// <summary>Sends the start of a frame, then is unplugged (the master closes).</summary>
    Unplug,
}

/// <summary>What the emulated device weighs and how it behaves; swapped whole, so the emulator thread sees one consistent script.</summary>
public sealed record Script
{
    public decimal Value { get; init; } = 123.45m;

    public int Decimals { get; init; } = 2;

    public string Unit { get; init; } = "g";

    /// <summary>
    /// False: the weight moves until a script that settles is set. Tests that need a moving weight first and a settled
    /// one later set the new script when the emulator has seen what they wait for (<see cref="DeviceEmulator.WhenAsync"/>),
    /// never after a wall-clock delay.
    /// </summary>
    public bool Settles { get; init; } = true;

    public DeviceFault Fault { get; init; }

    /// <summary>MT-SICS error reply for <see cref="DeviceFault.Error"/>: ES, ET or EL.</summary>
    public string ErrorReply { get; init; } = "ES";

    /// <summary>MT-SICS and Kern: hold the answer to a stable-weight request until the weight settles (instead of S I).</summary>
    public bool HoldStableRequests { get; init; }

    /// <summary>A&amp;D frame layout.</summary>
    public AndLayout Layout { get; init; } = AndLayout.Header;

    /// <summary>Sartorius: the 22-character frame with an id.</summary>
    public bool WithId { get; init; }

    /// <summary>Sartorius: a line (an identity reply, say) sent before every frame.</summary>
    public string? Before { get; init; }

    /// <summary>Sartorius: a line sent instead of every frame (a status line, say).</summary>
    public string? Instead { get; init; }
}

/// <summary>
/// A scale on the master side of a pseudo-terminal: one thread per emulator reads the driver's bytes, answers commands,
/// and streams frames when the protocol streams. Every command it received is in <see cref="Received"/>, and tests
/// wait for what it saw or sent with <see cref="WhenAsync"/> (woken by each event, bounded only as a failure limit).
/// Disposal waits for its thread to end before the pseudo-terminal is closed, so no read outlives its descriptor.
/// </summary>
internal abstract class DeviceEmulator : IDisposable, IAsyncDisposable
{
    /// <summary>How long a test waits for the emulator before it calls it broken: a failure bound, not a timing.</summary>
    private static readonly TimeSpan FailureBound = TimeSpan.FromSeconds(60);

    private readonly Thread _thread;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stop;
    private volatile bool _unplug;
    private Script _script = new();
    private TaskCompletionSource _event = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _moving;
    private int _sent;

    protected DeviceEmulator(PseudoTerminal pty)
    {
        Pty = pty;
        _thread = new Thread(Loop) { IsBackground = true, Name = GetType().Name };
        _thread.Start();
    }

    public PseudoTerminal Pty { get; }

    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>How many lines (frames, replies) the emulator has sent.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>The weight the tare and zero commands took off.</summary>
    protected decimal Offset { get; set; }

    public Script Script
    {
        get => Volatile.Read(ref _script);
        set => Volatile.Write(ref _script, value);
    }

    /// <summary>Completes once <paramref name="condition"/> holds, checked after each command received and each line sent.</summary>
    public async Task WhenAsync(Func<DeviceEmulator, bool> condition, string what)
    {
        var bound = Stopwatch.StartNew();
        while (true)
        {
            var next = Volatile.Read(ref _event).Task;
            if (condition(this))
            {
                return;
            }

            if (_ended.Task.IsCompleted)
            {
                throw new InvalidOperationException($"The emulator ended before {what}.");
            }

            try
            {
                await next.WaitAsync(FailureBound - bound.Elapsed);
            }
            catch (Exception e) when (e is TimeoutException or ArgumentOutOfRangeException)
            {
                throw new TimeoutException($"The emulator did not see {what} within {FailureBound.TotalSeconds} s.");
            }
        }
    }

    /// <summary>Completes once the emulator has received <paramref name="command"/> at least <paramref name="times"/> times.</summary>
    public Task ReceivedAsync(string command, int times = 1) =>
        WhenAsync(d => d.Received.Count(c => c == command) >= times, $"'{command}' {times} times");

    protected static bool IsStableNow(Script s) => s.Settles;

    /// <summary>The displayed value: moving by a few digits until it settles.</summary>
    protected decimal ValueNow(Script s, bool stable) =>
        stable ? s.Value - Offset : s.Value - Offset + (++_moving % 7) * (decimal)Math.Pow(10, -s.Decimals);

    /// <summary>Unplugs the device now. The emulator's own thread closes the master, so no read races the close.</summary>
    public Task UnplugAsync()
    {
        _unplug = true;
        return _ended.Task.WaitAsync(FailureBound);
    }

    public async ValueTask DisposeAsync()
    {
        _stop = true;
        await _ended.Task.WaitAsync(FailureBound);
        Pty.Dispose();
    }

    public void Dispose()
    {
        _stop = true;
        // The thread ends within one poll (10 ms); the bound only catches a broken emulator.
        if (!_thread.Join(FailureBound))
        {
            throw new TimeoutException($"{GetType().Name} did not stop within {FailureBound.TotalSeconds} s.");
        }

        Pty.Dispose();
    }

    protected abstract void OnByte(byte b);

    /// <summary>Called every few milliseconds: streaming, and answering held requests.</summary>
    protected virtual void OnTick()
    {
    }

    protected void Send(string text)
    {
        if (Pty.IsClosed)
        {
            return;
        }

        try
        {
            Pty.Master.Write(Encoding.Latin1.GetBytes(text));
            Interlocked.Increment(ref _sent);
            Pulse();
        }
        catch (IOException)
        {
            // The driver closed its side; a real device would talk into the void too.
        }
    }

    protected void Receive(string command)
    {
        Received.Enqueue(command);
        Pulse();
    }

    /// <summary>Sends the protocol's noise.</summary>
    protected void SendGarbage() => Send("\u0000\u00ff#%&?!\u0007~~garbage~~\r\n@@\r\n");

    /// <summary>Sends the start of a frame and unplugs: the partial frame is written before the master closes.</summary>
    protected void Unplug(string partial)
    {
        Send(partial);
        Pty.CloseMaster();
    }

    private void Pulse() => Interlocked.Exchange(ref _event, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void Loop()
    {
        try
        {
            var buffer = new byte[256];
            while (!_stop && !Pty.IsClosed)
            {
                if (_unplug)
                {
                    Pty.CloseMaster();
                    break;
                }

                if (Pty.WaitReadable(10))
                {
                    int read;
                    try
                    {
                        read = Pty.Master.Read(buffer);
                    }
                    catch (Exception e) when (e is IOException or ObjectDisposedException)
                    {
                        continue;
                    }

                    for (var i = 0; i < read && !Pty.IsClosed; i++)
                    {
                        OnByte(buffer[i]);
                    }
                }

                if (!Pty.IsClosed)
                {
                    OnTick();
                }
            }
        }
        finally
        {
            _ended.TrySetResult();
            Pulse();
        }
    }
}
