using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Batchivo.Printers.Emulators;

/// <summary>
/// A real Mosquitto broker (Debian's <c>mosquitto</c>) on a free loopback port, speaking MQTT over TLS with a server
/// certificate from a throwaway CA and one user (<c>bblp</c> with the access code), as a Bambu Lab printer's broker does.
/// It runs as a child process, stopped on <see cref="DisposeAsync"/> and when the test host exits.
/// </summary>
public sealed class BambuLabBroker : IAsyncDisposable
{
    private static readonly object Running = new();
    private static readonly HashSet<Process> Processes = [];
    private readonly string _config;
    private Process? _process;

    static BambuLabBroker()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Running)
            {
                foreach (var process in Processes)
                {
                    try
                    {
                        process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
            }
        };
    }

    private BambuLabBroker(string folder, int port, string config)
    {
        Folder = folder;
        Port = port;
        _config = config;
    }

    /// <summary>The broker's temporary folder (configuration, certificates, password file, log).</summary>
    public string Folder { get; }

    /// <summary>The loopback port it listens on (kept across <see cref="StopAsync"/> and <see cref="StartAsync()"/>).</summary>
    public int Port { get; }

    /// <summary>The broker's log so far, for failure messages.</summary>
    public string Log => File.Exists(Path.Combine(Folder, "mosquitto.log")) ? File.ReadAllText(Path.Combine(Folder, "mosquitto.log")) : "(no log)";

    /// <summary>Writes the broker's files and starts it.</summary>
    /// <param name="serverCertificatePem">The server certificate (PEM), as the printer's.</param>
    /// <param name="serverKeyPem">Its private key (PEM).</param>
    /// <param name="caPem">The CA's certificate (PEM).</param>
    /// <param name="accessCode">The password of the user <c>bblp</c>.</param>
    /// <param name="online">False to write everything and reserve the port, but not start yet (a printer offline at start).</param>
    /// <returns>The broker.</returns>
    public static async Task<BambuLabBroker> StartAsync(string serverCertificatePem, string serverKeyPem, string caPem, string accessCode, bool online = true)
    {
        var mosquitto = Find("mosquitto");
        var folder = Directory.CreateTempSubdirectory("batchivo-mosquitto-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "ca.pem"), caPem);
        await File.WriteAllTextAsync(Path.Combine(folder, "server.pem"), serverCertificatePem);
        await File.WriteAllTextAsync(Path.Combine(folder, "server.key"), serverKeyPem);
        var passwords = Path.Combine(folder, "passwd");
        using (var passwd = Process.Start(new ProcessStartInfo(Find("mosquitto_passwd"), ["-b", "-c", passwords, "bblp", accessCode]) { RedirectStandardError = true, RedirectStandardOutput = true })!)
        {
            var error = await passwd.StandardError.ReadToEndAsync();
            await passwd.WaitForExitAsync();
            if (passwd.ExitCode != 0)
            {
                throw new InvalidOperationException($"mosquitto_passwd failed ({passwd.ExitCode}): {error}");
            }
        }

        var port = FreePort();
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            $"cafile {Path.Combine(folder, "ca.pem")}",
            $"certfile {Path.Combine(folder, "server.pem")}",
            $"keyfile {Path.Combine(folder, "server.key")}",
            "allow_anonymous false",
            $"password_file {passwords}",
            "persistence false",
            $"log_dest file {Path.Combine(folder, "mosquitto.log")}",
            "log_type error",
            "log_type warning",
            "log_type notice",

            // Run as root (the CI), mosquitto would switch to its own user, who cannot read this folder.
            "user root",
        ]);
        var broker = new BambuLabBroker(folder, port, config);
        if (online)
        {
            await broker.StartAsync();
        }

        return broker;
    }

    /// <summary>Starts the broker (again) on <see cref="Port"/> and waits until it accepts connections.</summary>
    /// <returns>A task.</returns>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var process = Process.Start(new ProcessStartInfo(Find("mosquitto"), ["-c", _config]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("mosquitto did not start.");
        _ = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        lock (Running)
        {
            Processes.Add(process);
        }

        _process = process;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited at start ({process.ExitCode}): {await stderr} {Log}");
            }

            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, Port, bound.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException($"mosquitto did not accept connections on port {Port} within 30 s: {Log}");
            }
        }
    }

    /// <summary>Stops the broker: every connection drops and the port refuses new ones.</summary>
    /// <returns>A task.</returns>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            process.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(bound.Token);
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            lock (Running)
            {
                Processes.Remove(process);
            }

            process.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A free loopback port, asked of the OS.</summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Find(string program)
    {
        foreach (var folder in new[] { "/usr/sbin", "/usr/bin", "/usr/local/sbin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)))
        {
            var path = Path.Combine(folder, program);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"{program} was not found in /usr/sbin or on PATH: install mosquitto (apt-get install mosquitto); the Bambu Lab tests need a real MQTT broker.");
    }
}
