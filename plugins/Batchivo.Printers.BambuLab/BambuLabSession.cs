using System.Buffers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading.Channels;
using Batchivo.Devices;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Batchivo.Printers.BambuLab;

/// <summary>One MQTT connection to a printer: subscribed to its report topic, with the reports queued in arrival order.</summary>
internal sealed class BambuLabSession : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly Channel<Report> _inbox = Channel.CreateUnbounded<Report>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _printer;
    private readonly BambuLabOptions _options;
    private readonly BambuLabTrust _trust;
    private string? _certificateProblem;
    private int _disposed;

    private BambuLabSession(string printer, BambuLabOptions options, BambuLabTrust trust)
    {
        _printer = printer;
        _options = options;
        _trust = trust;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var payload = e.ApplicationMessage.Payload;
            _inbox.Writer.TryWrite(payload.Length > _options.MaxMessageBytes ? new Report(null, payload.Length) : new Report(payload.ToArray(), payload.Length));
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                var why = e.Exception?.Message ?? e.ReasonString ?? e.Reason.ToString();
                _inbox.Writer.TryComplete(new PrinterException(PrinterFault.Unreachable, $"Printer {_printer}: the connection to {_options.Host}:{_options.Port} broke ({why}). It is tried again."));
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>A report as it arrived: its bytes, or null when it was larger than allowed (then only its length).</summary>
    public readonly record struct Report(byte[]? Payload, long Length);

    private string ReportTopic => $"device/{_options.Serial}/report";

    private string RequestTopic => $"device/{_options.Serial}/request";

    /// <summary>Connects, subscribes to the report topic and asks for the full state, once per connection.</summary>
    /// <exception cref="PrinterException">The printer cannot be reached, refused the access code, or its certificate is not the one expected.</exception>
    public static async Task<BambuLabSession> OpenAsync(string printer, BambuLabOptions options, BambuLabTrust trust, CancellationToken cancellationToken)
    {
        var session = new BambuLabSession(printer, options, trust);
        try
        {
            await session.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await session.RequestFullStateAsync(cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Asks the printer for its full state (<c>pushing.pushall</c>).</summary>
    public async Task RequestFullStateAsync(CancellationToken cancellationToken)
    {
        var request = new MqttApplicationMessageBuilder()
            .WithTopic(RequestTopic)
            .WithPayload("{\"pushing\": {\"sequence_id\": \"0\", \"command\": \"pushall\", \"version\": 1, \"push_target\": 1}}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .Build();
        try
        {
            await _client.PublishAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (MqttCommunicationException ex)
        {
            throw Broke(ex);
        }
    }

    /// <summary>The next report, in arrival order.</summary>
    /// <exception cref="PrinterException">The connection broke (<see cref="PrinterFault.Unreachable"/>).</exception>
    public async ValueTask<Report> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _inbox.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex) when (ex.InnerException is PrinterException broke)
        {
            throw new PrinterException(broke.Fault, broke.Message, broke);
        }
        catch (ChannelClosedException ex)
        {
            throw new PrinterException(PrinterFault.Unreachable, $"Printer {_printer}: the connection to {_options.Host}:{_options.Port} ended. It is tried again.", ex);
        }
    }

    /// <summary>True while the connection is up.</summary>
    public bool IsConnected => _client.IsConnected;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _inbox.Writer.TryComplete();
        try
        {
            if (_client.IsConnected)
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), bound.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Closing a connection that is already broken.
        }
        finally
        {
            _client.Dispose();
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithCredentials("bblp", _options.AccessCode)
            .WithClientId($"batchivo-{Guid.NewGuid():N}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(_options.ConnectTimeout)
            .WithTlsOptions(tls => tls
                .UseTls()

                // The printer is reached by IP address but its certificate names its serial: the name sent and checked is the serial.
                .WithTargetHost(_options.Serial)
                .WithCertificateValidationHandler(e =>
                {
                    _certificateProblem = _trust.Check(e.Certificate, e.Chain, _options.Serial!);
                    return _certificateProblem is null;
                }))
            .Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        MqttClientConnectResult result;
        try
        {
            result = await _client.ConnectAsync(options, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (_certificateProblem is not null && !cancellationToken.IsCancellationRequested)
        {
            throw CertificateRefused(ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Refusal(ex) is { } code)
        {
            throw Unauthorized(code, ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is MqttCommunicationException or SocketException or IOException or AuthenticationException or OperationCanceledException)
        {
            var why = ex is OperationCanceledException or MqttCommunicationTimedOutException ? $"no answer in {_options.ConnectTimeout.TotalSeconds} s" : Innermost(ex);
            throw new PrinterException(PrinterFault.Unreachable, $"Printer {_printer}: the printer's MQTT service at {_options.Host}:{_options.Port} cannot be reached ({why}). Check that the printer is on, that LAN mode or the LAN access is enabled, and that the address is right; it is tried again.", ex);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw result.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized
                ? Unauthorized(result.ResultCode, null)
                : new PrinterException(PrinterFault.Protocol, $"Printer {_printer}: the printer's MQTT service refused the connection ({result.ResultCode}).");
        }

        try
        {
            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(ReportTopic, MqttQualityOfServiceLevel.AtMostOnce).Build(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is MqttCommunicationException or OperationCanceledException)
        {
            throw Broke(ex);
        }
    }

    private PrinterException Unauthorized(MqttClientConnectResultCode code, Exception? inner) =>
        new(PrinterFault.Unauthorized, $"Printer {_printer}: the printer refused the access code ({code}). Give the LAN access code shown on the printer's screen (Settings, Network) as the setting AccessCode; it changes when LAN mode is switched off and on.", inner);

    private PrinterException CertificateRefused(Exception inner) =>
        new(PrinterFault.Certificate, $"Printer {_printer}: the printer at {_options.Host}:{_options.Port} is not the one expected: {_certificateProblem}. Check the settings Host and Serial{(_options.CaCertificate is { Length: > 0 } ? " and the CA file of CaCertificate" : string.Empty)}; the connection was not made.", inner);

    private PrinterException Broke(Exception inner) =>
        new(PrinterFault.Unreachable, $"Printer {_printer}: the connection to {_options.Host}:{_options.Port} broke ({Innermost(inner)}). It is tried again.", inner);

    private static MqttClientConnectResultCode? Refusal(Exception ex)
    {
        // MQTTnet reports a refused CONNECT as MqttConnectingFailedException carrying the CONNACK's code in its message.
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is MQTTnet.Adapter.MqttConnectingFailedException)
            {
                var text = e.Message;
                if (text.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), StringComparison.Ordinal))
                {
                    return MqttClientConnectResultCode.BadUserNameOrPassword;
                }

                if (text.Contains(nameof(MqttClientConnectResultCode.NotAuthorized), StringComparison.Ordinal))
                {
                    return MqttClientConnectResultCode.NotAuthorized;
                }
            }
        }

        return null;
    }

    private static string Innermost(Exception ex)
    {
        var text = new StringBuilder(ex.Message);
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            text.Append(": ").Append(e.Message);
        }

        return text.ToString();
    }
}
