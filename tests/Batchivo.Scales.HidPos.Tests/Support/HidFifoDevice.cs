using System.Diagnostics;
using System.Runtime.InteropServices;
using Batchivo.Scales.HidPos;

namespace Batchivo.Scales.HidPos.Tests.Support;

/// <summary>
/// A HID POS scale on the other end of a real FIFO (mkfifo): it writes its current 6-byte report every 20 ms, the way
/// a USB scale keeps reporting through /dev/hidraw. Silent means connected but writing nothing; unplugged means the
/// write end is closed and the FIFO is gone, like the hidraw node of a scale pulled out.
/// </summary>
internal sealed partial class HidFifoDevice : IDisposable
{
    private const int OWrOnly = 1;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int EAgain = 11;
    private const nuint FionRead = 0x541B;
    private readonly string _directory;
    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private byte[]? _report;
    private int _fd = -1;
    private volatile bool _stop;
    private bool _unplugged;

    public HidFifoDevice()
    {
        _directory = Directory.CreateTempSubdirectory("batchivo-hid-").FullName;
        Path = System.IO.Path.Combine(_directory, "hidraw0");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", ["-m", "0600", Path]) { RedirectStandardError = true })!)
        {
            mkfifo.WaitForExit();
            if (mkfifo.ExitCode != 0)
            {
                throw new InvalidOperationException($"mkfifo failed: {mkfifo.StandardError.ReadToEnd()}");
            }
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "hid fifo device" };
        _thread.Start();
    }

    /// <summary>The FIFO the scale reads, in place of /dev/hidrawN.</summary>
    public string Path { get; }

    /// <summary>Reports written so far.</summary>
    public int Written { get; private set; }

    /// <summary>Sends <paramref name="report"/> from now on, and returns once the reader has taken it from the FIFO.</summary>
    public Task SendAsync(HidScaleReport report) => SendAsync(report.ToBytes());

    /// <summary>Sends raw bytes (garbage, partial reports) once, then keeps sending nothing.</summary>
    public Task SendOnceAsync(byte[] bytes)
    {
        lock (_gate)
        {
            _report = null;
            Write(bytes);
        }

        return DrainedAsync();
    }

    /// <summary>Sends these bytes as the report from now on.</summary>
    public Task SendAsync(byte[] report)
    {
        lock (_gate)
        {
            _report = report;
            Write(report);
        }

        return DrainedAsync();
    }

    /// <summary>Completes once the reader has opened the FIFO and the device is connected to it (bounded: 10 s).</summary>
    public async Task ConnectedAsync()
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            lock (_gate)
            {
                if (_fd >= 0)
                {
                    return;
                }
            }

            await Task.Delay(5);
        }

        throw new TimeoutException("No reader opened the FIFO within 10 s.");
    }

    /// <summary>Stays connected but sends nothing.</summary>
    public void GoSilent()
    {
        lock (_gate)
        {
            _report = null;
        }
    }

    /// <summary>Closes the write end and removes the FIFO.</summary>
    public void Unplug()
    {
        lock (_gate)
        {
            _unplugged = true;
            _report = null;
            CloseWriter();
        }

        File.Delete(Path);
    }

    public void Dispose()
    {
        _stop = true;
        Unplug();
        _thread.Join(TimeSpan.FromSeconds(2));
        Directory.Delete(_directory, recursive: true);
    }

    private void Run()
    {
        while (!_stop)
        {
            lock (_gate)
            {
                if (_fd < 0 && !_unplugged)
                {
                    // Without a reader a non-blocking open fails (ENXIO): try again on the next tick.
                    _fd = Open(Path, OWrOnly | ONonBlock | OCloExec);
                }

                if (_report is not null)
                {
                    Write(_report);
                }
            }

            Thread.Sleep(20);
        }
    }

    private void Write(byte[] bytes)
    {
        if (_fd < 0)
        {
            return;
        }

        var written = WriteBytes(_fd, bytes, (nint)bytes.Length);
        if (written == bytes.Length)
        {
            Written++;
        }
        else if (written < 0 && Marshal.GetLastPInvokeError() != EAgain)
        {
            // EPIPE: the reader closed; reconnect when it opens again.
            CloseWriter();
        }
    }

    private void CloseWriter()
    {
        if (_fd >= 0)
        {
            _ = Close(_fd);
            _fd = -1;
        }
    }

    private async Task DrainedAsync()
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            lock (_gate)
            {
                if (_fd < 0 || (Ioctl(_fd, FionRead, out var pending) == 0 && pending == 0))
                {
                    return;
                }
            }

            await Task.Delay(5);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteBytes(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, out int value);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
