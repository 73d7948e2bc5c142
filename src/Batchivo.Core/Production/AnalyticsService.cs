using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Production;

/// <summary>Analytics over the stored runs: reports, statistics, outliers and BOM calibration.</summary>
/// <remarks>Thread-safe as long as the store is: it keeps no state between calls.</remarks>
public sealed class AnalyticsService
{
    private readonly StoreAccess _s;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    public AnalyticsService(IProductionStore store)
    {
        _s = new StoreAccess(store, null);
    }

    /// <summary>The report of a run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report.</returns>
    public async Task<RunReport> GetReportAsync(RunRef runNumber, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("AnalyticsService.GetReport", runNumber);
        var run = await _s.GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        return RunReport.From(run, await FindOriginalRunNumberAsync(run, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>For a reprint, the number of the run whose failed units it reprints (the link is a field of the run, not its notes).</summary>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The original run's number; null when the run is no reprint, or the original is gone.</returns>
    public async Task<int?> FindOriginalRunNumberAsync(ProductionRun run, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("AnalyticsService.FindOriginalRunNumber");
        ArgumentNullException.ThrowIfNull(run);
        return run.OriginalRunId is { } id ? (await _s.Store.FindRunAsync(id, cancellationToken).ConfigureAwait(false))?.Number : null;
    }

    /// <summary>Statistics over a period: pushed down to the store when it can, else computed from the runs page by page.</summary>
    /// <param name="query">The period and filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    public async Task<ProductionStatistics> GetStatisticsAsync(StatisticsQuery? query = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("AnalyticsService.GetStatistics");
        query ??= new StatisticsQuery();
        query.Validate();
        if (_s.Store is IStatisticsStore pushDown)
        {
            return await pushDown.ComputeStatisticsAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var accumulator = StatisticsCalculator.CreateAccumulator(query);
        await foreach (var run in PagedRunsAsync(query.ToRunQuery(), cancellationToken).ConfigureAwait(false))
        {
            accumulator.Add(run);
        }

        return accumulator.Build();
    }

    /// <summary>Completed runs whose variance is far from their product's usual variance, in a period: from the store's variance samples when it reads them, else from the runs.</summary>
    /// <param name="query">The period and filters.</param>
    /// <param name="options">Thresholds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outliers.</returns>
    public async Task<IReadOnlyList<VarianceOutlier>> GetOutliersAsync(StatisticsQuery? query = null, OutlierOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("AnalyticsService.GetOutliers");
        query ??= new StatisticsQuery();
        query.Validate();
        if (_s.Store is IVarianceSampleStore pushDown)
        {
            return OutlierDetector.FindInSamples(await pushDown.ReadVarianceSamplesAsync(query, cancellationToken).ConfigureAwait(false), options);
        }

        var runs = await CollectAsync(query.ToRunQuery() with { Status = RunStatus.Completed }, cancellationToken).ConfigureAwait(false);
        return OutlierDetector.Find(runs, options);
    }

    /// <summary>BOM calibration suggestions from the completed runs.</summary>
    /// <param name="options">Thresholds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The suggestions.</returns>
    public async Task<IReadOnlyList<CalibrationSuggestion>> GetCalibrationSuggestionsAsync(CalibrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("AnalyticsService.GetCalibrationSuggestions");
        var runs = await CollectAsync(new RunQuery(Status: RunStatus.Completed), cancellationToken).ConfigureAwait(false);
        var products = await _s.Store.ListProductsAsync(cancellationToken).ConfigureAwait(false);
        return BomCalibration.Suggest(runs, products, options);
    }

    /// <summary>Applies a calibration suggestion to the product's BOM (the user's choice).</summary>
    /// <param name="suggestion">The suggestion.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The product.</returns>
    public async Task<Product> ApplyCalibrationAsync(CalibrationSuggestion suggestion, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("AnalyticsService.ApplyCalibration");
        ArgumentNullException.ThrowIfNull(suggestion);
        var product = await _s.Store.FindProductAsync(suggestion.ProductId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("product", suggestion.Sku);
        product.SetGramsPerUnit(suggestion.Material, suggestion.SuggestedGramsPerUnit);
        await _s.CommitAsync(new ChangeSet().Put(product), cancellationToken).ConfigureAwait(false);
        return product;
    }

    private async IAsyncEnumerable<ProductionRun> PagedRunsAsync(RunQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int page = 1000;
        for (var skip = 0; ; skip += page)
        {
            var runs = await _s.Store.ListRunsAsync(query with { Skip = skip, Take = page }, cancellationToken).ConfigureAwait(false);
            foreach (var run in runs)
            {
                yield return run;
            }

            if (runs.Count < page)
            {
                yield break;
            }
        }
    }

    private async Task<List<ProductionRun>> CollectAsync(RunQuery query, CancellationToken cancellationToken)
    {
        var runs = new List<ProductionRun>();
        await foreach (var run in PagedRunsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            runs.Add(run);
        }

        return runs;
    }
}
