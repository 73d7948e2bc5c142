using Batchivo.Catalog;
using Batchivo.Production;

namespace Batchivo.Core.Tests.Statistics;

/// <summary>
/// Runs recorded through the domain API whose variance percent is chosen: every product needs 100 g of PLA per unit,
/// a run prints one unit of each product from one fresh spool per product, with nothing purged, so a run that uses
/// (100 + x) g per product has a variance of exactly x percent.
/// </summary>
public sealed class OutlierRuns
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static readonly MaterialSpec[] Specs = [new("PLA", "Black"), new("PLA", "White"), new("PETG", "Red")];
    private readonly List<ProductionRun> _runs = [];
    private int _spools;

    public OutlierRuns()
    {
        Printer = Printer.Create("P1S-1", "Bambu P1S", 4);
        A = Product.Create("A", "Product A", [new BomLine(Specs[0], Mass.FromGrams(100))]);
        B = Product.Create("B", "Product B", [new BomLine(Specs[1], Mass.FromGrams(100))]);
        C = Product.Create("C", "Product C", [new BomLine(Specs[2], Mass.FromGrams(100))]);
    }

    public Printer Printer { get; }

    public Product A { get; }

    public Product B { get; }

    public Product C { get; }

    public IReadOnlyList<ProductionRun> Runs => _runs;

    /// <summary>A completed run of the products whose variance is <paramref name="percent"/> (4 decimals at most).</summary>
    public ProductionRun Completed(decimal percent, params Product[] products) => Play(RunStatus.Completed, percent, products);

    /// <summary>A completed run per variance, of <paramref name="product"/> only.</summary>
    public IReadOnlyList<ProductionRun> Completed(Product product, params decimal[] percents) => [.. percents.Select(p => Completed(p, product))];

    /// <summary>A run driven to <paramref name="status"/> (Completed, Failed, or InProgress), weighed after unless in progress.</summary>
    public ProductionRun Play(RunStatus status, decimal percent, params Product[] products)
    {
        var at = T0.AddHours(_runs.Count * 6);
        var run = ProductionRun.Create(_runs.Count + 1, Printer, at);
        var spools = new List<Spool>();
        foreach (var product in products)
        {
            run.AddItem(product, 1);
            var spool = Spool.Create($"S-{++_spools:000}", new Material(product.Bom[0].Material, "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), at, Mass.FromGrams(250));
            run.AssignSpool(spool, Printer.MaterialSlots);
            run.RecordWeightBefore(spool, Mass.FromGrams(1000), at);
            spools.Add(spool);
        }

        run.Start(spools, at.AddMinutes(5));
        if (status != RunStatus.InProgress)
        {
            foreach (var spool in spools)
            {
                run.RecordWeightAfter(spool.Id, Mass.FromGrams(1000m - 100m - percent));
            }

            if (status == RunStatus.Completed)
            {
                foreach (var product in products)
                {
                    run.RecordOutcome(product.Id, 1, 0);
                }

                run.Complete(spools, at.AddHours(2));
            }
            else
            {
                run.Fail(spools, at.AddHours(2));
            }
        }

        _runs.Add(run);
        return run;
    }
}
