using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;

namespace Batchivo.Printers.Emulators;

/// <summary>
/// A Bambu Lab printer on a real Mosquitto broker: an MQTT client, logged in as <c>bblp</c> with the access code, that
/// publishes the printer's reports on <c>device/&lt;serial&gt;/report</c> and answers <c>pushall</c> requests on
/// <c>device/&lt;serial&gt;/request</c> with its full state. The reports are the recorded A1 sequence of
/// <c>Payloads/bambulab/a1_job.json</c> (a full state, the <c>project_file</c> echo, PREPARE, RUNNING, progress,
/// FINISH), sent as partial reports the way P1 and A1 printers send them; the scenario sets the job's file and ids.
/// </summary>
public sealed class BambuLabEmulator : IAsyncDisposable
{
    /// <summary>The serial of the recorded printer (its <c>dev_id</c>).</summary>
    public const string DefaultSerial = "03919D4A2404685";

    private readonly JsonObject _recorded = Payloads.Json("bambulab/a1_job.json").AsObject();
    private readonly JsonObject _failures = Payloads.Json("bambulab/cancel.json").AsObject();
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private readonly string _accessCode;
    private readonly BambuLabCertificates _authority;
    private readonly JsonObject _state;
    private IMqttClient? _client;
    private long _sequence;
    private long _nextTask = 626732162;
    private int _pushalls;

