using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchivo.Devices;
using Batchivo.Production;

namespace Batchivo.Printers.Moonraker;

/// <summary>Reads Moonraker's job history entries (<c>/server/history</c> and <c>notify_history_changed</c>).</summary>
internal static class MoonrakerJobs
{
    /// <summary>
    /// The event a history entry stands for: <paramref name="action"/> "added" is the job's start; "finished" its end,
    /// by its status (completed: finished; cancelled: cancelled; error, klippy_shutdown, klippy_disconnect,
    /// interrupted, server_exit: failed). Null for an entry without a job id or file, or a "finished" entry still in progress.
    /// </summary>
    public static PrinterJobEvent? ToEvent(JsonObject job, string? action, bool fromHistory)
    {
        if (Text(job["job_id"]) is not { Length: > 0 } id || Text(job["filename"]) is not { Length: > 0 } file)
        {
            return null;
        }

        var status = Text(job["status"]);
        var metadata = job["metadata"] as JsonObject;
        var estimate = metadata is null ? null : Estimate(metadata);
        if (action == "added")
        {
            return new PrinterJobEvent(PrinterJobEventKind.Started, id, file, Time(job["start_time"]) ?? DateTimeOffset.UnixEpoch, 0m, estimate, FromHistory: fromHistory);
        }

        if (action != "finished" || status is null or "in_progress")
        {
            return null;
        }

        var kind = status switch
        {
            "completed" => PrinterJobEventKind.Finished,
            "cancelled" => PrinterJobEventKind.Cancelled,
            _ => PrinterJobEventKind.Failed,
        };
        var used = Number(job["filament_used"]) is { } mm && metadata is not null ? GramsOf(mm, metadata) : null;
        return new PrinterJobEvent(
            kind,
            id,
            file,
            Time(job["end_time"]) ?? Time(job["start_time"]) ?? DateTimeOffset.UnixEpoch,
            kind == PrinterJobEventKind.Finished ? 1m : null,
            estimate,
            used,
            kind == PrinterJobEventKind.Failed ? status : null,
            fromHistory);
    }

    /// <summary>
    /// The slicer's estimates from a file's metadata: per tool from <c>filament_weights</c> when given, else one
    /// filament with <c>filament_weight_total</c> and <c>filament_total</c> (mm); types from <c>filament_type</c>
    /// ("PLA;PETG"). Null when the metadata gives no filament at all.
    /// </summary>
    public static SlicedJob? Estimate(JsonObject metadata)
    {
        var types = (Text(metadata["filament_type"]) ?? "").Split([';', ','], StringSplitOptions.TrimEntries);
        var filaments = new List<SlicedFilament>();
        if (metadata["filament_weights"] is JsonArray weights && weights.Count > 0)
        {
            for (var i = 0; i < weights.Count; i++)
            {
                var grams = Number(weights[i]);
                filaments.Add(new SlicedFilament(i + 1, Type(types, i), null, grams is >= 0 ? Mass.FromGrams(grams.Value) : null));
            }
        }
        else if (Number(metadata["filament_weight_total"]) is not null || Number(metadata["filament_total"]) is not null)
        {
            var grams = Number(metadata["filament_weight_total"]);
            filaments.Add(new SlicedFilament(1, Type(types, 0), null, grams is > 0 ? Mass.FromGrams(grams.Value) : null, Number(metadata["filament_total"])));
        }

        if (filaments.Count == 0)
        {
            return null;
        }

        var seconds = Number(metadata["estimated_time"]);
        return new SlicedJob(
            Text(metadata["slicer"]) ?? "unknown slicer",
            Text(metadata["slicer_version"]),
            null,
            filaments,
            null,
            seconds is > 0 ? TimeSpan.FromSeconds((double)seconds.Value) : null);
    }

    /// <summary>
    /// Grams for <paramref name="millimetres"/> of filament: in proportion to the slicer's own grams per millimetre
    /// (<c>filament_weight_total</c> over <c>filament_total</c>) when the metadata gives both, else at the material's
    /// usual density and 1.75 mm. Null when neither is known.
    /// </summary>
    public static Mass? GramsOf(decimal millimetres, JsonObject metadata)
    {
        if (millimetres < 0)
        {
            return null;
        }

        if (Number(metadata["filament_weight_total"]) is { } grams && grams > 0 && Number(metadata["filament_total"]) is { } length && length > 0)
        {
            return Mass.FromGrams(Math.Round(millimetres * grams / length, 2, MidpointRounding.AwayFromZero));
        }

        var type = (Text(metadata["filament_type"]) ?? "").Split([';', ','], StringSplitOptions.TrimEntries)[0];
        return new SlicedFilament(1, type, null, null, millimetres).GramsFrom(FilamentDensities.Of(type));
    }

    public static string? Text(JsonNode? node) => PrinterMessages.Text(node);

    /// <summary>A number, also when sent as text; null for anything else.</summary>
    public static decimal? Number(JsonNode? node) => PrinterMessages.Number(node);

    private static DateTimeOffset? Time(JsonNode? node) =>
        Number(node) is { } seconds && seconds is > 0 and < 1e11m ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null;

    private static string? Type(string[] types, int i) => i < types.Length && types[i].Length > 0 ? types[i] : null;
}
