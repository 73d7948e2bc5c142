using Batchivo.Plugins;
using System.IO.Ports;
using System.Text;
using BenchmarkDotNet.Attributes;
using Batchivo.Devices;
using Batchivo.Scales.Serial;

namespace Batchivo.Benchmarks.Scales;

/// <summary>
/// A stable MT-SICS read (<c>S</c> CR LF, answered <c>S S     100.00 g</c> CR LF) over a real pseudo-terminal set to
/// 9600 baud, 8N1, against the same bytes exchanged raw through the same kind of pseudo-terminal.
/// </summary>
/// <remarks>
/// <para>On a real wire the exchange needs (3 + 18) bytes x 10 bits / 9600 baud = 21.875 ms. A pseudo-terminal does
/// not pace bytes at the baud rate, so that figure is computed, not measured; what is measured is the driver's own
/// cost on top of the transfer:</para>
/// <list type="bullet">
/// <item><c>RawPtyExchange</c> (baseline): write the request and read the reply on a plain stream over the slave.</item>
/// <item><c>SerialPortExchange</c>: the same through <c>System.IO.Ports.SerialPort</c>, without the driver.</item>
/// <item><c>MtSicsReadStable</c>: <c>IScale.ReadStableAsync</c> of the <c>mt-sics</c> driver.</item>
/// </list>
/// <para>Overhead = median(MtSicsReadStable) - median(RawPtyExchange); target under 2 ms. Each benchmark runs in its
/// own process with its own pseudo-terminal and responder thread.</para>
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 5, iterationCount: 20)]
public class SerialScaleBenchmarks : IDisposable
{
    /// <summary>The bytes on the wire for one stable read: request and reply.</summary>
    public const int WireBytes = 3 + 18;

    private static readonly byte[] Request = Encoding.ASCII.GetBytes("S\r\n");
    private readonly byte[] _reply = new byte[64];
    private SerialScalePseudoTerminal? _pty;
    private SerialPort? _port;
    private IScale? _scale;

    /// <summary>The time the exchange needs on a 9600-baud wire (10 bits a byte with start and stop bits).</summary>
    public static TimeSpan WireTime { get; } = TimeSpan.FromSeconds(WireBytes * 10 / 9600.0);

    [GlobalSetup(Target = nameof(RawPtyExchange))]
    public void SetupRaw()
    {
        _pty = new SerialScalePseudoTerminal();
        _ = RawPtyExchange();
    }

    [GlobalSetup(Target = nameof(SerialPortExchange))]
    public void SetupSerialPort()
    {
        _pty = new SerialScalePseudoTerminal();
        _port = new SerialPort(_pty.SlaveName, 9600, Parity.None, 8, StopBits.One) { Handshake = Handshake.None };
        _port.Open();
        _ = SerialPortExchange().GetAwaiter().GetResult();
    }

    [GlobalSetup(Target = nameof(MtSicsReadStable))]
    public void SetupDriver()
    {
        _pty = new SerialScalePseudoTerminal();
        _scale = SerialScales.Create(
            new ScaleSettings("bench", "mt-sics", PluginSettings.Of(new Dictionary<string, string?> { ["Port"] = _pty.SlaveName, ["BaudRate"] = "9600" })),
            TimeProvider.System);
        // Opens the port and asks the identity (I2, I4) once, outside the measurement.
        _ = MtSicsReadStable().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _scale?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _port?.Dispose();
        _pty?.Dispose();
        (_scale, _port, _pty) = (null, null, null);
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public int RawPtyExchange()
    {
        var slave = _pty!.Slave;
        slave.Write(Request);
        var count = 0;
        while (count == 0 || _reply[count - 1] != '\n')
        {
            count += slave.Read(_reply, count, _reply.Length - count);
        }

        return count;
    }

    [Benchmark]
    public async Task<int> SerialPortExchange()
    {
        var stream = _port!.BaseStream;
        await stream.WriteAsync(Request);
        var count = 0;
        while (count == 0 || _reply[count - 1] != '\n')
        {
            count += await stream.ReadAsync(_reply.AsMemory(count));
        }

        return count;
    }

    [Benchmark]
    public async Task<decimal> MtSicsReadStable()
    {
        var reading = await _scale!.ReadStableAsync(TimeSpan.FromSeconds(2));
        return reading.IsStable ? reading.Value : throw new InvalidOperationException("The responder answered an unstable weight.");
    }
}
