using Batchivo.Production;

namespace Batchivo.Statistics;

/// <summary>
/// The sums production statistics are built from: what <see cref="StatisticsCalculator"/> adds up run by run, and
/// what a store's aggregate queries (<see cref="Storage.IStatisticsStore"/>) return. <see cref="ToStatistics"/>
/// derives every rate, mean and ranking from them, so both ways give the same figures by construction.
/// </summary>
/// <remarks>
/// A new statistic derived from these sums is added in <see cref="ToStatistics"/> only; a new sum is added here and
/// filled by the calculator and by the store's aggregate.
/// </remarks>
public sealed class StatisticsSums
{
    /// <summary>Draft runs.</summary>
    public int Draft { get; set; }

    /// <summary>Runs in progress.</summary>
    public int InProgress { get; set; }

    /// <summary>Completed runs.</summary>
    public int Completed { get; set; }

    /// <summary>Failed runs.</summary>
    public int Failed { get; set; }

    /// <summary>Cancelled runs.</summary>
    public int Cancelled { get; set; }

    /// <summary>Successful units of finished (completed or failed) runs, of the query's product when it names one.</summary>
    public long UnitsSuccessful { get; set; }

    /// <summary>Failed units of finished runs, of the query's product when it names one.</summary>
    public long UnitsFailed { get; set; }

    /// <summary>Units on the plates of finished runs (planned quantity), of the query's product when it names one.</summary>
    public long UnitsPrinted { get; set; }

    /// <summary>Of <see cref="UnitsPrinted"/>, the units on reprint runs.</summary>
    public long ReprintedUnits { get; set; }

    /// <summary>Finished runs with no failed unit (of the query's product when it names one).</summary>
    public int RunsWithoutFailures { get; set; }

    /// <summary>Completed runs with a variance percent (weighed after, something estimated).</summary>
    public int RunsWithVariance { get; set; }

    /// <summary>The sum of those runs' variance percents.</summary>
    public decimal VariancePercentSum { get; set; }

    /// <summary>Those runs' estimated grams.</summary>
    public decimal EstimatedGrams { get; set; }

    /// <summary>Those runs' variance grams (actual - estimated).</summary>
    public decimal VarianceGrams { get; set; }

    /// <summary>Grams used by the weighed spools of completed, failed and cancelled runs.</summary>
    public decimal MaterialUsedGrams { get; set; }

    /// <summary>Purge and tower grams of the same runs.</summary>
    public decimal PurgeWasteGrams { get; set; }

    /// <summary>The failed units' share of the model filament of the same runs, in grams.</summary>
    public decimal FailedUnitsWasteGrams { get; set; }

    /// <summary>Runs with a quality rating.</summary>
    public int RatedRuns { get; set; }

    /// <summary>The stars of the rated runs, summed.</summary>
    public long Stars { get; set; }

    /// <summary>Rated runs by their stars: five counts, index 0 for one star.</summary>
    public IList<int> RunsByQuality { get; } = new int[QualityRating.MaxStars];

    /// <summary>Each product's output over the finished runs, one entry per product, in any order.</summary>
    public IList<ProductOutput> Products { get; } = new List<ProductOutput>();

    /// <summary>Each printer's started runs and print time, one entry per printer, in any order.</summary>
    public IList<PrinterUse> Printers { get; } = new List<PrinterUse>();

    /// <summary>Builds the statistics: counts, rates, means and the top products and busiest printers.</summary>
    /// <param name="query">The query the sums were taken for (its <see cref="StatisticsQuery.Top"/> limits the lists).</param>
    /// <returns>The statistics.</returns>
    public ProductionStatistics ToStatistics(StatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var finished = Completed + Failed;
        var top = Products
            .OrderByDescending(p => p.SuccessfulUnits).ThenBy(p => p.Sku, StringComparer.OrdinalIgnoreCase)
            .Take(query.Top)
            .ToList();
        var busiest = Printers
            .Select(p => new PrinterOutput(p.PrinterId, p.Name, p.Runs, (decimal)p.PrintTime.TotalHours))
            .OrderByDescending(p => p.Runs).ThenByDescending(p => p.PrintHours).ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Take(query.Top)
            .ToList();
        return new ProductionStatistics(
            query,
            new RunStatusCounts(Draft, InProgress, Completed, Failed, Cancelled),
            finished,
            UnitsSuccessful,
            UnitsFailed,
            Percent.Ratio(UnitsSuccessful, UnitsSuccessful + UnitsFailed),
            RunsWithoutFailures,
            Percent.Ratio(RunsWithoutFailures, finished),
            RunsWithVariance,
            RunsWithVariance == 0 ? null : VariancePercentSum / RunsWithVariance,
            new Mass(EstimatedGrams),
            new Mass(VarianceGrams),
            Percent.Of(VarianceGrams, EstimatedGrams),
            top,
            busiest,
            UnitsPrinted,
            ReprintedUnits,
            Percent.Ratio(ReprintedUnits, UnitsPrinted),
            new Mass(MaterialUsedGrams),
            new Mass(PurgeWasteGrams),
            new Mass(FailedUnitsWasteGrams),
            Percent.Ratio(PurgeWasteGrams + FailedUnitsWasteGrams, MaterialUsedGrams),
            RatedRuns,
            RatedRuns == 0 ? null : (decimal)Stars / RatedRuns)
        {
            RunsByQuality = QualityCounts.From(RunsByQuality),
        };
    }
}

/// <summary>A printer's started runs and their print time, as summed for <see cref="StatisticsSums"/>.</summary>
/// <param name="PrinterId">The printer.</param>
/// <param name="Name">Its name (from its first run).</param>
/// <param name="Runs">Runs that started on it.</param>
/// <param name="PrintTime">Start to end of those that ended.</param>
public sealed record PrinterUse(PrinterId PrinterId, string Name, int Runs, TimeSpan PrintTime);
