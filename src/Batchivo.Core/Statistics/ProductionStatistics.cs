using Batchivo.Production;

namespace Batchivo.Statistics;

/// <summary>Which runs the statistics cover.</summary>
/// <param name="From">Runs active at or after this instant (by ended, else started, else created time); null for no lower bound.</param>
/// <param name="To">Runs active before this instant; null for no upper bound.</param>
/// <param name="PrinterId">Only this printer's runs.</param>
/// <param name="ProductId">Only runs with this product; unit figures then count this product's units only.</param>
/// <param name="Top">How many products and printers to list, 1..100.</param>
public sealed record StatisticsQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    PrinterId? PrinterId = null,
    ProductId? ProductId = null,
    int Top = 5)
{
    /// <summary>Checks the query.</summary>
    /// <exception cref="DomainRuleException">The period is empty or reversed, or <see cref="Top"/> is out of range.</exception>
    public void Validate()
    {
        if (From is { } from && To is { } to && to <= from)
        {
            throw new DomainRuleException(DomainRule.Query, $"The period ends ({to:u}) before or when it starts ({from:u}). Give an end after the start.");
        }

        if (Top is < 1 or > 100)
        {
            throw new DomainRuleException(DomainRule.Query, $"Top must be 1 to 100, but {Top} was given.");
        }
    }

    /// <summary>The run filter of this query.</summary>
    /// <returns>The equivalent run query.</returns>
    public Storage.RunQuery ToRunQuery() => new(From, To, null, PrinterId, ProductId);
}

/// <summary>Runs by status.</summary>
/// <param name="Draft">Drafts.</param>
/// <param name="InProgress">In progress.</param>
/// <param name="Completed">Completed.</param>
/// <param name="Failed">Failed.</param>
/// <param name="Cancelled">Cancelled.</param>
public sealed record RunStatusCounts(int Draft, int InProgress, int Completed, int Failed, int Cancelled)
{
    /// <summary>All runs.</summary>
    public int Total => Draft + InProgress + Completed + Failed + Cancelled;
}

/// <summary>A product's output in the period.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Sku">Its SKU.</param>
/// <param name="Name">Its name.</param>
/// <param name="SuccessfulUnits">Successful units.</param>
/// <param name="FailedUnits">Failed units.</param>
/// <param name="Runs">Finished runs it was in.</param>
public sealed record ProductOutput(ProductId ProductId, string Sku, string Name, long SuccessfulUnits, long FailedUnits, int Runs);

/// <summary>A printer's activity in the period.</summary>
/// <param name="PrinterId">The printer.</param>
/// <param name="Name">Its name.</param>
/// <param name="Runs">Runs that printed (started) on it.</param>
/// <param name="PrintHours">Hours from start to end of its finished runs.</param>
public sealed record PrinterOutput(PrinterId PrinterId, string Name, int Runs, decimal PrintHours);

