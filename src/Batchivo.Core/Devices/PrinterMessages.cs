using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Batchivo.Devices;

/// <summary>Helpers that printer connectors share for the messages printers send.</summary>
public static class PrinterMessages
{
    /// <summary>The default bound of one message: 1 MiB. Printers' status messages are a few kilobytes.</summary>
    public const int DefaultMaxBytes = 1 << 20;

    /// <summary>A JSON value as text: a string as it is, a number as written; null for anything else.</summary>
    /// <param name="node">The value.</param>
    /// <returns>The text, or null.</returns>
    public static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        }
        : null;

    /// <summary>A JSON number, also when a printer sends it as text (many do); null for anything else.</summary>
    /// <param name="node">The value.</param>
    /// <returns>The number, or null.</returns>
    public static decimal? Number(JsonNode? node) =>
        Text(node) is { } text && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>
    /// Receives one whole text message from a websocket, refusing one larger than <paramref name="maxBytes"/> before it
    /// is all in memory.
    /// </summary>
    /// <param name="socket">The socket.</param>
    /// <param name="maxBytes">The largest message accepted.</param>
    /// <param name="printer">The printer, for messages.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The text, or null when the printer closed the connection.</returns>
    /// <exception cref="PrinterException">The message is larger than <paramref name="maxBytes"/> (<see cref="PrinterFault.Protocol"/>), or the connection broke (<see cref="PrinterFault.Unreachable"/>).</exception>
    public static async Task<string?> ReceiveTextAsync(WebSocket socket, int maxBytes, string printer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var buffer = new byte[Math.Min(maxBytes, 16 * 1024) + 1];
        using var message = new MemoryStream();
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException ex)
            {
                throw new PrinterException(PrinterFault.Unreachable, $"Printer {printer}: the connection broke ({ex.Message}). It is tried again.", ex);
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            if (message.Length + result.Count > maxBytes)
            {
                throw new PrinterException(PrinterFault.Protocol, $"Printer {printer} sent a message larger than {maxBytes} bytes, which is not a status message. The connection is closed and opened again; if it keeps happening, check what answers at the printer's address.");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
