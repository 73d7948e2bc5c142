using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchivo.Devices;

namespace Batchivo.Printers.OctoPrint;

/// <summary>Reads OctoPrint's job, file and state documents (<c>/api/job</c>, <c>/api/files</c>, push messages).</summary>
internal static class OctoPrintJobs
{
    /// <summary>The file storage that keeps a print history (<c>prints</c>) per file.</summary>
    public const string LocalOrigin = "local";

    /// <summary>What the job's <c>state</c> text means (OctoPrint 1.x: "Operational", "Printing", "Pausing", "Paused", "Cancelling", "Error", "Offline"...).</summary>
    public static PrinterActivity Activity(string? state, decimal? completion)
    {
        var text = state ?? "";
        if (text.StartsWith("Printing", StringComparison.OrdinalIgnoreCase) || text is "Resuming" or "Finishing" or "Cancelling" or "Starting" or "Sending file to SD")
        {
            return PrinterActivity.Printing;
        }

        if (text is "Paused" or "Pausing")
        {
            return PrinterActivity.Paused;
        }

        if (text.Contains("Error", StringComparison.OrdinalIgnoreCase))
        {
            return PrinterActivity.Error;
        }

        if (text.StartsWith("Offline", StringComparison.OrdinalIgnoreCase) || text.StartsWith("Closed", StringComparison.OrdinalIgnoreCase) || text.Length == 0)
        {
            return PrinterActivity.Offline;
        }

        return completion >= 100m ? PrinterActivity.Finished : PrinterActivity.Idle;
    }

    /// <summary>True while a job runs (printing or paused).</summary>
    public static bool IsRunning(PrinterActivity activity) => activity is PrinterActivity.Printing or PrinterActivity.Paused;

    /// <summary>The file a job or an event names: its origin (<c>local</c>, <c>sdcard</c>) and path; null when it names none.</summary>
    public static JobFile? FileOf(JsonNode? file)
    {
        var path = Text(file?["path"]) ?? Text(file?["name"]);
        if (path is not { Length: > 0 })
        {
            return null;
        }

        return new JobFile(Text(file?["origin"]) ?? LocalOrigin, path, Text(file?["name"]) is { Length: > 0 } name ? name : Path.GetFileName(path));
    }

    /// <summary>
    /// The id of a job of a file kept with a print history: <c>{origin}/{path}@{upload date}#{n}</c>, where n counts
    /// the file's prints (the n-th print of this upload of the file). OctoPrint gives jobs no id, but it counts every
    /// print of a file as a success or a failure: a running job is print number success + failure + 1, and once it has
    /// ended it is number success + failure. Both numbers are the printer's, so a reconnect or a host restart finds
    /// the same id; a new upload of the file (another date) starts again from 1 under another id.
    /// </summary>
    public static string Id(JobFile file, string? date, int n) => $"{file.Origin}/{file.Path}@{date ?? "-"}#{n.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The file's print counts: successes plus failures (0 for a file never printed).</summary>
    public static int PrintsOf(JsonObject? metadata) =>
        (int)(Number(metadata?["prints"]?["success"]) ?? 0) + (int)(Number(metadata?["prints"]?["failure"]) ?? 0);

    /// <summary>The file's upload date (Unix seconds) as text, for the id.</summary>
    public static string? DateOf(JsonObject? metadata, JsonNode? jobFile) => Text(metadata?["date"]) ?? Text(jobFile?["date"]);

    /// <summary>
    /// OctoPrint's G-code analysis as an estimate: per tool (<c>filament.tool0</c>...) the length (mm) and the volume
    /// (cm³), and the estimated print time. OctoPrint gives no grams and no material: the grams are worked out where
    /// the estimate is applied, from the volume at the density of the run's spool (see <see cref="SlicedFilament.GramsFrom"/>).
    /// Null when the analysis gives no filament (not analysed yet: <c>"filament": {"length": null, "volume": null}</c>).
    /// </summary>
    public static SlicedJob? Estimate(JsonNode? filament, JsonNode? estimatedPrintTime)
    {
        var filaments = new List<SlicedFilament>();
        if (filament is JsonObject tools)
        {
            // Older answers give one filament unkeyed ({"length": 810, "volume": 5.36}).
            if (Use(tools) is { } single)
            {
                filaments.Add(single with { Slot = 1 });
            }

            foreach (var (key, value) in tools)
            {
                if (key.StartsWith("tool", StringComparison.Ordinal)
                    && int.TryParse(key.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var tool)
                    && value is JsonObject use
                    && Use(use) is { } f)
                {
                    filaments.Add(f with { Slot = tool + 1 });
                }
            }
        }

        if (filaments.Count == 0)
        {
            return null;
        }

        var seconds = Number(estimatedPrintTime);
        return new SlicedJob("OctoPrint G-code analysis", null, null, [.. filaments.OrderBy(f => f.Slot)], null, seconds is > 0 ? TimeSpan.FromSeconds((double)seconds.Value) : null);
    }

    public static string? Text(JsonNode? node) => PrinterMessages.Text(node);

    /// <summary>A number, also when sent as text; null for anything else.</summary>
    public static decimal? Number(JsonNode? node) => PrinterMessages.Number(node);

    /// <summary>A Unix time in seconds; null for none or nonsense.</summary>
    public static DateTimeOffset? Time(JsonNode? node) =>
        Number(node) is { } seconds && seconds is > 0 and < 1e11m ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null;

    private static SlicedFilament? Use(JsonObject use)
    {
        var length = Number(use["length"]);
        var volume = Number(use["volume"]);
        return length is > 0 || volume is > 0
            ? new SlicedFilament(1, null, null, null, length is > 0 ? length : null, volume is > 0 ? volume * 1000m : null)
            : null;
    }
}

/// <summary>A job's file as OctoPrint names it.</summary>
/// <param name="Origin"><c>local</c> (OctoPrint's uploads) or <c>sdcard</c> (the printer's card).</param>
/// <param name="Path">The path within the origin.</param>
/// <param name="Name">The file's name.</param>
internal sealed record JobFile(string Origin, string Path, string Name)
{
    /// <summary>The file, <c>origin/path</c>.</summary>
    public string Key => $"{Origin}/{Path}";
}
