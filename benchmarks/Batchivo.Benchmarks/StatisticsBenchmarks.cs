using BenchmarkDotNet.Attributes;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;

namespace Batchivo.Benchmarks;

/// <summary>
/// Statistics over a farm's history held in memory: <see cref="StatisticsCalculator.Compute"/> over 100,000 and
/// 1,000,000 runs (3 products and 2 spools each), against a plain loop that sums the same kind of figures.
/// </summary>
/// <remarks>
/// The calculator is plain code over the runs' public figures (decimal sums of <c>RunTotals</c>, one tally per
/// product and printer). The figure to watch is a realistic farm history, 100,000 runs: a statistics request must stay
/// well under what a person notices (tens of milliseconds), and the Allocated column must not grow with the runs.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class StatisticsBenchmarks
{
    private static readonly DateTimeOffset Origin = new(2024, 1, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly StatisticsQuery _query = new();
    private List<ProductionRun> _runs = [];

    /// <summary>How many runs are aggregated.</summary>
    [Params(100_000, 1_000_000)]
    public int RunCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _runs = FarmHistory.Build(RunCount, Origin);

        // A run caches its totals (RunTotals) the first time they are needed, until it changes. Build them once here, outside the measurement (the sanity check below does), so
        // the benchmarks measure the aggregation and not 1,000,000 first computations, as when the same runs serve
        // several statistics requests.
        //
        // Sanity check: the figures the aggregation produces are the ones the history holds.
        var statistics = StatisticsCalculator.Compute(_runs, _query);
        if (statistics.RunsByStatus.Total != RunCount || statistics.RunsCompleted == 0 || statistics.UnitsFailed == 0
            || statistics.MaterialUsed.Grams != PlainLoop().MaterialUsed)
        {
            throw new InvalidOperationException("The generated history does not give the expected statistics.");
        }
    }

    /// <summary>
    /// The least work any aggregation must do: one pass over the same runs, counting by status, summing units
    /// and the recorded material.
    /// </summary>
    /// <returns>The figures, so that nothing is optimized away.</returns>
    [Benchmark(Baseline = true)]
    public PlainFigures PlainLoop()
    {
        int draft = 0, inProgress = 0, completed = 0, failed = 0, cancelled = 0;
        int unitsOk = 0, unitsFailed = 0;
        var material = 0m;
        foreach (var run in _runs)
        {
            switch (run.Status)
            {
                case RunStatus.Draft: draft++; break;
                case RunStatus.InProgress: inProgress++; break;
                case RunStatus.Completed: completed++; break;
                case RunStatus.Failed: failed++; break;
                default: cancelled++; break;
            }

            var items = run.Items;
            for (var i = 0; i < items.Count; i++)
            {
                unitsOk += items[i].Successful ?? 0;
                unitsFailed += items[i].Failed ?? 0;
            }

            material += run.Totals.ActualRecorded.Grams;
        }

        return new PlainFigures(draft, inProgress, completed, failed, cancelled, unitsOk, unitsFailed, material);
    }

    /// <summary>The statistics of all runs, as a host asks for them.</summary>
    /// <returns>The statistics.</returns>
    [Benchmark]
    public ProductionStatistics Compute() => StatisticsCalculator.Compute(_runs, _query);

    /// <summary>What the plain loop adds up.</summary>
    /// <param name="Draft">Draft runs.</param>
    /// <param name="InProgress">Runs in progress.</param>
    /// <param name="Completed">Completed runs.</param>
    /// <param name="Failed">Failed runs.</param>
    /// <param name="Cancelled">Cancelled runs.</param>
    /// <param name="UnitsSuccessful">Successful units.</param>
    /// <param name="UnitsFailed">Failed units.</param>
    /// <param name="MaterialUsed">Grams recorded.</param>
    public readonly record struct PlainFigures(
        int Draft, int InProgress, int Completed, int Failed, int Cancelled, int UnitsSuccessful, int UnitsFailed, decimal MaterialUsed);
}

