using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Batchivo.Devices;

namespace Batchivo.Printers.BambuLab;

/// <summary>
/// The printer's merged state and the job it is running, across connections: turns the changes of
/// <c>print.gcode_state</c> into job events. A job starts when the state leaves IDLE, FINISH and FAILED, and ends at
/// FINISH or FAILED (cancelled when the printer reported <c>print_error</c> 50348044, "the task was canceled", first).
/// </summary>
/// <remarks>Not thread-safe: the connector serialises access.</remarks>
internal sealed class BambuLabJobs(string serial)
{
    /// <summary>The <c>print_error</c> of a job the user cancelled (HMS 0300-400C, "The task was canceled").</summary>
    public const long CancelledError = 50348044;

    private static readonly HashSet<string> ActiveStates = ["PREPARE", "SLICING", "RUNNING", "PAUSE"];
    private Job? _current;
    private Ids? _lastEnded;
    private JsonObject? _projectFile;

    /// <summary>The merged <c>print</c> object of every report so far.</summary>
    public JsonObject State { get; private set; } = [];

    /// <summary>True once a full state (a report with <c>msg</c> 0, the answer to <c>pushall</c>) has been merged.</summary>
    public bool HasFullState { get; private set; }

    /// <summary>What the printer is doing now.</summary>
    public PrinterStatus Status(DateTimeOffset now)
    {
        var state = BambuLabReports.Text(State["gcode_state"]);
        var activity = state switch
        {
            "PREPARE" or "SLICING" or "RUNNING" => PrinterActivity.Printing,
            "PAUSE" => PrinterActivity.Paused,
            "FINISH" => PrinterActivity.Finished,
            "FAILED" => PrinterActivity.Error,
            "IDLE" => PrinterActivity.Idle,
            _ => HasFullState ? PrinterActivity.Idle : PrinterActivity.Offline,
        };
        PrinterJob? job = null;
        if (_current is { } current)
        {
            job = new PrinterJob(current.File, Progress() ?? 0m, now - current.Start, Remaining(), null, current.Id);
        }
        else if (FileName() is { } file && state is "FINISH" or "FAILED")
        {
            job = new PrinterJob(file, Progress() ?? 0m, TimeSpan.Zero, null, null, Key());
        }

        return new PrinterStatus(activity, job, now);
    }

    /// <summary>Applies one report's <c>print</c> object and returns the job events it makes.</summary>
    /// <param name="print">The report's <c>print</c> object.</param>
    /// <param name="now">When it arrived.</param>
    public List<PrinterJobEvent> Apply(JsonObject print, DateTimeOffset now)
    {
        var events = new List<PrinterJobEvent>();
        if (BambuLabReports.Text(print["command"]) == "project_file")
        {
            // Echoed once as a job starts, before its state leaves IDLE or FINISH: its AMS mapping goes with the start.
            _projectFile = (JsonObject)print.DeepClone();
            return events;
        }

        if (BambuLabReports.Text(print["msg"]) == "0")
        {
            State = [];
            HasFullState = true;
        }

        BambuLabReports.Merge(State, print);
        var state = BambuLabReports.Text(State["gcode_state"]);
        if (state is null)
        {
            return events;
        }

        // The printer clears print_error a few seconds after it reports it: what a job showed is kept with the job.
        if (_current is not null && BambuLabReports.Number(print["print_error"]) is { } error && error != 0)
        {
            _current = _current with { Error = error, CancelSeen = _current.CancelSeen || error == CancelledError };
        }

        if (_current is not null && BambuLabReports.Number(print["fail_reason"]) == CancelledError)
        {
            _current = _current with { CancelSeen = true };
        }

        var key = Key();
        var ids = IdsNow();
        if (ActiveStates.Contains(state))
        {
            if (_current is { } running && ids.Differ(running.Ids))
            {
                // Another job runs: the one known ended while nobody watched, and the printer does not say how.
                events.Add(End(running, PrinterJobEventKind.Finished, now, "it ended while the printer was not watched; the printer does not say how"));
            }

            if (_current is null)
            {
                if (_lastEnded is { } last && ids.Same(last))
                {
                    // A late report of a job already ended (out of order): it does not start it again.
                    return events;
                }

                var file = FileName() ?? _projectFile?["subtask_name"]?.ToString() ?? "unknown job";
                var id = key ?? $"{serial}-{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
                // A job that is only preparing still shows the last job's progress (100 after a FINISH).
                var startedAt = state is "RUNNING" or "PAUSE" ? Progress() ?? 0m : 0m;
                _current = new Job(id, ids, file, now, state == "PAUSE", startedAt, false);
                events.Add(new PrinterJobEvent(PrinterJobEventKind.Started, id, file, now, startedAt, Detail: AmsMapping()));
                _projectFile = null;
            }

            var current = _current;
            if (state == "PAUSE" && !current.Paused)
            {
                _current = current = current with { Paused = true };
                events.Add(new PrinterJobEvent(PrinterJobEventKind.Paused, current.Id, current.File, now));
            }
            else if (state != "PAUSE" && current.Paused)
            {
                _current = current = current with { Paused = false };
                events.Add(new PrinterJobEvent(PrinterJobEventKind.Resumed, current.Id, current.File, now));
            }

            // Progress is reported in steps of 5 %, not at every report.
            if (state == "RUNNING" && Progress() is { } progress && progress - current.LastProgress >= 0.05m)
            {
                _current = current with { LastProgress = progress };
                events.Add(new PrinterJobEvent(PrinterJobEventKind.Progress, current.Id, current.File, now, progress));
            }
        }
        else if (state is "FINISH" or "FAILED")
        {
            if (_current is { } ended)
            {
                var cancelled = ended.CancelSeen || BambuLabReports.Number(State["fail_reason"]) == CancelledError;
                var kind = state == "FINISH" ? PrinterJobEventKind.Finished : cancelled ? PrinterJobEventKind.Cancelled : PrinterJobEventKind.Failed;
                events.Add(End(ended, kind, now, kind == PrinterJobEventKind.Failed ? FailureOf(State, ended.Error) : null));
            }
        }
        else if (state == "IDLE" && _current is { } idle)
        {
            events.Add(End(idle, PrinterJobEventKind.Failed, now, "the printer went idle without finishing the job (restarted?)"));
        }

        return events;
    }

