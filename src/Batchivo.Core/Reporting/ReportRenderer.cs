using System.Globalization;
using System.Text;
using Batchivo.Statistics;

namespace Batchivo.Reporting;

/// <summary>Renders reports as plain text, so every host shows the same thing.</summary>
public static class ReportRenderer
{
    private static readonly string[] MaterialHeader = ["Material", "Actual Use", "Purge", "Total"];

    /// <summary>The run result block: products, material usage, quality and notes.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The text, lines separated by '\n'.</returns>
    public static string RenderResult(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var title = $"Production Run #{report.Number} - {StatusText(report.Status)}";
        Title(text, title);
        if (report.IsReprint)
        {
            text.Append(report.ReprintOf is { } original ? $"Reprint of run #{original.ToString(CultureInfo.InvariantCulture)}\n" : "Reprint of failed units\n");
        }

        text.Append("Products:\n");
        foreach (var item in report.Items)
        {
            text.Append("  ").Append(item.Name).Append(": ").Append(Outcome(item)).Append('\n');
        }

        text.Append("\nMaterial Usage:\n");
        text.Append("  Estimated: ").Append(report.Estimated.ToReportString());
        if (report.EstimateSourceName is { } source)
        {
            text.Append(" (from slicer: ").Append(source).Append(')');
        }

        text.Append('\n');
        if (report.Actual is { } actual && report.Variance is { } variance)
        {
            text.Append("  Actual: ").Append(actual.ToReportString())
                .Append(" (").Append(variance.ToReportString(showPlus: true)).Append(" / ").Append(Percent.Format(report.VariancePercent)).Append(")\n");
        }
        else if (report.Status == Production.RunStatus.Cancelled)
        {
            // A cancelled run is final: its spools will never be weighed for it.
            text.Append("  Actual: not weighed (cancelled)\n");
        }
        else
        {
            text.Append("  Actual: not weighed yet\n");
        }

        if (report.Quality is { } quality)
        {
            text.Append('\n').Append("Quality: ").Append(quality).Append('\n');
        }

        if (report.Notes is { } notes)
        {
            text.Append(report.Quality is null ? "\n" : string.Empty).Append("Notes: ").Append(notes).Append('\n');
        }

        if (report.PrinterJob is { } job)
        {
            text.Append("\nPrinter job: ").Append(job.Connector).Append(' ').Append(job.JobId).Append(" (").Append(job.FileName).Append(')');
            if (job.End is { } end)
            {
                text.Append(", ").Append(end.ToString().ToLowerInvariant()).Append(" on the printer");
            }

            text.Append('\n');
            foreach (var line in job.TrailLinesList)
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The variance report: material variance, its breakdown and the cost variance.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The text, lines separated by '\n'.</returns>
    public static string RenderVariance(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        Title(text, "Variance Report");
        if (report.Breakdown is not { } breakdown)
        {
            text.Append("Not available until every spool is weighed after the print.\n");
            return text.ToString();
        }

        text.Append("Material Variance: ").Append(breakdown.Total.ToReportString(showPlus: true))
            .Append(" (").Append(Percent.Format(report.VariancePercent)).Append(")\n");
        text.Append("  - Supports: ").Append(breakdown.Supports.ToReportString(showPlus: true)).Append('\n');
        text.Append("  - Purge/Tower: ").Append(breakdown.PurgeTower.ToReportString(showPlus: true)).Append('\n');
        if (breakdown.Model.IsNegative && report.Status == Production.RunStatus.Completed)
        {
            text.Append("  - Savings: ").Append(breakdown.Model.ToReportString(showPlus: true)).Append(" (efficient pathing)\n");
        }
        else if (breakdown.Model.IsNegative)
        {
            // A failed or cancelled plate stopped early: less filament than estimated is a shortfall, not a saving.
            text.Append("  - Model: ").Append(breakdown.Model.ToReportString(showPlus: true))
                .Append(report.Status == Production.RunStatus.Failed ? " (shortfall: the plate failed)\n" : " (shortfall: the run was cancelled)\n");
        }
        else
        {
            text.Append("  - Model: ").Append(breakdown.Model.ToReportString(showPlus: true)).Append('\n');
        }

        if (report.CostVariance is { } cost)
        {
            text.Append("\nCost Variance: ").Append(cost.ToDisplayString(showPlus: true)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The multi-colour table: per material, actual use, purge and total.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The text, lines separated by '\n'.</returns>
    public static string RenderMaterialTable(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<string[]> { MaterialHeader };
        rows.AddRange(report.MaterialTable.Select(r => new[]
        {
            r.Material.ToString(), r.ActualUse.ToReportString(), r.Purge.ToReportString(), r.Total.ToReportString(),
        }));
        return Table(rows);
    }

    /// <summary>Statistics as plain text.</summary>
    /// <param name="statistics">The statistics.</param>
    /// <param name="outliers">Outliers to list, if any.</param>
    /// <returns>The text, lines separated by '\n'.</returns>
    public static string RenderStatistics(ProductionStatistics statistics, IReadOnlyList<VarianceOutlier>? outliers = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var s = statistics;
        var text = new StringBuilder();
        Title(text, "Production Statistics");
        var c = s.RunsByStatus;
        text.Append(CultureInfo.InvariantCulture, $"Runs: {c.Total} (completed {c.Completed}, failed {c.Failed}, cancelled {c.Cancelled}, in progress {c.InProgress}, draft {c.Draft})\n");
        text.Append(CultureInfo.InvariantCulture, $"Total runs completed: {s.RunsCompleted}\n");
        text.Append(CultureInfo.InvariantCulture, $"Success rate: {Share(s.UnitSuccessRate)} of units ({s.UnitsSuccessful}/{s.UnitsSuccessful + s.UnitsFailed}), {Share(s.RunSuccessRate)} of runs without failures ({s.RunsWithoutFailures}/{s.RunsFinished})\n");
        text.Append(CultureInfo.InvariantCulture, $"Average variance: {Percent.Format(s.AverageVariancePercent)} per run, {Percent.Format(s.TotalVariancePercent)} overall ({s.TotalVariance.ToReportString(showPlus: true)} on {s.TotalEstimated.ToReportString()})\n");
        text.Append(CultureInfo.InvariantCulture, $"Material used: {s.MaterialUsed.ToReportString()}, waste {s.Waste.ToReportString()} ({Share(s.WasteShare)}: purge/tower {s.PurgeWaste.ToReportString()}, failed units {s.FailedUnitsWaste.ToReportString()})\n");
        text.Append(CultureInfo.InvariantCulture, $"Reprint rate: {Share(s.ReprintRate)} ({s.ReprintedUnits}/{s.UnitsPrinted} units)\n");
        text.Append(CultureInfo.InvariantCulture, $"Average quality: {(s.AverageQuality is { } q ? q.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "/5" : "n/a")} ({Count(s.RatedRuns, "rated run")})\n");
        text.Append("\nMost printed products:\n");
        foreach (var p in s.TopProducts)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {p.Name} ({p.Sku}): {p.SuccessfulUnits} successful, {p.FailedUnits} failed, {Count(p.Runs, "run")}\n");
        }

        text.Append("\nBusiest printers:\n");
        foreach (var p in s.BusiestPrinters)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {p.Name}: {Count(p.Runs, "run")}, {p.PrintHours.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} h\n");
        }

        if (outliers is { Count: > 0 })
        {
            text.Append("\nOutliers:\n");
            foreach (var o in outliers)
            {
                text.Append(CultureInfo.InvariantCulture, $"  Run #{o.RunNumber} {o.ProductName}: {Percent.Format(o.VariancePercent)} (usual {Percent.Format(o.UsualVariancePercent)})\n");
            }
        }

        return text.ToString();
    }

    private static string Outcome(RunReportItem item) => item.Successful is { } ok && item.Failed is { } failed
        ? failed > 0 ? $"{ok}/{item.Quantity} successful ({failed} failed)" : $"{ok}/{item.Quantity} successful"
        : $"{item.Quantity} planned";

    private static string StatusText(Production.RunStatus status) => status switch
    {
        Production.RunStatus.InProgress => "In Progress",
        _ => status.ToString(),
    };

    /// <summary>A count with its noun, singular for one: "1 run", "2 runs".</summary>
    /// <param name="count">The count.</param>
    /// <param name="noun">The noun in the singular (English plural with -s).</param>
    /// <returns>The text.</returns>
    public static string Count(long count, string noun)
    {
        ArgumentNullException.ThrowIfNull(noun);
        return count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
    }

    /// <summary>A run's status in words, as reports show it: Draft, In Progress, Completed, Failed, Cancelled.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The words.</returns>
    public static string StatusWords(Production.RunStatus status) => StatusText(status);

    private static string Share(decimal? ratio) => ratio is { } r ? Percent.Format(r * 100m, showPlus: false) : "n/a";

    private static void Title(StringBuilder text, string title) =>
        text.Append(title).Append('\n').Append(new string('─', title.Length)).Append('\n');

    private static string Table(List<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd()).Append('\n');
        }

        return text.ToString();
    }
}
