using BenchmarkDotNet.Attributes;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Reporting;

namespace Batchivo.Benchmarks;

/// <summary>
/// The variance of one large multi-colour run: 20 products over 8 spools of 8 colours, with measured supports and
/// purge on some spools. Each invocation restores the run from its stored state, so its cached totals are computed
/// afresh every time, as when a host loads a run and shows it.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class VarianceBenchmarks
{
    private static readonly DateTimeOffset Origin = new(2024, 6, 3, 8, 0, 0, TimeSpan.Zero);

    private ProductionRunState _state = null!;

    [GlobalSetup]
    public void Setup()
    {
        _state = BuildRun().ToState();
        var report = Report();
        if (report.Breakdown is null || report.CostVariance is null || report.MaterialTable.Count != 8 || report.Items.Count != 20)
        {
            throw new InvalidOperationException("The generated run does not give a full variance report.");
        }
    }

    /// <summary>Restoring the run alone: the cost every scenario below starts with.</summary>
    /// <returns>The run.</returns>
    [Benchmark(Baseline = true)]
    public ProductionRun Restore() => ProductionRun.Restore(_state);

    /// <summary>Restore, then a hand-written sum of before - after and of the estimates over the 8 spools.</summary>
    /// <returns>Actual - estimated grams.</returns>
    [Benchmark]
    public decimal RestoreAndHandSum()
    {
        var run = ProductionRun.Restore(_state);
        var variance = 0m;
        var materials = run.Materials;
        for (var i = 0; i < materials.Count; i++)
        {
            var m = materials[i];
            variance += m.WeightBefore!.Value.Grams - m.WeightAfter!.Value.Grams
                - (m.EstimatedModel.Grams + m.EstimatedPurge.Grams + m.EstimatedTower.Grams);
        }

        return variance;
    }

    /// <summary>Restore, then the variance, its breakdown, the cost variance and the multi-colour table.</summary>
    /// <returns>The figures.</returns>
    [Benchmark]
    public VarianceFigures VarianceBreakdownCostTable()
    {
        var run = ProductionRun.Restore(_state);
        return new VarianceFigures(run.Variance, run.Breakdown(), run.CostVariance(), run.MaterialTable());
    }

    /// <summary>Restore, then the full run report (items, totals, breakdown, costs, table).</summary>
    /// <returns>The report.</returns>
    [Benchmark]
    public RunReport Report() => RunReport.From(ProductionRun.Restore(_state));

    private static ProductionRun BuildRun()
    {
        var printer = Printer.Create("X1C-AMS2", "Bambu X1C with 2 AMS", 8);
        string[] colours = ["Black", "White", "Red", "Blue", "Green", "Yellow", "Orange", "Purple"];
        var specs = colours.Select(c => new MaterialSpec("PLA", c)).ToArray();

        var products = new List<Product>();
        for (var j = 0; j < 20; j++)
        {
            var main = specs[j % 8];
            var accent = specs[(j + 3) % 8];
            BomLine[] bom = (j % 3) switch
            {
                0 => [new BomLine(main, Mass.FromGrams(24.5m + j), Mass.FromGrams(3.2m))],
                1 => [new BomLine(main, Mass.FromGrams(18m + j)), new BomLine(accent, Mass.FromGrams(4.75m))],
                _ => [new BomLine(main, Mass.FromGrams(31m), Mass.FromGrams(2.5m)), new BomLine(accent, Mass.FromGrams(6.1m + (j / 10m)), Mass.FromGrams(1m))],
            };
            products.Add(Product.Create($"MC-{j:00}", $"Multi-colour part {j:00}", bom, TimeSpan.FromMinutes(15 + j)));
        }

        var run = ProductionRun.Create(4242, printer, Origin, TimeSpan.FromHours(11), "Full plate, 8 colours");
        for (var j = 0; j < products.Count; j++)
        {
            run.AddItem(products[j], 1 + (j % 4), $"R{(j / 5) + 1}C{(j % 5) + 1}");
        }

        var spools = new Spool[8];
        for (var i = 0; i < spools.Length; i++)
        {
            var material = new Material(specs[i], i < 4 ? "Bambu Lab" : "Polymaker");
            spools[i] = Spool.Create($"PLA-{i + 1:000}", material, Mass.FromGrams(1000), new Money(19.99m + i, "USD"), Origin, Mass.FromGrams(250));
            run.AssignSpool(spools[i], printer.MaterialSlots, Mass.FromGrams(6.5m + i), Mass.FromGrams(2.2m));
            run.RecordWeightBefore(spools[i], Mass.FromGrams(1180.4m - (37 * i)), Origin);
        }

        var started = Origin.AddMinutes(4);
        run.Start(spools, started);
        for (var i = 0; i < spools.Length; i++)
        {
            var material = run.Materials[i];
            var used = decimal.Round(material.EstimatedTotal.Grams * (0.94m + (0.021m * i)), 1);
            run.RecordWeightAfter(material.SpoolId, material.WeightBefore!.Value - Mass.FromGrams(used));
            if (i % 3 == 0)
            {
                run.RecordMeasuredWaste(material.SpoolId, Mass.FromGrams(material.EstimatedSupports.Grams + 1.3m), Mass.FromGrams(5.9m + i), Mass.FromGrams(2.6m));
            }
            else if (i % 3 == 1)
            {
                run.RecordMeasuredWaste(material.SpoolId, null, Mass.FromGrams(7.1m + i), null);
            }
        }

        for (var i = 0; i < run.Items.Count; i++)
        {
            var item = run.Items[i];
            var failed = item.Quantity > 2 && item.Sku.EndsWith('7') ? 1 : 0;
            run.RecordOutcome(item.ProductId, item.Quantity - failed, failed);
        }

        run.Complete(spools, started.AddHours(11.5), new QualityRating(4));
        return run;
    }

    /// <summary>What a host shows about a run's variance.</summary>
    /// <param name="Variance">Actual - estimated.</param>
    /// <param name="Breakdown">The variance by cause.</param>
    /// <param name="CostVariance">The cost of the variance.</param>
    /// <param name="MaterialTable">Per material: actual use, purge, total.</param>
    public readonly record struct VarianceFigures(Mass? Variance, VarianceBreakdown? Breakdown, Money? CostVariance, IReadOnlyList<MaterialUsageRow> MaterialTable);
}
