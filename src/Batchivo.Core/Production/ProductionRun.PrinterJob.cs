using Batchivo.Catalog;

namespace Batchivo.Production;

/// <summary>How a printer says a run's job ended.</summary>
public enum PrintEnd
{
    /// <summary>The job finished as planned.</summary>
    Finished,

    /// <summary>The job ended in an error.</summary>
    Failed,

    /// <summary>Someone cancelled the job.</summary>
    Cancelled,
}

/// <summary>The printer job a run follows: which connector and job started it, and what the printer said since.</summary>
/// <param name="Connector">The connector that reported the job (moonraker, octoprint...).</param>
/// <param name="JobId">The printer's own id of the job; a run follows one job, and a job one run.</param>
/// <param name="FileName">The job's file.</param>
/// <param name="End">How the printer says the job ended, once it has.</param>
/// <param name="EndedAt">When the printer said so.</param>
/// <param name="Trail">What was decided about the run from the printer's events, one line each, oldest first.</param>
public sealed record PrinterJobLink(string Connector, string JobId, string FileName, PrintEnd? End = null, DateTimeOffset? EndedAt = null, string? Trail = null)
{
    /// <summary>The most lines <see cref="Trail"/> keeps (the oldest go first).</summary>
    public const int TrailLines = 20;

    /// <summary>The trail's lines.</summary>
    public IReadOnlyList<string> TrailLinesList => Trail is null ? [] : Trail.Split('\n');

    /// <summary>The link with one more line in its trail.</summary>
    /// <param name="line">What was decided.</param>
    /// <param name="at">When.</param>
    /// <returns>The link.</returns>
    public PrinterJobLink WithLine(string line, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        var entry = $"{at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z {line.ReplaceLineEndings(" ").Trim()}";
        var lines = TrailLinesList.Append(entry).TakeLast(TrailLines);
        return this with { Trail = string.Join('\n', lines) };
    }
}

// Runs that follow a printer's job: started, ended and noted from the printer's events.
public sealed partial class ProductionRun
{
    /// <summary>The printer job this run follows, when a printer connector started it.</summary>
    public PrinterJobLink? PrinterJob { get; private set; }

    /// <summary>True when the printer says the job ended but the run is still in progress: it waits for its weights after (and outcomes).</summary>
    public bool AwaitsWeightsAfter => Status == RunStatus.InProgress && PrinterJob?.End is not null;

    /// <summary>
    /// Starts the run because its printer started a job: Draft to InProgress, following <paramref name="job"/>. The
    /// printer is already printing, so the readiness rules of <see cref="Start"/> (products, spools, weights before)
    /// do not apply: what is missing stays missing and its figures stay unknown. A spool still cannot be in two runs in
    /// progress.
    /// </summary>
    /// <param name="job">The job, with the first line of its trail.</param>
    /// <param name="spools">The run's spools, freshly loaded.</param>
    /// <param name="at">When the job started.</param>
    /// <param name="bookWeightsBefore">True to take each spool's last known weight as a missing weight before (a printer trusted for usage, in a shop without a scale).</param>
    /// <exception cref="RunStateException">The run is not a draft.</exception>
    /// <exception cref="SpoolInUseException">A spool is in another run in progress.</exception>
    public void StartFromPrinter(PrinterJobLink job, IReadOnlyCollection<Spool> spools, DateTimeOffset at, bool bookWeightsBefore)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(spools);
        RequireStatus("start", RunStatus.Draft);
        var byId = MatchSpools(spools);
        foreach (var spool in byId.Values)
        {
            if (spool.ActiveRunId is { } other && other != Id)
            {
                throw new SpoolInUseException(spool.Code, other);
            }
        }

        if (bookWeightsBefore)
        {
            foreach (var material in _materials.ToList())
            {
                if (material.WeightBefore is null && byId[material.SpoolId].GrossWeight is { } gross)
                {
                    Replace(material, material with { WeightBefore = gross });
                }
            }
        }

