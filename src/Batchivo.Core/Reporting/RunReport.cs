using Batchivo.Production;

namespace Batchivo.Reporting;

/// <summary>A product's line in a run report.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="Name">The name.</param>
/// <param name="Quantity">Units on the plate.</param>
/// <param name="Successful">Successful units, once recorded.</param>
/// <param name="Failed">Failed units, once recorded.</param>
/// <param name="Estimated">Estimated grams for the item.</param>
public sealed record RunReportItem(string Sku, string Name, int Quantity, int? Successful, int? Failed, Mass Estimated);

/// <summary>Everything a host shows about a run's result and its variance, as data (hosts may serialize it).</summary>
/// <param name="Number">The run number.</param>
/// <param name="Status">The status.</param>
/// <param name="PrinterName">The printer.</param>
/// <param name="IsReprint">Whether the run reprints another run's failed units.</param>
/// <param name="Items">The products.</param>
/// <param name="Estimated">Estimated total.</param>
/// <param name="Actual">Actual total, once weighed after.</param>
/// <param name="Variance">Actual - estimated.</param>
/// <param name="VariancePercent">Variance in percent of the estimate.</param>
/// <param name="Breakdown">The variance by cause.</param>
/// <param name="CostVariance">The cost of the variance.</param>
/// <param name="EstimatedCost">Estimated filament cost.</param>
/// <param name="ActualCost">Actual filament cost.</param>
/// <param name="MaterialTable">Per material: actual use, purge, total.</param>
/// <param name="Quality">The rating.</param>
/// <param name="Notes">The notes.</param>
/// <param name="EstimateSource">Where the estimates come from.</param>
/// <param name="EstimateSourceName">The slicer file, if any.</param>
public sealed record RunReport(
    int Number,
    RunStatus Status,
    string PrinterName,
    bool IsReprint,
    IReadOnlyList<RunReportItem> Items,
    Mass Estimated,
    Mass? Actual,
    Mass? Variance,
    decimal? VariancePercent,
    VarianceBreakdown? Breakdown,
    Money? CostVariance,
    Money? EstimatedCost,
    Money? ActualCost,
    IReadOnlyList<MaterialUsageRow> MaterialTable,
    QualityRating? Quality,
    string? Notes,
    EstimateSource EstimateSource,
    string? EstimateSourceName)
{
    /// <summary>For a reprint: the number of the run whose failed units it reprints, when known.</summary>
    public int? ReprintOf { get; init; }

    /// <summary>The printer job the run follows, when a printer connector started it.</summary>
    public PrinterJobLink? PrinterJob { get; init; }

    /// <summary>Builds the report of a run.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The report.</returns>
    /// <exception cref="CurrencyMismatchException">The run's spools are priced in different currencies.</exception>
    public static RunReport From(ProductionRun run) => From(run, null);

    /// <summary>Builds the report of a run, with the number of the run it reprints (see <see cref="ReprintOf"/>).</summary>
    /// <param name="run">The run.</param>
    /// <param name="reprintOf">For a reprint, the original run's number; null when the run is no reprint or the number is unknown.</param>
    /// <returns>The report.</returns>
    /// <exception cref="CurrencyMismatchException">The run's spools are priced in different currencies.</exception>
    public static RunReport From(ProductionRun run, int? reprintOf)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunReport(
            run.Number,
            run.Status,
            run.PrinterName,
            run.OriginalRunId is not null,
            [.. run.Items.Select(i => new RunReportItem(i.Sku, i.Name, i.Quantity, i.Successful, i.Failed, i.EstimatedGrams))],
            run.EstimatedTotal,
            run.ActualTotal,
            run.Variance,
            run.VariancePercent,
            run.Breakdown(),
            run.CostVariance(),
            run.EstimatedCost(),
            run.ActualCost(),
            run.MaterialTable(),
            run.Quality,
            run.Notes,
            run.EstimateSource,
            run.EstimateSourceName)
        {
            ReprintOf = run.OriginalRunId is null ? null : reprintOf,
            PrinterJob = run.PrinterJob,
        };
    }
}