    private BambuLabEmulator(BambuLabBroker broker, BambuLabCertificates authority, string serial, string accessCode)
    {
        Broker = broker;
        _authority = authority;
        Serial = serial;
        _accessCode = accessCode;
        var full = (JsonObject)_recorded["full_state"]!["print"]!.DeepClone();
        _sequence = long.Parse(full["sequence_id"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        _state = full;
    }

    /// <summary>The broker the printer publishes through.</summary>
    public BambuLabBroker Broker { get; }

    /// <summary>The printer's serial (its topics; the name in its certificate unless told otherwise).</summary>
    public string Serial { get; }

    /// <summary>The address to connect to.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The broker's port.</summary>
    public int Port => Broker.Port;

    /// <summary>A PEM file of the CA the connector must trust: the one that issued the broker's certificate unless told otherwise.</summary>
    public string CaPath => Path.Combine(Broker.Folder, "trusted-ca.pem");

    /// <summary>The <c>pushall</c> requests received.</summary>
    public int PushallRequests => _pushalls;

    /// <summary>Every request received on the request topic, as text.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The job running or last run: its task id.</summary>
    public string? JobId { get; private set; }


    /// <summary>Starts a broker and the printer on it.</summary>
    /// <param name="accessCode">The printer's access code.</param>
    /// <param name="serial">The printer's serial.</param>
    /// <param name="certificateName">The name in the broker's certificate; the serial when null (another serial: a wrong printer).</param>
    /// <param name="foreignAuthority">True to have the broker's certificate issued by a CA other than the one in <see cref="CaPath"/>.</param>
    /// <param name="online">False to reserve the port but not start the broker (a printer offline at start).</param>
    /// <returns>The printer.</returns>
    public static async Task<BambuLabEmulator> StartAsync(string accessCode = "12345678", string serial = DefaultSerial, string? certificateName = null, bool foreignAuthority = false, bool online = true)
    {
        var authority = BambuLabCertificates.CreateAuthority("Batchivo test printer CA");
        using var other = foreignAuthority ? BambuLabCertificates.CreateAuthority("Someone else's CA") : null;
        var (certificate, key) = (other ?? authority).IssueServer(certificateName ?? serial);
        var broker = await BambuLabBroker.StartAsync(certificate, key, (other ?? authority).Pem, accessCode, online);
        var emulator = new BambuLabEmulator(broker, authority, serial, accessCode);
        await File.WriteAllTextAsync(emulator.CaPath, authority.Pem);
        if (online)
        {
            await emulator.ConnectAsync();
        }

        return emulator;
    }

    /// <summary>Starts a job as the recorded A1 did: the <c>project_file</c> echo, the file's names, PREPARE, RUNNING at 0 %.</summary>
    /// <param name="fileName">The job's file (<c>subtask_name</c> and <c>gcode_file</c>).</param>
    /// <param name="announce">False to change the state without reporting it (while nobody is connected).</param>
    /// <param name="namesFirst">True to report the names in a report of their own before PREPARE (as LAN prints do), so the start's report holds only the state.</param>
    /// <param name="lan">True for a print sent over the LAN, which an A1 gives no id at all (<c>task_id</c> "0", as recorded in openspoolman's Testqube_local.log).</param>
    /// <returns>The job's id (<c>task_id</c>; "0" for a LAN print).</returns>
    public async Task<string> StartJobAsync(string fileName, bool announce = true, bool namesFirst = false, bool lan = false)
    {
        var task = lan ? "0" : (_nextTask++).ToString(CultureInfo.InvariantCulture);
        JobId = task;
        var echo = (JsonObject)_recorded["project_file"]!["print"]!.DeepClone();
        echo["subtask_name"] = fileName;
        echo["task_id"] = task;
        echo["subtask_id"] = task;
        echo["project_id"] = task;
        echo["job_id"] = long.Parse(task, CultureInfo.InvariantCulture);
        echo["url"] = $"ftp:///cache/{fileName}";
        if (announce)
        {
            await PublishAsync(new JsonObject { ["print"] = echo });
        }

        var names = new JsonObject { ["subtask_name"] = fileName, ["gcode_file"] = fileName, ["task_id"] = task, ["subtask_id"] = task, ["project_id"] = task };
        var starts = _recorded["start"]!.AsArray().Select(s => (JsonObject)s!["print"]!.DeepClone()).ToList();
        if (namesFirst)
        {
            names["gcode_state"] = "IDLE";
            await ReportAsync(names, announce);
            foreach (var key in new[] { "project_id", "profile_id", "task_id", "subtask_id", "subtask_name", "gcode_file" })
            {
                starts[0].Remove(key);
            }
        }
        else
        {
            foreach (var (key, value) in names.ToList())
            {
                starts[0][key] = value?.DeepClone();
            }
        }

        foreach (var start in starts)
        {
            await ReportAsync(start, announce);
        }

        return task;
    }

    /// <summary>Reports progress, as the recorded A1 did.</summary>
    /// <param name="percent">0..100.</param>
    /// <returns>A task.</returns>
    public Task ProgressAsync(int percent)
    {
        var report = (JsonObject)_recorded["progress"]!["print"]!.DeepClone();
        report["mc_percent"] = percent;
        return ReportAsync(report, true);
    }

    /// <summary>Pauses or resumes the job.</summary>
    /// <param name="paused">True to pause.</param>
    /// <returns>A task.</returns>
    public Task SetPausedAsync(bool paused) => ReportAsync(new JsonObject { ["gcode_state"] = paused ? "PAUSE" : "RUNNING" }, true);

    /// <summary>Ends the job: FINISH as recorded; a failure (print_error, then FAILED); or a user's cancel (print_error 50348044, then FAILED).</summary>
    /// <param name="end">"finished", "failed" or "cancelled".</param>
    /// <param name="announce">False to change the state without reporting it (while nobody is connected).</param>
    /// <returns>A task.</returns>
    public async Task EndJobAsync(string end = "finished", bool announce = true)
    {
        switch (end)
        {
            case "finished":
                await ReportAsync((JsonObject)_recorded["finish"]!["print"]!.DeepClone(), announce);
                break;
            case "cancelled":
                await ReportAsync((JsonObject)_failures["cancel"]!["print"]!.DeepClone(), announce);
                await ReportAsync((JsonObject)_failures["failed"]!["print"]!.DeepClone(), announce);
                await ReportAsync(new JsonObject { ["print_error"] = 0 }, announce);
                break;
            case "failed":
                // The error, cleared before FAILED (as the printer clears print_error), and a FAILED without a reason.
                await ReportAsync((JsonObject)_failures["error"]!["print"]!.DeepClone(), announce);
                await ReportAsync(new JsonObject { ["print_error"] = 0 }, announce);
                var failed = (JsonObject)_failures["failed"]!["print"]!.DeepClone();
                failed["fail_reason"] = "0";
                await ReportAsync(failed, announce);
                break;
            default:
                throw new ArgumentException($"Unknown end {end}; give finished, failed or cancelled.", nameof(end));
        }
    }

    /// <summary>Reports a change of state as a partial report with the next sequence number.</summary>
    /// <param name="change">The changed fields of <c>print</c>.</param>
    /// <param name="announce">False to change the state without reporting it.</param>
    /// <returns>The report sent (to send again as a duplicate or late).</returns>
    public async Task<string> ReportAsync(JsonObject change, bool announce = true)
    {
        // Numbered and published under one lock, so reports leave in the order of their numbers, as a printer's do.
        await _publishing.WaitAsync();
        try
        {
            change["command"] = "push_status";
            change["msg"] = 1;
            change["sequence_id"] = (++_sequence).ToString(CultureInfo.InvariantCulture);
            foreach (var (key, value) in change.ToList())
            {
                _state[key] = value?.DeepClone();
            }

            var text = new JsonObject { ["print"] = change.DeepClone() }.ToJsonString();
            if (announce)
            {
                await PublishAsync(Encoding.UTF8.GetBytes(text));
            }

            return text;
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>Publishes anything on the report topic, as is.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>A task.</returns>
    public Task SendRawAsync(string payload) => SendRawAsync(Encoding.UTF8.GetBytes(payload));

    /// <summary>Publishes bytes on the report topic, as is.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>A task.</returns>
    public async Task SendRawAsync(byte[] payload)
    {
        await _publishing.WaitAsync();
        try
        {
            await PublishAsync(payload);
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>Stops the broker: connections drop, and the printer goes on printing unheard.</summary>
    /// <returns>A task.</returns>
    public async Task GoOfflineAsync()
    {
        var client = _client;
        _client = null;
        client?.Dispose();
        await Broker.StopAsync();
    }

    /// <summary>Starts the broker again and connects the printer to it.</summary>
    /// <returns>A task.</returns>
    public async Task ComeOnlineAsync()
    {
        await Broker.StartAsync();
        await ConnectAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _client = null;
        await Broker.DisposeAsync();
        _authority.Dispose();
    }

    private async Task PublishAsync(JsonObject message) => await SendRawAsync(message.ToJsonString());

    private async Task PublishAsync(byte[] payload)
    {
        var client = _client ?? throw new InvalidOperationException("The printer is offline.");
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"device/{Serial}/report").WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build());
    }

    private async Task ConnectAsync()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            var text = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
            Requests.Enqueue(text);
            if (text.Contains("\"pushall\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _pushalls);

                // Answered off MQTTnet's receive loop, which must not wait for the publishing lock.
                _ = Task.Run(SendFullStateAsync);
            }

            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(Host, Port)
            .WithCredentials("bblp", _accessCode)
            .WithClientId($"printer-{Serial}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithTlsOptions(tls => tls.UseTls().WithTargetHost(Serial).WithCertificateValidationHandler(_ => true))
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await client.ConnectAsync(options, bound.Token);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"The printer emulator could not log in to its broker: {result.ResultCode}. {Broker.Log}");
        }

        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"device/{Serial}/request").Build(), bound.Token);
        _client = client;
    }

    private async Task SendFullStateAsync()
    {
        await _publishing.WaitAsync();
        try
        {
            var full = (JsonObject)_state.DeepClone();
            full["command"] = "push_status";
            full["msg"] = 0;
            full["sequence_id"] = (++_sequence).ToString(CultureInfo.InvariantCulture);
            if (_client is not null)
            {
                await PublishAsync(Encoding.UTF8.GetBytes(new JsonObject { ["print"] = full }.ToJsonString()));
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // The printer went offline meanwhile: the request is lost with the connection, as on a printer.
        }
        finally
        {
            _publishing.Release();
        }
    }
}
