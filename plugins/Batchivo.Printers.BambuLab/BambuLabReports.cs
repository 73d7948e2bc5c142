using Batchivo.Devices;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Batchivo.Printers.BambuLab;

/// <summary>Reads the printer's reports: numbers that arrive as text, and the merge of partial reports into one state.</summary>
internal static class BambuLabReports
{
    /// <summary>
    /// Merges <paramref name="change"/> into <paramref name="state"/>: objects member by member, arrays of objects that
    /// carry an <c>id</c> (the AMS units and their trays) element by element, anything else replaced. P1 and A1
    /// printers send only the fields that changed, so the state is the sum of every report since the last full one.
    /// </summary>
    public static void Merge(JsonObject state, JsonObject change)
    {
        foreach (var (key, value) in change.ToList())
        {
            if (value is JsonObject part && state[key] is JsonObject whole)
            {
                Merge(whole, part);
            }
            else if (value is JsonArray parts && state[key] is JsonArray wholes && IsKeyed(parts) && IsKeyed(wholes))
            {
                foreach (var item in parts.OfType<JsonObject>())
                {
                    var id = Text(item["id"]);
                    if (wholes.OfType<JsonObject>().FirstOrDefault(w => Text(w["id"]) == id) is { } existing)
                    {
                        Merge(existing, item);
                    }
                    else
                    {
                        wholes.Add(item.DeepClone());
                    }
                }
            }
            else
            {
                state[key] = value?.DeepClone();
            }
        }
    }

    public static string? Text(JsonNode? node) => PrinterMessages.Text(node);

    /// <summary>A number, also when sent as text; null for anything else.</summary>
    public static decimal? Number(JsonNode? node) => PrinterMessages.Number(node);

    /// <summary>The printer's id for a value: null when absent, empty or "0" (a print without that id).</summary>
    public static string? Id(JsonNode? node) => Text(node) is { Length: > 0 } text && text != "0" ? text : null;

    private static bool IsKeyed(JsonArray array) => array.Count > 0 && array.All(i => i is JsonObject o && o["id"] is JsonValue);
}