        foreach (var spool in byId.Values)
        {
            spool.MarkInUse(Id);
        }

        PrinterJob = job;
        Status = RunStatus.InProgress;
        StartedAt = at;
        Invalidate();
    }

    /// <summary>Adds a line to the printer job's trail (allowed in any status).</summary>
    /// <param name="line">What was decided.</param>
    /// <param name="at">When.</param>
    /// <exception cref="InvalidOperationException">The run follows no printer job.</exception>
    public void NotePrinterJob(string line, DateTimeOffset at) =>
        PrinterJob = (PrinterJob ?? throw new InvalidOperationException($"Run #{Number} follows no printer job.")).WithLine(line, at);

    /// <summary>Records how the printer says the job ended (InProgress only). The first end counts; the same or another end again changes nothing.</summary>
    /// <param name="end">How it ended.</param>
    /// <param name="at">When.</param>
    /// <param name="line">The trail's line for it.</param>
    /// <returns>True when recorded, false when an end was recorded before.</returns>
    /// <exception cref="InvalidOperationException">The run follows no printer job.</exception>
    /// <exception cref="RunStateException">The run is not in progress.</exception>
    public bool RecordPrintEnd(PrintEnd end, DateTimeOffset at, string line)
    {
        var job = PrinterJob ?? throw new InvalidOperationException($"Run #{Number} follows no printer job.");
        if (job.End is not null)
        {
            return false;
        }

        RequireStatus("record the printer's end of its job", RunStatus.InProgress);
        PrinterJob = job.WithLine(line, at) with { End = end, EndedAt = at };
        return true;
    }

    /// <summary>
    /// Records the printer-reported usage as the weights after (a printer trusted for usage): each spool's weight after
    /// is its weight before less its share of <paramref name="used"/>, shared in proportion to the spools' estimates
    /// (evenly when there are none). Units without an outcome count as successful. Spools already weighed after keep
    /// their weighing.
    /// </summary>
    /// <param name="used">The filament the printer reports for the job.</param>
    /// <exception cref="RunStateException">The run is not in progress.</exception>
    /// <exception cref="DomainRuleException">A spool has no weight before, or the usage is more than it held.</exception>
    public void RecordPrinterUsage(Mass used)
    {
        RequireStatus("record the printer's usage", RunStatus.InProgress);
        var open = _materials.Where(m => m.WeightAfter is null).ToList();
        var noBefore = open.Where(m => m.WeightBefore is null).Select(m => m.SpoolCode).ToList();
        if (noBefore.Count > 0)
        {
            throw new DomainRuleException(DomainRule.NeedsWeightBefore, $"Run #{Number} cannot take the printer's usage: {Spools(noBefore)} no weight before. Weigh {(noBefore.Count == 1 ? "it" : "them")} after instead.");
        }

        var estimated = open.Sum(m => m.EstimatedTotal.Grams);
        var left = used.Grams;
        for (var i = 0; i < open.Count; i++)
        {
            var material = open[i];
            var share = i == open.Count - 1 ? left
                : Math.Round(used.Grams * (estimated > 0 ? material.EstimatedTotal.Grams / estimated : 1m / open.Count), 2, MidpointRounding.AwayFromZero);
            left -= share;
            var after = material.WeightBefore!.Value.Grams - share;
            if (after <= 0)
            {
                throw new DomainRuleException(DomainRule.WeightAfterAboveBefore, $"The printer reports {Limits.Grams(share)} from spool {material.SpoolCode}, more than its weight before ({Limits.Grams(material.WeightBefore.Value.Grams)}). Weigh the spool after instead.");
            }

            Replace(material, material with { WeightAfter = Mass.FromGrams(after) });
        }

        for (var i = 0; i < _items.Count; i++)
        {
            if (!_items[i].HasOutcome)
            {
                _items[i] = _items[i] with { Successful = _items[i].Quantity, Failed = 0 };
            }
        }

        Invalidate();
    }
}
