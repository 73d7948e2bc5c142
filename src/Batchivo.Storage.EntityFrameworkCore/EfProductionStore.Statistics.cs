using Batchivo.Production;
using Batchivo.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Batchivo.Storage.EntityFrameworkCore;

public sealed partial class EfProductionStore
{
    private const int Draft = (int)RunStatus.Draft;
    private const int InProgress = (int)RunStatus.InProgress;
    private const int Completed = (int)RunStatus.Completed;
    private const int Failed = (int)RunStatus.Failed;
    private const int Cancelled = (int)RunStatus.Cancelled;

    /// <inheritdoc />
    /// <remarks>
    /// Three aggregate queries (runs by status, items by product, started runs by printer) over the figures stored with
    /// each run as integer ten-thousandths, into the <see cref="StatisticsSums"/> Core builds the statistics from; the
    /// results equal <see cref="StatisticsCalculator"/> exactly. A final run
    /// whose figures are finer than 0.0001 (not stored as integers) makes the store compute that period with Core's
    /// calculator instead.
    /// </remarks>
    /// <exception cref="DomainRuleException">The query is not valid.</exception>
    public Task<ProductionStatistics> ComputeStatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return RunAsync(async db =>
        {
            var runs = Filter(db.Runs.AsNoTracking(), query.From, query.To, query.PrinterId, query.ProductId);
            // By status and stars: the quality distribution comes with the other sums, from the same scan.
            var byStatus = await runs.GroupBy(r => new { r.Status, r.Quality }).Select(g => new
            {
                g.Key.Status,
                g.Key.Quality,
                Count = g.Count(),
                NotExact = g.Sum(r => r.FiguresExact ? 0 : 1),
                Rated = g.Sum(r => r.Quality != null ? 1 : 0),
                Stars = g.Sum(r => r.Quality ?? 0),
                ActualRecorded = g.Sum(r => r.ActualRecordedUnits),
                PurgeWaste = g.Sum(r => r.PurgeWasteUnits),
                FailedWaste = g.Sum(r => r.FailedWasteUnits),
                WithVariance = g.Sum(r => r.HasVariancePercent ? 1 : 0),
                VariancePercent = g.Sum(r => r.HasVariancePercent ? r.VariancePercentUnits : 0L),
                Estimated = g.Sum(r => r.HasVariancePercent ? r.EstimatedUnits : 0L),
                Variance = g.Sum(r => r.HasVariancePercent ? r.VarianceUnits : 0L),
                WithFailures = g.Sum(r => r.FailedUnits > 0 ? 1 : 0),
            }).ToListAsync(cancellationToken).ConfigureAwait(false);

            if (byStatus.Any(s => s.Status is Completed or Failed or Cancelled && s.NotExact > 0))
            {
                var all = await Runs(runs.OrderBy(r => r.Number)).ToListAsync(cancellationToken).ConfigureAwait(false);
                return StatisticsCalculator.Compute(all.Select(r => ProductionRun.Restore(Mapper.ToState(r))).ToList(), query);
            }

            var items = from i in db.RunItems.AsNoTracking()
                        join r in runs.Where(r => r.Status == Completed || r.Status == Failed) on i.RunId equals r.Id
                        select new { i.ProductId, i.Sku, i.Name, r.Number, Ok = i.Successful ?? 0, Bad = i.Failed ?? 0, i.Quantity, Reprint = r.OriginalRunId != null };
            if (query.ProductId is { } only)
            {
                var id = only.Value;
                items = items.Where(i => i.ProductId == id);
            }

            // SKU first: grouped by product id first, SQLite walks the items through their product index, one row lookup
            // each, which takes twice as long over a large history as scanning the table and sorting.
            var byProduct = await items.GroupBy(i => new { i.Sku, i.Name, i.ProductId }).Select(g => new
            {
                g.Key.ProductId,
                g.Key.Sku,
                g.Key.Name,
                First = g.Min(i => i.Number),
                // 64-bit sums: units add up over a whole history, far past what one run may hold.
                Ok = g.Sum(i => (long)i.Ok),
                Bad = g.Sum(i => (long)i.Bad),
                Runs = g.Count(),
                Printed = g.Sum(i => (long)i.Quantity),
                Reprinted = g.Sum(i => i.Reprint ? (long)i.Quantity : 0L),
                WithFailures = g.Sum(i => i.Bad > 0 ? 1 : 0),
            }).ToListAsync(cancellationToken).ConfigureAwait(false);

            var byPrinter = await runs.Where(r => r.StartedAt != null).GroupBy(r => new { r.PrinterId, r.PrinterName }).Select(g => new
            {
                g.Key.PrinterId,
                g.Key.PrinterName,
                First = g.Min(r => r.Number),
                Runs = g.Count(),
                Ticks = g.Sum(r => r.PrintTicks ?? 0L),
            }).ToListAsync(cancellationToken).ConfigureAwait(false);

            int Count(int status) => byStatus.Where(s => s.Status == status).Sum(s => s.Count);
            var final = byStatus.Where(s => s.Status is Completed or Failed or Cancelled).ToList();
            var completed = byStatus.Where(s => s.Status == Completed).ToList();
            var finished = Count(Completed) + Count(Failed);
            var runsWithFailures = query.ProductId is null
                ? byStatus.Where(s => s.Status is Completed or Failed).Sum(s => s.WithFailures)
                : byProduct.Sum(p => p.WithFailures);
            var sums = new StatisticsSums
            {
                Draft = Count(Draft),
                InProgress = Count(InProgress),
                Completed = Count(Completed),
                Failed = Count(Failed),
                Cancelled = Count(Cancelled),
                UnitsSuccessful = byProduct.Sum(p => p.Ok),
                UnitsFailed = byProduct.Sum(p => p.Bad),
                UnitsPrinted = byProduct.Sum(p => p.Printed),
                ReprintedUnits = byProduct.Sum(p => p.Reprinted),
                RunsWithoutFailures = finished - runsWithFailures,
                RunsWithVariance = completed.Sum(s => s.WithVariance),
                VariancePercentSum = Mapper.FromUnits(completed.Sum(s => s.VariancePercent)),
                EstimatedGrams = Mapper.FromUnits(completed.Sum(s => s.Estimated)),
                VarianceGrams = Mapper.FromUnits(completed.Sum(s => s.Variance)),
                MaterialUsedGrams = Mapper.FromUnits(final.Sum(s => s.ActualRecorded)),
                PurgeWasteGrams = Mapper.FromUnits(final.Sum(s => s.PurgeWaste)),
                FailedUnitsWasteGrams = Mapper.FromUnits(final.Sum(s => s.FailedWaste)),
                RatedRuns = byStatus.Sum(s => s.Rated),
                Stars = byStatus.Sum(s => (long)s.Stars),
            };

            foreach (var rated in byStatus.Where(s => s.Quality is >= 1 and <= QualityRating.MaxStars))
            {
                sums.RunsByQuality[rated.Quality!.Value - 1] += rated.Count;
            }

            // Names as Core's calculator takes them: from the first run in number order.
            foreach (var product in byProduct.GroupBy(p => p.ProductId))
            {
                var first = product.MinBy(p => p.First)!;
                sums.Products.Add(new ProductOutput(new ProductId(product.Key), first.Sku, first.Name, product.Sum(p => p.Ok), product.Sum(p => p.Bad), product.Sum(p => p.Runs)));
            }

            foreach (var printer in byPrinter.GroupBy(p => p.PrinterId))
            {
                sums.Printers.Add(new PrinterUse(new PrinterId(printer.Key), printer.MinBy(p => p.First)!.PrinterName, printer.Sum(p => p.Runs), TimeSpan.FromTicks(printer.Sum(p => p.Ticks))));
            }

            return sums.ToStatistics(query);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One query: the completed runs' variance percent (stored with each run as integer ten-thousandths) joined to their
    /// items. A completed run whose figures are finer than 0.0001 (not stored as integers) is read whole instead.
    /// </remarks>
    /// <exception cref="DomainRuleException">The query is not valid.</exception>
    public Task<IReadOnlyList<VarianceSample>> ReadVarianceSamplesAsync(StatisticsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return RunAsync<IReadOnlyList<VarianceSample>>(async db =>
        {
            var runs = Filter(db.Runs.AsNoTracking(), query.From, query.To, query.PrinterId, query.ProductId).Where(r => r.Status == Completed && r.HasVariancePercent);
            var rows = await (from r in runs
                              join i in db.RunItems.AsNoTracking() on r.Id equals i.RunId
                              select new { r.Id, r.Number, r.FiguresExact, r.VariancePercentUnits, i.ProductId, i.Name }).ToListAsync(cancellationToken).ConfigureAwait(false);
            var samples = rows.Where(r => r.FiguresExact)
                .Select(r => new VarianceSample(r.Number, new RunId(r.Id), new ProductId(r.ProductId), r.Name, Mapper.FromUnits(r.VariancePercentUnits)))
                .ToList();
            var inexact = rows.Where(r => !r.FiguresExact).Select(r => r.Id).Distinct().ToList();
            if (inexact.Count > 0)
            {
                var whole = await Runs(db.Runs.AsNoTracking().Where(r => inexact.Contains(r.Id))).ToListAsync(cancellationToken).ConfigureAwait(false);
                samples.AddRange(whole.SelectMany(r => VarianceSample.Of(ProductionRun.Restore(Mapper.ToState(r)))));
            }

            return samples;
        }, cancellationToken);
    }
}
