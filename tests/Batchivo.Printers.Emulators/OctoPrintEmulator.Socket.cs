using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Batchivo.Printers.Emulators;

/// <summary>The emulated OctoPrint's push socket (SockJS's raw websocket): subscriptions, auth, broadcasts.</summary>
public sealed partial class OctoPrintEmulator
{
    private async Task ServeAsync(Client client, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (client.Socket.State == WebSocketState.Open)
        {
            var result = await client.Socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var message = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count)) as JsonObject;
            if (message?["subscribe"] is { } subscribe)
            {
                Subscriptions.Enqueue(subscribe.ToJsonString());
            }
            else if (message?["auth"]?.GetValue<string>() is { } auth)
            {
                var parts = auth.Split(':');
                bool known;
                lock (_gate)
                {
                    known = parts.Length == 2 && parts[0] == User && _sessions.Contains(parts[1]);
                }

                if (known)
                {
                    client.Authed = true;
                    await client.SendAsync(new JsonObject { ["history"] = Job() }.ToJsonString());
                }
                else
                {
                    await client.SendAsync("{\"reauthRequired\": {\"reason\": \"stale\"}}");
                }
            }
        }
    }

    private async Task BroadcastAsync(string text)
    {
        foreach (var (_, client) in _sockets)
        {
            if (client.Authed)
            {
                await client.SendAsync(text);
            }
        }
    }

    private sealed class Client(WebSocket socket) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public WebSocket Socket { get; } = socket;

        private volatile bool _authed;

        public bool Authed
        {
            get => _authed;
            set => _authed = value;
        }

        public void Dispose() => _gate.Dispose();

        public async Task SendAsync(string text)
        {
            try
            {
                await _gate.WaitAsync();
            }
            catch (ObjectDisposedException)
            {
                return; // the connection ended meanwhile
            }

            try
            {
                if (Socket.State == WebSocketState.Open)
                {
                    await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
            }
            finally
            {
                try
                {
                    _gate.Release();
                }
                catch (ObjectDisposedException)
                {
                    // the connection ended while this message was being sent
                }
            }
        }
    }
}
