using System.Globalization;
using System.Runtime.InteropServices;
using Batchivo.Devices;

namespace Batchivo.Scales.HidPos;

/// <summary>
/// Reads a hidraw file (or a FIFO or file carrying the same bytes) on a thread of its own: a non-blocking descriptor,
/// polled every 100 ms so that stopping never waits on a read. It owns the descriptor and closes it when it ends.
/// </summary>
internal sealed unsafe class HidrawReader
{
    private const int PollMilliseconds = 100;
    private readonly int _fd;
    private readonly string _path;
    private readonly string _scale;
    private readonly Action<HidrawReader, IReadOnlyList<HidScaleReport>> _onReports;
    private readonly Action<HidrawReader, ScaleException> _onLost;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stop;

    private HidrawReader(int fd, string path, string scale, Action<HidrawReader, IReadOnlyList<HidScaleReport>> onReports, Action<HidrawReader, ScaleException> onLost)
    {
        _fd = fd;
        _path = path;
        _scale = scale;
        _onReports = onReports;
        _onLost = onLost;
        _thread = new Thread(Run) { IsBackground = true, Name = "hid-pos " + path };
    }

    /// <summary>Opens the file; call <see cref="Start"/> to begin reading.</summary>
    public static HidrawReader Open(string path, string scale, Action<HidrawReader, IReadOnlyList<HidScaleReport>> onReports, Action<HidrawReader, ScaleException> onLost)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new ScaleException(ScaleFault.NotSupported, $"Scale {scale} (hid-pos) reads a Linux hidraw file; this system is not Linux. Use a serial scale driver, or run the host on Linux.");
        }

        var fd = Libc.Open(path, Libc.ORdOnly | Libc.ONonBlock | Libc.OCloExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                Libc.EAccess or Libc.EPerm => new ScaleException(ScaleFault.DeviceError, $"Scale {scale} (hid-pos): no permission to read {path}. Give your user access to it with a udev rule, e.g. SUBSYSTEM==\"hidraw\", ATTRS{{idVendor}}==\"0922\", MODE=\"0660\", GROUP=\"plugdev\", then plug the scale in again."),
                Libc.ENoEnt or Libc.ENoDev or Libc.ENxio => new ScaleException(ScaleFault.Disconnected, $"Scale {scale} (hid-pos): {path} does not exist. Plug the scale in and switch it on, and check the Device setting (`ls /dev/hidraw*`)."),
                _ => new ScaleException(ScaleFault.Disconnected, $"Scale {scale} (hid-pos): {path} cannot be opened (errno {errno.ToString(CultureInfo.InvariantCulture)}: {Marshal.GetPInvokeErrorMessage(errno)}). Check the device and the Device setting."),
            };
        }

        return new HidrawReader(fd, path, scale, onReports, onLost);
    }

    public void Start() => _thread.Start();

    public void Stop() => _stop = true;

    /// <summary>Completes when the thread has ended and closed the descriptor (within one poll of <see cref="Stop"/>).</summary>
    public Task Ended => _ended.Task;

    private void Run()
    {
        var framer = new HidReportFramer();
        Span<byte> buffer = stackalloc byte[64];
        try
        {
            while (!_stop)
            {
                var poll = new Libc.PollFd { Fd = _fd, Events = Libc.PollIn };
                var ready = Libc.Poll(&poll, 1, PollMilliseconds);
                if (ready < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EIntr)
                    {
                        continue;
                    }

                    Lost(errno);
                    return;
                }

                if (ready == 0 || _stop)
                {
                    continue;
                }

                if ((poll.Revents & Libc.PollIn) != 0)
                {
                    nint count;
                    fixed (byte* p = buffer)
                    {
                        count = Libc.Read(_fd, p, (nuint)buffer.Length);
                    }

                    if (count > 0)
                    {
                        var reports = framer.Add(buffer[..(int)count]);
                        if (reports.Count > 0)
                        {
                            _onReports(this, reports);
                        }

                        continue;
                    }

                    if (count < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno is Libc.EAgain or Libc.EIntr)
                        {
                            continue;
                        }

                        Lost(errno);
                        return;
                    }

                    Lost(0);
                    return;
                }

                if ((poll.Revents & (Libc.PollHup | Libc.PollErr | Libc.PollNval)) != 0)
                {
                    Lost(0);
                    return;
                }
            }
        }
        finally
        {
            _ = Libc.Close(_fd);
            _ended.TrySetResult();
        }
    }

    private void Lost(int errno)
    {
        var why = errno == 0 ? "the device went away" : $"reading failed (errno {errno.ToString(CultureInfo.InvariantCulture)}: {Marshal.GetPInvokeErrorMessage(errno)})";
        _onLost(this, new ScaleException(ScaleFault.Disconnected, $"Scale {_scale} (hid-pos) is disconnected: {why} on {_path}. Plug the scale in, switch it on and weigh again."));
    }
}
