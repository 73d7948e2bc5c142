using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Batchivo.Benchmarks.Scales;

/// <summary>
/// A pseudo-terminal pair from libc's <c>openpty</c> with an MT-SICS responder on the master: every <c>S</c> is
/// answered <c>S S     100.00 g</c>, identity commands with their data. The slave side is raw, and
/// <see cref="Slave"/> is a plain stream over it for the baseline.
/// </summary>
internal sealed partial class SerialScalePseudoTerminal : IDisposable
{
    public const string StableReply = "S S     100.00 g\r\n";
    private const short PollIn = 0x001;
    private readonly int _master;
    private readonly FileStream _masterStream;
    private readonly Thread _responder;
    private volatile bool _stop;

    public SerialScalePseudoTerminal()
    {
        if (openpty(out _master, out var slave, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
        {
            throw new InvalidOperationException($"openpty failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        var termios = new byte[256];
        if (tcgetattr(slave, termios) != 0)
        {
            throw new InvalidOperationException("tcgetattr failed.");
        }

        cfmakeraw(termios);
        if (tcsetattr(slave, 0, termios) != 0)
        {
            throw new InvalidOperationException("tcsetattr failed.");
        }

        SlaveName = new FileInfo($"/proc/self/fd/{slave}").LinkTarget ?? throw new InvalidOperationException("No slave name.");
        Slave = new FileStream(new SafeFileHandle(slave, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
        _masterStream = new FileStream(new SafeFileHandle(_master, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
        _responder = new Thread(Respond) { IsBackground = true, Name = "MT-SICS responder" };
        _responder.Start();
    }

    public string SlaveName { get; }

    /// <summary>The slave as a plain stream (no System.IO.Ports), for the baseline.</summary>
    public FileStream Slave { get; }

    public void Dispose()
    {
        _stop = true;
        _responder.Join(TimeSpan.FromSeconds(2));
        _masterStream.Dispose();
        Slave.Dispose();
    }

    private void Respond()
    {
        var buffer = new byte[256];
        var line = new StringBuilder();
        var fd = new PollFd { Fd = _master, Events = PollIn };
        while (!_stop)
        {
            fd.Revents = 0;
            if (poll(ref fd, 1, 50) <= 0 || (fd.Revents & PollIn) == 0)
            {
                continue;
            }

            var read = _masterStream.Read(buffer);
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != '\n')
                {
                    line.Append((char)buffer[i]);
                    continue;
                }

                var reply = line.ToString().TrimEnd('\r') switch
                {
                    "S" or "SI" => StableReply,
                    "I2" => "I2 A \"Bench 220.0090 g\"\r\n",
                    "I4" => "I4 A \"B000000001\"\r\n",
                    _ => "ES\r\n",
                };
                line.Clear();
                _masterStream.Write(Encoding.ASCII.GetBytes(reply));
            }
        }
    }

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int openpty(out int master, out int slave, IntPtr name, IntPtr termp, IntPtr winp);

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int tcgetattr(int fd, byte[] termios);

    [DllImport("libc.so.6")]
    private static extern void cfmakeraw(byte[] termios);

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int poll(ref PollFd fds, nuint count, int timeout);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