/// <summary>
/// Builds a print farm's run history through the domain API, as the application would have recorded it: 4 printers,
/// 20 products over 3 pairs of materials, each run with 3 products and 2 fresh spools. About 88% of runs are
/// completed (a tenth of the items with a failed unit, three quarters rated), 5% failed, 3% cancelled while printing,
/// 2% in progress, 2% drafts; 2% are reprints.
/// </summary>
internal static class FarmHistory
{
    public static List<ProductionRun> Build(int count, DateTimeOffset origin)
    {
        var printers = Enumerable.Range(1, 4).Select(i => Printer.Create($"P1S-{i}", "Bambu P1S", 4)).ToArray();

        // Three pairs of materials; every product of a pair's group uses only that pair, so its run's 2 spools cover it.
        MaterialSpec[][] pairs =
        [
            [new("PLA", "Black"), new("PLA", "White")],
            [new("PETG", "Grey"), new("PETG", "Blue")],
            [new("PLA", "Red"), new("PLA", "Yellow")],
        ];
        var materials = pairs.Select(pair => pair.Select(spec => new Material(spec, "Bambu Lab")).ToArray()).ToArray();
        var codes = pairs.Select(pair => pair.Select(spec => $"{spec.Type}-{spec.Colour}".ToUpperInvariant()).ToArray()).ToArray();
        var prices = new[] { new Money(20m, "EUR"), new Money(24.5m, "EUR"), new Money(22m, "EUR") };

        var groups = new List<Product>[] { [], [], [] };
        for (var j = 0; j < 20; j++)
        {
            var group = j % 3;
            var (a, b) = (pairs[group][0], pairs[group][1]);
            BomLine[] bom = (j % 4) switch
            {
                0 => [new BomLine(a, Mass.FromGrams(30m + j), Mass.FromGrams(4m))],
                1 => [new BomLine(b, Mass.FromGrams(12.5m + j))],
                2 => [new BomLine(a, Mass.FromGrams(40m + j), Mass.FromGrams(6m)), new BomLine(b, Mass.FromGrams(8m))],
                _ => [new BomLine(a, Mass.FromGrams(5.5m)), new BomLine(b, Mass.FromGrams(18m + j))],
            };
            groups[group].Add(Product.Create($"SKU-{j:00}", $"Product {j:00}", bom, TimeSpan.FromMinutes(20 + j)));
        }

        var random = new Random(20240101);
        var runs = new List<ProductionRun>(count);
        RunId? lastFailed = null;
        for (var n = 0; n < count; n++)
        {
            var printer = printers[n % printers.Length];
            var group = n % 3;
            var products = groups[group];
            var created = origin.AddMinutes(10.0 * n);
            var reprintOf = random.Next(100) < 2 ? lastFailed : null;
            var run = ProductionRun.Create(n + 1, printer, created, TimeSpan.FromMinutes(90 + (n % 150)), originalRunId: reprintOf);

            var first = (n / 3) % products.Count;
            foreach (var offset in (ReadOnlySpan<int>)[0, 1, 3])
            {
                run.AddItem(products[(first + offset) % products.Count], 1 + ((n + offset) % 6));
            }

            var spools = new Spool[2];
            for (var s = 0; s < spools.Length; s++)
            {
                spools[s] = Spool.Create(codes[group][s], materials[group][s], Mass.FromGrams(1000), prices[group], created, Mass.FromGrams(250));
                run.AssignSpool(spools[s], printer.MaterialSlots, Mass.FromGrams(s == 0 ? 2.5m : 1.5m), Mass.FromGrams(3));
                run.RecordWeightBefore(spools[s], Mass.FromGrams(1250m - (n % 700)), created);
            }

            var fate = random.Next(100);
            if (fate >= 98)
            {
                runs.Add(run); // Draft: weighed before, not started.
                continue;
            }

            var started = created.AddMinutes(5);
            run.Start(spools, started);
            if (fate >= 96)
            {
                runs.Add(run); // In progress.
                continue;
            }

            for (var s = 0; s < spools.Length; s++)
            {
                var material = run.Materials[s];
                var factor = 0.9m + (random.Next(26) / 100m);
                var used = decimal.Round(material.EstimatedTotal.Grams * factor, 1);
                if (fate >= 93 && s == 1)
                {
                    break; // Cancelled mid-print: only the first spool was weighed after.
                }

                run.RecordWeightAfter(material.SpoolId, material.WeightBefore!.Value - Mass.FromGrams(used));
            }

            var ended = started.AddMinutes(60 + random.Next(240));
            if (fate >= 93)
            {
                run.Cancel(spools, ended);
            }
            else if (fate >= 88)
            {
                run.Fail(spools, ended);
                lastFailed = run.Id;
            }
            else
            {
                for (var i = 0; i < run.Items.Count; i++)
                {
                    var item = run.Items[i];
                    var failed = random.Next(10) == 0 ? 1 : 0;
                    run.RecordOutcome(item.ProductId, item.Quantity - failed, failed);
                }

                QualityRating? quality = random.Next(4) == 0 ? null : new QualityRating(3 + random.Next(3));
                run.Complete(spools, ended, quality);
            }

            runs.Add(run);
        }

        return runs;
    }
}