    /// <summary>
    /// The job the full state names as ended (FINISH or FAILED) when no job is known running: the printer keeps no
    /// history, so this last job is all a watch given a <c>since</c> can recover. Reported once per connector; only for a
    /// job with the printer's own id (a LAN print without one cannot be told from a later print of the same file).
    /// </summary>
    public List<PrinterJobEvent> Reconcile(DateTimeOffset now)
    {
        var state = BambuLabReports.Text(State["gcode_state"]);
        var key = Key();
        if (_current is not null || state is not ("FINISH" or "FAILED") || key is null || (_lastEnded is { } last && IdsNow().Same(last)) || FileName() is not { } file)
        {
            return [];
        }

        var kind = state == "FINISH" ? PrinterJobEventKind.Finished
            : BambuLabReports.Number(State["fail_reason"]) == CancelledError || BambuLabReports.Number(State["print_error"]) == CancelledError ? PrinterJobEventKind.Cancelled
            : PrinterJobEventKind.Failed;
        _lastEnded = IdsNow();
        return
        [
            new PrinterJobEvent(PrinterJobEventKind.Started, key, file, now, FromHistory: true),
            new PrinterJobEvent(kind, key, file, now, kind == PrinterJobEventKind.Finished ? 1m : null, Detail: kind == PrinterJobEventKind.Failed ? FailureOf(State, null) : null, FromHistory: true),
        ];
    }

    private PrinterJobEvent End(Job job, PrinterJobEventKind kind, DateTimeOffset now, string? detail)
    {
        _current = null;
        _lastEnded = job.Ids;
        return new PrinterJobEvent(kind, job.Id, job.File, now, kind == PrinterJobEventKind.Finished ? 1m : Progress(), Detail: detail);
    }

    /// <summary>
    /// The printer's own id of the job: <c>job_id</c>, else <c>task_id</c>, else <c>gcode_start_time</c>; null for a
    /// print sent over the LAN by a printer that gives none of them (all "0").
    /// </summary>
    private string? Key() =>
        BambuLabReports.Id(State["job_id"]) ?? BambuLabReports.Id(State["task_id"]) ??
        (BambuLabReports.Id(State["gcode_start_time"]) is { } start ? $"{serial}-{start}" : null);

    /// <summary>The job's file: <c>gcode_file</c> unless it is the plate inside the project (X1: /data/Metadata/plate_1.gcode), else <c>subtask_name</c>.</summary>
    private string? FileName()
    {
        var gcode = BambuLabReports.Text(State["gcode_file"]);
        if (gcode is { Length: > 0 } && !gcode.Contains("Metadata/", StringComparison.Ordinal))
        {
            return gcode[(gcode.LastIndexOf('/') + 1)..];
        }

        return BambuLabReports.Text(State["subtask_name"]) is { Length: > 0 } name ? name : null;
    }

