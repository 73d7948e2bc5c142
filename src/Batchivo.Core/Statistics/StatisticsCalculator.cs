using System.Runtime.InteropServices;
using Batchivo.Production;

namespace Batchivo.Statistics;

/// <summary>
/// Computes <see cref="ProductionStatistics"/> from runs in memory. It is the reference that stores computing
/// statistics in the database must agree with.
/// </summary>
/// <remarks>
/// Use <see cref="Compute"/> for a list, or <see cref="CreateAccumulator"/> to stream runs page by page. The
/// aggregation allocates nothing per run (it keeps one entry per product and printer).
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
        if (runs is List<ProductionRun> list)
        {
            foreach (var run in list)
            {
                accumulator.Add(run);
            }
        }
        else if (runs is ProductionRun[] array)
        {
            foreach (var run in array)
            {
                accumulator.Add(run);
            }
        }
        else
        {
            foreach (var run in runs)
            {
                accumulator.Add(run);
            }
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

/// <summary>Adds runs one at a time into statistics. Not thread-safe.</summary>
public sealed class StatisticsAccumulator
{
    private readonly StatisticsQuery _query;
    private readonly Dictionary<ProductId, ProductAggregate> _products = [];
    private readonly Dictionary<PrinterId, PrinterAggregate> _printers = [];
    private int _draft, _inProgress, _completed, _failed, _cancelled;
    private long _unitsOk, _unitsFailed;
    private int _runsWithoutFailures;
    private int _runsWithVariance;
    private decimal _sumVariancePercent, _totalEstimated, _totalVariance;
    private long _unitsPrinted, _reprintedUnits;
    private decimal _materialUsed, _purgeWaste, _failedWaste;
    private int _ratedRuns, _sumStars;

    // Runs whose figures are exact to 0.0001 are summed as integers (the common case: fast and order-independent);
    // the others in decimals. Build adds the two.
    private long _fixedMaterialUsed, _fixedPurgeWaste, _fixedFailedWaste, _fixedSumVariancePercent, _fixedTotalEstimated, _fixedTotalVariance;

    internal StatisticsAccumulator(StatisticsQuery query) => _query = query;

    /// <summary>Adds a run; runs outside the query's period or filters are skipped.</summary>
    /// <param name="run">The run.</param>
    public void Add(ProductionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var digest = run.Digest;
        var at = digest.ActivityUtcTicks;
        if ((_query.From is { } from && at < from.UtcTicks) || (_query.To is { } to && at >= to.UtcTicks) || (_query.PrinterId is { } printer && digest.PrinterId != printer))
        {
            return;
        }

        var items = digest.Items;
        var onlyProduct = _query.ProductId;
        if (onlyProduct is { } wanted && !Contains(items, wanted))
        {
            return;
        }

        var status = digest.Status;
        switch (status)
        {
            case RunStatus.Draft: _draft++; break;
            case RunStatus.InProgress: _inProgress++; break;
            case RunStatus.Completed: _completed++; break;
            case RunStatus.Failed: _failed++; break;
            default: _cancelled++; break;
        }

        if (digest.Started)
        {
            ref var printerAggregate = ref CollectionsMarshal.GetValueRefOrAddDefault(_printers, digest.PrinterId, out var printerExists);
            if (!printerExists)
            {
                printerAggregate.Name = digest.PrinterName;
            }

            printerAggregate.Runs++;
            printerAggregate.Ticks += digest.DurationTicks;
        }

        var fixedFigures = digest.Fixed;
        if (status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled)
        {
            // A run in progress has not consumed anything yet in the spools' ledgers.
            if (fixedFigures.Exact)
            {
                AddFixed(ref _fixedMaterialUsed, ref _materialUsed, fixedFigures.ActualRecorded);
                AddFixed(ref _fixedPurgeWaste, ref _purgeWaste, fixedFigures.PurgeWaste);
                AddFixed(ref _fixedFailedWaste, ref _failedWaste, fixedFigures.FailedUnitsWaste);
            }
            else
            {
                var totals = run.Totals;
                _materialUsed += totals.ActualRecorded.Grams;
                _purgeWaste += totals.PurgeWaste.Grams;
                _failedWaste += totals.FailedUnitsWaste.Grams;
            }
        }

        if (digest.Stars != 0)
        {
            _ratedRuns++;
            _sumStars += digest.Stars;
        }

        if (status is not (RunStatus.Completed or RunStatus.Failed))
        {
            return;
        }

        var reprint = digest.IsReprint;
        var runFailed = 0L;
        for (var i = 0; i < items.Length; i++)
        {
            ref readonly var item = ref items[i];
            if (onlyProduct is { } only && item.ProductId != only)
            {
                continue;
            }

            var ok = item.Successful;
            var failed = item.Failed;
            runFailed += failed;
            _unitsOk += ok;
            _unitsFailed += failed;
            _unitsPrinted += item.Quantity;
            if (reprint)
            {
                _reprintedUnits += item.Quantity;
            }

            ref var product = ref CollectionsMarshal.GetValueRefOrAddDefault(_products, item.ProductId, out var productExists);
            if (!productExists)
            {
                var source = run.Items[i];
                product.Sku = source.Sku;
                product.Name = source.Name;
            }

            product.Successful += ok;
            product.Failed += failed;
            product.Runs++;
        }

        if (runFailed == 0)
        {
            _runsWithoutFailures++;
        }

        if (status == RunStatus.Completed && digest.HasVariancePercent)
        {
            _runsWithVariance++;
            if (fixedFigures.Exact)
            {
                AddFixed(ref _fixedSumVariancePercent, ref _sumVariancePercent, fixedFigures.VariancePercent);
                AddFixed(ref _fixedTotalEstimated, ref _totalEstimated, fixedFigures.Estimated);
                AddFixed(ref _fixedTotalVariance, ref _totalVariance, fixedFigures.Variance);
            }
            else
            {
                var totals = run.Totals;
                _sumVariancePercent += totals.VariancePercent!.Value;
                _totalEstimated += totals.Estimated.Grams;
                _totalVariance += totals.Actual!.Value.Grams - totals.Estimated.Grams;
            }
        }
    }

    /// <summary>Builds the statistics of the runs added so far.</summary>
    /// <returns>The statistics.</returns>
    public ProductionStatistics Build()
    {
        var materialUsed = _materialUsed + FixedFigures.ToDecimal(_fixedMaterialUsed);
        var purgeWaste = _purgeWaste + FixedFigures.ToDecimal(_fixedPurgeWaste);
        var failedWaste = _failedWaste + FixedFigures.ToDecimal(_fixedFailedWaste);
        var sumVariancePercent = _sumVariancePercent + FixedFigures.ToDecimal(_fixedSumVariancePercent);
        var totalEstimated = _totalEstimated + FixedFigures.ToDecimal(_fixedTotalEstimated);
        var totalVariance = _totalVariance + FixedFigures.ToDecimal(_fixedTotalVariance);
        var finished = _completed + _failed;
        var units = _unitsOk + _unitsFailed;
        var top = _products
            .Select(kv => new ProductOutput(kv.Key, kv.Value.Sku!, kv.Value.Name!, kv.Value.Successful, kv.Value.Failed, kv.Value.Runs))
            .OrderByDescending(p => p.SuccessfulUnits).ThenBy(p => p.Sku, StringComparer.OrdinalIgnoreCase)
            .Take(_query.Top)
            .ToList();
        var busiest = _printers
            .Select(kv => new PrinterActivity(kv.Key, kv.Value.Name!, kv.Value.Runs, (decimal)TimeSpan.FromTicks(kv.Value.Ticks).TotalHours))
            .OrderByDescending(p => p.Runs).ThenByDescending(p => p.PrintHours).ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Take(_query.Top)
            .ToList();
        return new ProductionStatistics(
            _query,
            new RunStatusCounts(_draft, _inProgress, _completed, _failed, _cancelled),
            finished,
            _unitsOk,
            _unitsFailed,
            Percent.Ratio(_unitsOk, units),
            _runsWithoutFailures,
            Percent.Ratio(_runsWithoutFailures, finished),
            _runsWithVariance,
            _runsWithVariance == 0 ? null : sumVariancePercent / _runsWithVariance,
            new Mass(totalEstimated),
            new Mass(totalVariance),
            Percent.Of(totalVariance, totalEstimated),
            top,
            busiest,
            _unitsPrinted,
            _reprintedUnits,
            Percent.Ratio(_reprintedUnits, _unitsPrinted),
            new Mass(materialUsed),
            new Mass(purgeWaste),
            new Mass(failedWaste),
            Percent.Ratio(purgeWaste + failedWaste, materialUsed),
            _ratedRuns,
            _ratedRuns == 0 ? null : (decimal)_sumStars / _ratedRuns);
    }

    // Adds ten-thousandths to a 64-bit sum; when the sum would overflow, it is moved into the decimal sum first, so a
    // long history never wraps around.
    private static void AddFixed(ref long sum, ref decimal spill, long value)
    {
        var result = unchecked(sum + value);
        if (((sum ^ result) & (value ^ result)) < 0)
        {
            spill += FixedFigures.ToDecimal(sum);
            result = value;
        }

        sum = result;
    }

    private static bool Contains(DigestItem[] items, ProductId wanted)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].ProductId == wanted)
            {
                return true;
            }
        }

        return false;
    }

    private struct ProductAggregate
    {
        public string? Sku;
        public string? Name;
        public long Successful;
        public long Failed;
        public int Runs;
    }

    private struct PrinterAggregate
    {
        public string? Name;
        public int Runs;
        public long Ticks;
    }
}
