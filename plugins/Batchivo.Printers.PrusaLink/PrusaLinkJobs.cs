using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Batchivo.Devices;

namespace Batchivo.Printers.PrusaLink;

/// <summary>A job as PrusaLink shows it (<c>/api/v1/job</c>), with the state the printer's status adds to it.</summary>
/// <param name="Key">The job id streamed: PrusaLink's job id and the file's modification time (<c>129@1698686881</c>), the id alone for a job without a file.</param>
/// <param name="FileName">The file's long name (<c>display_name</c>), else its short name.</param>
/// <param name="State">PRINTING, PAUSED, ATTENTION, FINISHED, STOPPED or ERROR (or a state a newer PrusaLink adds).</param>
/// <param name="Progress">0..1.</param>
/// <param name="Printing">Time printed so far.</param>
/// <param name="Remaining">Time left, when given.</param>
/// <param name="Estimate">The slicer's estimates from the file's <c>meta</c>, when it has filament.</param>
internal sealed record PrusaLinkJob(string Key, string FileName, string State, decimal Progress, TimeSpan Printing, TimeSpan? Remaining, SlicedJob? Estimate)
{
    /// <summary>True when the job has ended: FINISHED, STOPPED or ERROR.</summary>
    public bool HasEnded => State is "FINISHED" or "STOPPED" or "ERROR";

    /// <summary>True when the job is held: PAUSED, or ATTENTION (the printer waits for someone: a filament run-out, a crash, a full MMU...).</summary>
    public bool IsHeld => State is "PAUSED" or "ATTENTION";
}

/// <summary>What one poll read: the printer's state (<c>/api/v1/status</c>) and its job, if it shows one.</summary>
/// <param name="PrinterState">IDLE, BUSY, PRINTING, PAUSED, FINISHED, STOPPED, ERROR, ATTENTION or READY.</param>
/// <param name="Message">The printer's words about its state (<c>status_printer.message</c>) when not "OK".</param>
/// <param name="Job">The job.</param>
internal sealed record PrusaLinkSnapshot(string PrinterState, string? Message, PrusaLinkJob? Job);

/// <summary>Reads PrusaLink's status and job objects (<c>spec/openapi.yaml</c> of prusa3d/Prusa-Link-Web).</summary>
internal static partial class PrusaLinkJobs
{
    /// <summary>Reads one poll's answers.</summary>
    /// <param name="status">The status object.</param>
    /// <param name="job">The job object, or null when PrusaLink answered 204 (no job).</param>
    /// <param name="problem">What is wrong, when the answers do not follow the API.</param>
    /// <returns>The snapshot, or null with <paramref name="problem"/>.</returns>
    public static PrusaLinkSnapshot? Read(JsonObject status, JsonObject? job, out string? problem)
    {
        problem = null;
        if (Text(status["printer"]?["state"]) is not { Length: > 0 } printerState)
        {
            problem = "its status has no printer state (printer.state)";
            return null;
        }

        printerState = printerState.ToUpperInvariant();
        var message = Text(status["printer"]?["status_printer"]?["message"]);
        message = message is { Length: > 0 } && !string.Equals(message, "OK", StringComparison.OrdinalIgnoreCase) ? message : null;

        // An empty object is no job (some PrusaLink versions answer {} rather than 204).
        if (job is null || job.Count == 0)
        {
            return new PrusaLinkSnapshot(printerState, message, null);
        }

        if (Text(job["id"]) is not { Length: > 0 } id || Text(job["state"]) is not { Length: > 0 } jobState)
        {
            problem = "its job has no id or no state";
            return null;
        }

        // The job's own state lags behind the printer's at times; the printer's counts when both speak of the same job.
        var state = jobState.ToUpperInvariant();
        var sameJob = Text(status["job"]?["id"]) == id;
        if (state is "PRINTING" or "PAUSED" && (printerState is "ATTENTION" || sameJob && printerState is "FINISHED" or "STOPPED" or "ERROR"))
        {
            state = printerState;
        }

        var file = job["file"] as JsonObject;
        var fileName = Text(file?["display_name"]) is { Length: > 0 } display ? display
            : Text(file?["name"]) is { Length: > 0 } name ? name
            : job["serial_print"] is JsonValue serial && serial.GetValueKind() == JsonValueKind.True ? "serial print"
            : $"job {id}";
        var key = Text(file?["m_timestamp"]) is { Length: > 0 } modified ? $"{id}@{modified}" : id;
        var progress = Math.Clamp((Number(job["progress"]) ?? 0m) / 100m, 0m, 1m);
        var printing = Seconds(job["time_printing"]) ?? TimeSpan.Zero;
        return new PrusaLinkSnapshot(
            printerState,
            message,
            new PrusaLinkJob(key, fileName, state, progress, printing, Seconds(job["time_remaining"]), file?["meta"] is JsonObject meta ? Estimate(meta) : null));
    }

