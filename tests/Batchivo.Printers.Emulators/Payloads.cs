using System.Reflection;
using System.Text.Json.Nodes;

namespace Batchivo.Printers.Emulators;

/// <summary>The recorded payloads (see <c>Payloads/README.md</c> for their sources).</summary>
public static class Payloads
{
    /// <summary>A payload as JSON, fresh on each call.</summary>
    /// <param name="name">Its path under <c>Payloads/</c>, e.g. <c>moonraker/file_metadata.json</c>.</param>
    /// <returns>The JSON.</returns>
    public static JsonNode Json(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name.Replace('\\', '/'))
            ?? throw new ArgumentException($"No payload {name}.", nameof(name));
        return JsonNode.Parse(stream) ?? throw new InvalidOperationException($"Payload {name} is empty.");
    }
}