/// <summary>
/// Production statistics over a period. Rates are 0..1 and null when their base is zero. Unit counts are 64-bit: a
/// period's units can exceed what one run may hold many times over.
/// </summary>
/// <param name="Query">What was asked.</param>
/// <param name="RunsByStatus">Runs by status.</param>
/// <param name="RunsFinished">Completed + failed runs.</param>
/// <param name="UnitsSuccessful">Successful units of finished runs.</param>
/// <param name="UnitsFailed">Failed units of finished runs.</param>
/// <param name="UnitSuccessRate">Successful units / finished units.</param>
/// <param name="RunsWithoutFailures">Finished runs with no failed unit.</param>
/// <param name="RunSuccessRate">Runs without failures / finished runs.</param>
/// <param name="RunsWithVariance">Completed runs with a variance (weighed, something estimated).</param>
/// <param name="AverageVariancePercent">Mean of those runs' variance percent.</param>
/// <param name="TotalEstimated">Their estimated total.</param>
/// <param name="TotalVariance">Their total variance.</param>
/// <param name="TotalVariancePercent">Total variance / total estimated, in percent.</param>
/// <param name="TopProducts">Most printed products by successful units.</param>
/// <param name="BusiestPrinters">Busiest printers by runs, then print hours.</param>
/// <param name="UnitsPrinted">Units of finished runs (the reprint rate's base).</param>
/// <param name="ReprintedUnits">Of which in reprint runs.</param>
/// <param name="ReprintRate">Reprinted units / units printed.</param>
/// <param name="MaterialUsed">Filament used by every weighed run (completed, failed, and cancelled with weights).</param>
/// <param name="PurgeWaste">Purge and tower used.</param>
/// <param name="FailedUnitsWaste">The failed units' share of the model filament (all of a failed or cancelled plate).</param>
/// <param name="WasteShare">(Purge + failed units' waste) / material used.</param>
/// <param name="RatedRuns">Runs with a quality rating.</param>
/// <param name="AverageQuality">Mean stars of rated runs.</param>
public sealed record ProductionStatistics(
    StatisticsQuery Query,
    RunStatusCounts RunsByStatus,
    int RunsFinished,
    long UnitsSuccessful,
    long UnitsFailed,
    decimal? UnitSuccessRate,
    int RunsWithoutFailures,
    decimal? RunSuccessRate,
    int RunsWithVariance,
    decimal? AverageVariancePercent,
    Mass TotalEstimated,
    Mass TotalVariance,
    decimal? TotalVariancePercent,
    IReadOnlyList<ProductOutput> TopProducts,
    IReadOnlyList<PrinterOutput> BusiestPrinters,
    long UnitsPrinted,
    long ReprintedUnits,
    decimal? ReprintRate,
    Mass MaterialUsed,
    Mass PurgeWaste,
    Mass FailedUnitsWaste,
    decimal? WasteShare,
    int RatedRuns,
    decimal? AverageQuality)
{
    /// <summary>Completed runs.</summary>
    public int RunsCompleted => RunsByStatus.Completed;

    /// <summary>Purge + failed units' waste.</summary>
    public Mass Waste => PurgeWaste + FailedUnitsWaste;

    /// <summary>Rated runs by their stars; they add up to <see cref="RatedRuns"/>.</summary>
    public QualityCounts RunsByQuality { get; init; }
}

/// <summary>Rated runs by their stars (a quality distribution).</summary>
/// <param name="OneStar">Runs rated 1 star (failed/unusable).</param>
/// <param name="TwoStars">Runs rated 2 stars (major defects).</param>
/// <param name="ThreeStars">Runs rated 3 stars (minor defects).</param>
/// <param name="FourStars">Runs rated 4 stars (good quality).</param>
/// <param name="FiveStars">Runs rated 5 stars (perfect).</param>
public readonly record struct QualityCounts(int OneStar, int TwoStars, int ThreeStars, int FourStars, int FiveStars)
{
    /// <summary>All rated runs.</summary>
    public int Total => OneStar + TwoStars + ThreeStars + FourStars + FiveStars;

    /// <summary>The runs rated <paramref name="stars"/> stars.</summary>
    /// <param name="stars">1 to 5.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not 1 to 5.</exception>
    public int this[int stars] => stars switch
    {
        1 => OneStar,
        2 => TwoStars,
        3 => ThreeStars,
        4 => FourStars,
        5 => FiveStars,
        _ => throw new ArgumentOutOfRangeException(nameof(stars), stars, "A rating is 1 to 5 stars."),
    };

    /// <summary>The counts from one star to five.</summary>
    /// <param name="counts">Five counts, one star first.</param>
    /// <returns>The distribution.</returns>
    public static QualityCounts From(IList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Count == QualityRating.MaxStars
            ? new(counts[0], counts[1], counts[2], counts[3], counts[4])
            : throw new ArgumentException($"Give {QualityRating.MaxStars} counts, one star first; {counts.Count} were given.", nameof(counts));
    }
}