    /// <summary>
    /// The slicer's estimates from a file's <c>meta</c> (its G-code comment keys): per tool from
    /// <c>filament used [g] per tool</c> (with <c>filament used [mm] per tool</c> and <c>filament_type per tool</c>)
    /// when given, else one filament with <c>filament used [g]</c> and <c>filament used [mm]</c>, typed by
    /// <c>filament_type</c> ("PLA;PETG" names one per tool); the time from <c>estimated_print_time</c> (seconds) or
    /// <c>estimated printing time (normal mode)</c> ("1h 39m 7s"). Null when the meta gives no filament at all.
    /// </summary>
    public static SlicedJob? Estimate(JsonObject meta)
    {
        var types = meta["filament_type per tool"] is JsonArray perToolTypes
            ? perToolTypes.Select(Text).Select(t => t ?? "").ToArray()
            : (Text(meta["filament_type"]) ?? "").Split([';', ','], StringSplitOptions.TrimEntries);
        var filaments = new List<SlicedFilament>();
        if (meta["filament used [g] per tool"] is JsonArray { Count: > 0 } grams)
        {
            var lengths = meta["filament used [mm] per tool"] as JsonArray;
            for (var i = 0; i < grams.Count; i++)
            {
                var g = Number(grams[i]);
                var mm = lengths is not null && i < lengths.Count ? Number(lengths[i]) : null;
                filaments.Add(new SlicedFilament(i + 1, Type(types, i), null, g is >= 0 ? Mass.FromGrams(g.Value) : null, mm is >= 0 ? mm : null));
            }
        }
        else
        {
            var g = Number(meta["filament used [g]"]);
            var mm = Number(meta["filament used [mm]"]);
            if (g is not null || mm is not null)
            {
                filaments.Add(new SlicedFilament(1, Type(types, 0), null, g is > 0 ? Mass.FromGrams(g.Value) : null, mm is > 0 ? mm : null));
            }
        }

        if (filaments.Count == 0)
        {
            return null;
        }

        var seconds = Number(meta["estimated_print_time"]);
        var time = seconds is > 0 and < 1e9m ? TimeSpan.FromSeconds((double)seconds.Value) : Duration(Text(meta["estimated printing time (normal mode)"]));
        return new SlicedJob("unknown slicer", null, null, filaments, null, time);
    }

    public static string? Text(JsonNode? node) => PrinterMessages.Text(node);

    /// <summary>A number, also when sent as text; null for anything else.</summary>
    public static decimal? Number(JsonNode? node) => PrinterMessages.Number(node);

    private static TimeSpan? Seconds(JsonNode? node) => Number(node) is { } s && s is >= 0 and < 1e9m ? TimeSpan.FromSeconds((double)s) : null;

    /// <summary>PrusaSlicer's "1d 2h 3m 4s" (any of the parts), as it writes <c>estimated printing time (normal mode)</c>.</summary>
    private static TimeSpan? Duration(string? text)
    {
        if (text is null || DurationPattern().Match(text.Trim()) is not { Success: true } m || m.Length == 0)
        {
            return null;
        }

        static int Part(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        var time = new TimeSpan(Part(m.Groups["d"]), Part(m.Groups["h"]), Part(m.Groups["m"]), Part(m.Groups["s"]));
        return time > TimeSpan.Zero ? time : null;
    }

    private static string? Type(string[] types, int i) => i < types.Length && types[i].Length > 0 ? types[i] : null;

    [GeneratedRegex(@"^(?:(?<d>\d{1,4})d\s*)?(?:(?<h>\d{1,5})h\s*)?(?:(?<m>\d{1,5})m\s*)?(?:(?<s>\d{1,5})s)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DurationPattern();
}
