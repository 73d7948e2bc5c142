using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Batchivo.Scales.Serial.Tests.Support;

/// <summary>
/// A real pseudo-terminal pair from libc's <c>openpty</c>: the driver opens <see cref="SlaveName"/> with
/// <c>System.IO.Ports.SerialPort</c>, a device emulator reads and writes <see cref="Master"/>. Closing the master is
/// unplugging the device.
/// </summary>
internal sealed unsafe partial class PseudoTerminal : IDisposable
{
    private const short PollIn = 0x001;
    private readonly int _slave;
    private int _closed;

    private PseudoTerminal(int master, int slave, string slaveName)
    {
        _slave = slave;
        SlaveName = slaveName;
        Master = new FileStream(new SafeFileHandle(master, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
        MasterFd = master;
    }

    public string SlaveName { get; }

    public FileStream Master { get; }

    private int MasterFd { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public static PseudoTerminal Open()
    {
        int master, slave;
        if (OpenPty(&master, &slave, null, null, null) != 0)
        {
            throw new InvalidOperationException($"openpty failed (errno {Marshal.GetLastPInvokeError()}): this machine cannot make a pseudo-terminal.");
        }

        // Raw: no echo, no line editing, no CR/LF translation, 8-bit clean; SerialPort sets its own line settings too.
        var termios = stackalloc byte[256];
        if (tcgetattr(slave, termios) != 0)
        {
            throw new InvalidOperationException($"tcgetattr failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        cfmakeraw(termios);
        if (tcsetattr(slave, 0, termios) != 0)
        {
            throw new InvalidOperationException($"tcsetattr failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        var name = new FileInfo($"/proc/self/fd/{slave}").LinkTarget ?? throw new InvalidOperationException("No name for the pseudo-terminal's slave.");
        return new PseudoTerminal(master, slave, name);
    }

    /// <summary>Waits until the master has bytes to read, at most <paramref name="milliseconds"/>.</summary>
    public bool WaitReadable(int milliseconds)
    {
        if (IsClosed)
        {
            return false;
        }

        var fd = new PollFd { Fd = MasterFd, Events = PollIn };
        return poll(&fd, 1, milliseconds) > 0 && (fd.Revents & PollIn) != 0;
    }

    /// <summary>Unplugs the device: closes the master, so the slave's reader sees a hang-up.</summary>
    public void CloseMaster()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Master.Dispose();
        }
    }

    public void Dispose()
    {
        CloseMaster();
        _ = close(_slave);
    }

    private static int OpenPty(int* master, int* slave, byte* name, void* termp, void* winp)
    {
        try
        {
            return openpty_libc(master, slave, name, termp, winp);
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.34 keeps openpty in libutil.
            return openpty_libutil(master, slave, name, termp, winp);
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "openpty", SetLastError = true)]
    private static partial int openpty_libc(int* master, int* slave, byte* name, void* termp, void* winp);

    [LibraryImport("libutil.so.1", EntryPoint = "openpty", SetLastError = true)]
    private static partial int openpty_libutil(int* master, int* slave, byte* name, void* termp, void* winp);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc.so.6")]
    private static partial void cfmakeraw(byte* termios);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