    private decimal? Progress() => BambuLabReports.Number(State["mc_percent"]) is { } percent ? Math.Clamp(percent / 100m, 0m, 1m) : null;

    private TimeSpan? Remaining() => BambuLabReports.Number(State["mc_remaining_time"]) is { } minutes and >= 0 ? TimeSpan.FromMinutes((double)minutes) : null;

    /// <summary>
    /// The AMS mapping of the <c>project_file</c> command that started the job: which tray feeds each of the slicer's
    /// filaments (tray index = AMS unit × 4 + slot; 254 the external spool; -1 unused), with the tray's material and
    /// colour from the state. Null when the printer echoed no mapping.
    /// </summary>
    private string? AmsMapping()
    {
        if (_projectFile?["ams_mapping"] is not JsonArray { Count: > 0 } mapping)
        {
            return null;
        }

        var text = new StringBuilder("AMS mapping:");
        for (var i = 0; i < mapping.Count; i++)
        {
            var tray = BambuLabReports.Number(mapping[i]) is { } n ? (int)n : -1;
            text.Append(i == 0 ? " " : "; ").Append(CultureInfo.InvariantCulture, $"filament {i + 1} → ");
            if (tray < 0)
            {
                text.Append("unused");
                continue;
            }

            var (where, found) = tray is 254 or 255
                ? ("external spool", State["vt_tray"] as JsonObject)
                : ($"AMS {(tray / 4) + 1} slot {(tray % 4) + 1}", Tray(tray / 4, tray % 4));
            text.Append(where);
            if (found is not null && BambuLabReports.Text(found["tray_type"]) is { Length: > 0 } type)
            {
                var colour = BambuLabReports.Text(found["tray_color"]);
                text.Append(" (").Append(type).Append(colour is { Length: >= 6 } ? $" #{colour[..6]}" : string.Empty).Append(')');
            }
        }

        if (BambuLabReports.Text(_projectFile["url"]) is { Length: > 0 } url && !url.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            text.Append("; file ").Append(url);
            if (BambuLabReports.Text(_projectFile["param"]) is { Length: > 0 } plate)
            {
                text.Append(' ').Append(plate);
            }
        }

        return text.ToString();
    }

    private JsonObject? Tray(int unit, int slot) =>
        (State["ams"]?["ams"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(a => BambuLabReports.Text(a["id"]) == unit.ToString(CultureInfo.InvariantCulture))?["tray"] is JsonArray trays
            ? trays.OfType<JsonObject>().FirstOrDefault(t => BambuLabReports.Text(t["id"]) == slot.ToString(CultureInfo.InvariantCulture))
            : null;

    private static string FailureOf(JsonObject state, decimal? seen)
    {
        var code = BambuLabReports.Number(state["print_error"]) is { } e && e != 0 ? e
            : seen is { } latched ? latched
            : BambuLabReports.Number(state["fail_reason"]) is { } f && f != 0 ? f : (decimal?)null;
        if (code is not { } value)
        {
            return "the printer reports FAILED";
        }

        var hex = ((long)value).ToString("X8", CultureInfo.InvariantCulture);
        return $"the printer reports FAILED, error {hex[..4]}-{hex[4..]} (print_error {value.ToString(CultureInfo.InvariantCulture)})";
    }

    private Ids IdsNow() => new(BambuLabReports.Id(State["job_id"]), BambuLabReports.Id(State["task_id"]), BambuLabReports.Id(State["gcode_start_time"]));

    private sealed record Job(string Id, Ids Ids, string File, DateTimeOffset Start, bool Paused, decimal LastProgress, bool CancelSeen, decimal? Error = null);

    /// <summary>The ids the printer gives a job; partial reports may bring them one by one, so each is compared alone.</summary>
    private readonly record struct Ids(string? JobId, string? TaskId, string? StartTime)
    {
        public bool IsEmpty => JobId is null && TaskId is null && StartTime is null;

        /// <summary>True when an id both name differs: another job.</summary>
        public bool Differ(Ids other) =>
            (JobId is not null && other.JobId is not null && JobId != other.JobId) ||
            (TaskId is not null && other.TaskId is not null && TaskId != other.TaskId) ||
            (StartTime is not null && other.StartTime is not null && StartTime != other.StartTime);

        /// <summary>True when both name the same job by an id of the printer's.</summary>
        public bool Same(Ids other) => !IsEmpty && !other.IsEmpty && !Differ(other) &&
            ((JobId is not null && JobId == other.JobId) || (TaskId is not null && TaskId == other.TaskId) || (StartTime is not null && StartTime == other.StartTime));
    }
}
