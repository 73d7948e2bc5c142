using System.Text.Json;
using System.Text.Json.Nodes;
using Batchivo.Devices;

namespace Batchivo.Printers.OctoPrint;

/// <summary>The connector's job ids and its reconciling of the job that runs or last ran when a connection opens.</summary>
public sealed partial class OctoPrintConnector
{
    /// <summary>The job running now or the last one (<c>/api/job</c>), and, when the last one ended after <paramref name="since"/>, its end from the file's print history.</summary>
    private async Task<List<PrinterJobEvent>> ReconcileAsync(DateTimeOffset? since, Watch watch, CancellationToken cancellationToken)
    {
        var events = new List<PrinterJobEvent>();
        var answer = await GetAsync("api/job", cancellationToken).ConfigureAwait(false);
        var jobFile = answer["job"]?["file"];
        if (OctoPrintJobs.FileOf(jobFile) is not { } file)
        {
            return events;
        }

        var activity = OctoPrintJobs.Activity(Text(answer["state"]), Number(answer["progress"]?["completion"]));
        if (OctoPrintJobs.IsRunning(activity))
        {
            var running = await RunningAsync(file, jobFile, cancellationToken).ConfigureAwait(false);
            var printed = Number(answer["progress"]?["printTime"]) ?? 0m;
            var started = new PrinterJobEvent(PrinterJobEventKind.Started, running.Id, file.Name, Now().AddSeconds(-(double)printed), 0m, running.Estimate, FromHistory: since is not null);
            watch.Start(started, file);
            events.Add(started);
            if (activity == PrinterActivity.Paused)
            {
                watch.Paused = true;
                events.Add(started with { Kind = PrinterJobEventKind.Paused, At = Now(), Estimate = null });
            }

            return events;
        }

        // OctoPrint keeps no job history, only each file's last print: with nothing seen before, that is not this host's to track.
        if (since is null || file.Origin != OctoPrintJobs.LocalOrigin)
        {
            return events;
        }

        var metadata = await FileAsync(file, cancellationToken).ConfigureAwait(false);
        var last = metadata?["prints"]?["last"];
        if (OctoPrintJobs.Time(last?["date"]) is not { } ended || ended < since.Value.AddSeconds(-1) || OctoPrintJobs.PrintsOf(metadata) is not (> 0 and var n))
        {
            return events;
        }

        var id = OctoPrintJobs.Id(file, OctoPrintJobs.DateOf(metadata, jobFile), n);
        var success = last?["success"]?.GetValueKind() == JsonValueKind.True;
        var took = Number(last?["printTime"]);
        var start = new PrinterJobEvent(
            PrinterJobEventKind.Started,
            id,
            file.Name,
            took is > 0 ? ended.AddSeconds(-(double)took.Value) : ended,
            0m,
            OctoPrintJobs.Estimate(metadata?["gcodeAnalysis"]?["filament"], metadata?["gcodeAnalysis"]?["estimatedPrintTime"]),
            FromHistory: true);
        events.Add(start);

        // The history tells a success from a failure, not a cancel from an error.
        events.Add(start with
        {
            Kind = success ? PrinterJobEventKind.Finished : PrinterJobEventKind.Failed,
            At = ended,
            Progress = success ? 1m : null,
            Detail = success ? null : "OctoPrint's print history says it did not succeed (failed or cancelled)",
        });
        watch.Start(start, file);
        watch.Ended.Add(id);
        Ended(file, id);
        return events;
    }

    /// <summary>The id and estimate of the job that runs <paramref name="file"/> now.</summary>
    private async Task<(string Id, SlicedJob? Estimate)> RunningAsync(JobFile file, JsonNode? jobFile, CancellationToken cancellationToken)
    {
        var metadata = await FileAsync(file, cancellationToken).ConfigureAwait(false);
        var estimate = OctoPrintJobs.Estimate(metadata?["gcodeAnalysis"]?["filament"], metadata?["gcodeAnalysis"]?["estimatedPrintTime"]);
        lock (_gate)
        {
            if (file.Origin == OctoPrintJobs.LocalOrigin && metadata is not null)
            {
                var n = OctoPrintJobs.PrintsOf(metadata) + 1;
                if (_lastEnded.TryGetValue(file.Key, out var ended) && ended >= n)
                {
                    n = ended + 1;
                }

                return (OctoPrintJobs.Id(file, OctoPrintJobs.DateOf(metadata, jobFile), n), estimate);
            }

            // No print history for this file (the printer's SD card): the id holds when this connector first saw the job.
            if (!_untracked.TryGetValue(file.Key, out var id))
            {
                id = $"{file.Key}@{Now().ToUnixTimeSeconds()}";
                _untracked[file.Key] = id;
            }

            return (id, estimate);
        }
    }

    private void Ended(JobFile file, string id)
    {
        lock (_gate)
        {
            var hash = id.LastIndexOf('#');
            if (hash > 0 && int.TryParse(id.AsSpan(hash + 1), out var n) && (!_lastEnded.TryGetValue(file.Key, out var before) || before < n))
            {
                _lastEnded[file.Key] = n;
            }

            _untracked.Remove(file.Key);
        }
    }
}
