using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Statistics;

/// <summary>
/// Computes <see cref="ProductionStatistics"/> from runs in memory. It is the reference that stores computing
/// statistics in the database must agree with.
/// </summary>
/// <remarks>
/// Use <see cref="Compute"/> for a list, or <see cref="CreateAccumulator"/> to stream runs page by page (it keeps
/// one entry per product and printer, not the runs).
/// </remarks>
public static class StatisticsCalculator
{
    /// <summary>Computes the statistics of the runs that match the query.</summary>
    /// <param name="runs">The runs (others than the query's are skipped).</param>
    /// <param name="query">The period and filters.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="DomainRuleException">The query is not valid.</exception>
    public static ProductionStatistics Compute(IEnumerable<ProductionRun> runs, StatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var accumulator = CreateAccumulator(query);
        foreach (var run in runs)
        {
            accumulator.Add(run);
        }

        return accumulator.Build();
    }

    /// <summary>Creates an accumulator to add runs one at a time.</summary>
    /// <param name="query">The period and filters.</param>
    /// <returns>The accumulator.</returns>
    /// <exception cref="DomainRuleException">The query is not valid.</exception>
    public static StatisticsAccumulator CreateAccumulator(StatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return new StatisticsAccumulator(query);
    }
}

/// <summary>Adds runs one at a time into <see cref="StatisticsSums"/>. Not thread-safe.</summary>
public sealed class StatisticsAccumulator
{
    private readonly StatisticsQuery _query;
    private readonly RunQuery _filter;
    private readonly StatisticsSums _sums = new();
    private readonly Dictionary<ProductId, ProductTally> _products = [];
    private readonly Dictionary<PrinterId, PrinterTally> _printers = [];

    internal StatisticsAccumulator(StatisticsQuery query)
    {
        _query = query;
        _filter = query.ToRunQuery();
    }

    /// <summary>Adds a run; runs outside the query's period or filters are skipped.</summary>
    /// <param name="run">The run.</param>
    public void Add(ProductionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!_filter.Matches(run))
        {
            return;
        }

        var sums = _sums;
        switch (run.Status)
        {
            case RunStatus.Draft: sums.Draft++; break;
            case RunStatus.InProgress: sums.InProgress++; break;
            case RunStatus.Completed: sums.Completed++; break;
            case RunStatus.Failed: sums.Failed++; break;
            default: sums.Cancelled++; break;
        }

        if (run.StartedAt is { } started)
        {
            if (!_printers.TryGetValue(run.PrinterId, out var printer))
            {
                _printers.Add(run.PrinterId, printer = new PrinterTally(run.PrinterName));
            }

            printer.Runs++;
            printer.PrintTime += run.EndedAt is { } ended ? ended - started : TimeSpan.Zero;
        }

        var totals = run.Totals;
        if (run.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled)
        {
            // A run in progress has not consumed anything yet in the spools' ledgers.
            sums.MaterialUsedGrams += totals.ActualRecorded.Grams;
            sums.PurgeWasteGrams += totals.PurgeWaste.Grams;
            sums.FailedUnitsWasteGrams += totals.FailedUnitsWaste.Grams;
        }

        if (run.Quality is { } quality)
        {
            sums.RatedRuns++;
            sums.Stars += quality.Stars;
            sums.RunsByQuality[quality.Stars - 1]++;
        }

        if (run.Status is RunStatus.Completed or RunStatus.Failed)
        {
            AddFinished(run, sums);
        }

        if (run.Status == RunStatus.Completed && totals.VariancePercent is { } variancePercent)
        {
            sums.RunsWithVariance++;
            sums.VariancePercentSum += variancePercent;
            sums.EstimatedGrams += totals.Estimated.Grams;
            sums.VarianceGrams += totals.Variance!.Value.Grams;
        }
    }

    /// <summary>Builds the statistics of the runs added so far.</summary>
    /// <returns>The statistics.</returns>
    public ProductionStatistics Build()
    {
        _sums.Products.Clear();
        _sums.Printers.Clear();
        foreach (var (id, product) in _products)
        {
            _sums.Products.Add(new ProductOutput(id, product.Sku, product.Name, product.Successful, product.Failed, product.Runs));
        }

        foreach (var (id, printer) in _printers)
        {
            _sums.Printers.Add(new PrinterUse(id, printer.Name, printer.Runs, printer.PrintTime));
        }

        return _sums.ToStatistics(_query);
    }

    private void AddFinished(ProductionRun run, StatisticsSums sums)
    {
        var runFailed = 0L;
        var items = run.Items;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (_query.ProductId is { } only && item.ProductId != only)
            {
                continue;
            }

            var successful = item.Successful ?? 0;
            var failed = item.Failed ?? 0;
            runFailed += failed;
            sums.UnitsSuccessful += successful;
            sums.UnitsFailed += failed;
            sums.UnitsPrinted += item.Quantity;
            if (run.OriginalRunId is not null)
            {
                sums.ReprintedUnits += item.Quantity;
            }

            if (!_products.TryGetValue(item.ProductId, out var product))
            {
                _products.Add(item.ProductId, product = new ProductTally(item.Sku, item.Name));
            }

            product.Successful += successful;
            product.Failed += failed;
            product.Runs++;
        }

        if (runFailed == 0)
        {
            sums.RunsWithoutFailures++;
        }
    }

    // Names are taken from the first run added, as the stores take them from the first run in number order.
    private sealed class ProductTally(string sku, string name)
    {
        public string Sku { get; } = sku;

        public string Name { get; } = name;

        public long Successful { get; set; }

        public long Failed { get; set; }

        public int Runs { get; set; }
    }

    private sealed class PrinterTally(string name)
    {
        public string Name { get; } = name;

        public int Runs { get; set; }

        public TimeSpan PrintTime { get; set; }
    }
}
