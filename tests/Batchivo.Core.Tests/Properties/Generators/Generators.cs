using System.Text;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Batchivo.Core.Tests.Properties;

/// <summary>
/// FsCheck generators of the production domain, for <c>[Property(Arbitrary = new[] { typeof(Generators) })]</c>.
/// </summary>
/// <remarks>
/// <para>Every domain object is built through the domain API (Spool.Create, Product.Create, ProductionRun.Create,
/// AddItem, AssignSpool, RecordWeightBefore, Start, RecordWeightAfter, RecordMeasuredWaste, RecordOutcome,
/// Complete/Fail/Cancel...), never restored from a hand-made state, so a generated value is one the product can reach.</para>
/// <para>A history is generated as pure data first (a <see cref="RunPlan"/> per run: random choices, grams in tenths),
/// then played against a fresh <see cref="Farm"/>. Choices that depend on the state (which spool is free, which run
/// can be reprinted) are resolved while playing, so every plan gives a valid history. Generated objects are mutable
/// and fresh per test case; nothing is shrunk.</para>
/// <para>All grams are decimals with 0.1 g resolution (weights, BOM grams, purge/tower estimates, measured waste).</para>
/// </remarks>
public static partial class Generators
{
    /// <summary>The start of every generated history.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);

    private static readonly MaterialSpec[] SpecPool =
    [
        new("PLA", "Black"),
        new("PLA", "White"),
        new("PETG", "Red"),
        new("ABS", "Grey"),
        new("TPU", "Blue"),
    ];

    // ---- Arbitraries: FsCheck picks these up by their return type ------------------------------------------

    /// <summary>A catalog: 1..3 materials, 1..2 spools each, 1..5 products, 1..3 printers.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<Farm> Farms() => Arb.From(FarmGen(maxSpoolsPerSpec: 2));

    /// <summary>A valid product with 1..3 BOM lines.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<Product> Products() =>
        Arb.From(from count in Gen.Choose(1, SpecPool.Length) select SpecPool.Take(count).ToArray() into specs from p in ProductGen(specs, "SKU-X") select p);

    /// <summary>A valid spool of a random material.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<Spool> Spools() => Arb.From(from spec in Gen.Elements(SpecPool) from spool in SpoolGen(spec, "S-X") select spool);

    /// <summary>A history of 0..30 runs in every status.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<History> Histories() => Arb.From(HistoryGen(maxRuns: 30, StandardTargets));

    /// <summary>A history and a statistics query over it (period, printer, product, top).</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<QueriedHistory> QueriedHistories() =>
        Arb.From(from h in HistoryGen(maxRuns: 30, StandardTargets) from q in QueryGen(h) select new QueriedHistory(h, q));

    /// <summary>A history and random calibration thresholds.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<CalibrationCase> CalibrationCases() =>
        Arb.From(from h in HistoryGen(maxRuns: 30, CalibrationTargets) from o in CalibrationOptionsGen select new CalibrationCase(h, o));

    /// <summary>Completed runs whose usage is exactly k times their estimate.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<AgreeingRuns> AgreeingRunSets() => Arb.From(AgreeingRunsGen());

    /// <summary>A run in a random state (after 0..3 other runs) and a call the domain must refuse.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<RefusedCallCase> RefusedCallCases() => Arb.From(RefusedCallGen());

    /// <summary>A draft edited by a random sequence of add/remove item, assign/unassign spool and slicer estimates.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<EditedDraft> EditedDrafts() => Arb.From(EditedDraftGen());

    // ---- Catalog -----------------------------------------------------------------------------------------

    /// <summary>Grams with 0.1 g resolution, from <paramref name="minTenths"/> to <paramref name="maxTenths"/> tenths.</summary>
    /// <param name="minTenths">Smallest value in tenths of a gram.</param>
    /// <param name="maxTenths">Largest value in tenths of a gram.</param>
    /// <returns>The generator.</returns>
    public static Gen<decimal> Tenths(int minTenths, int maxTenths) => Gen.Choose(minTenths, maxTenths).Select(t => t / 10m);

    /// <summary>A BOM line: 0.1..60.0 g per unit, a third of the time with supports (0..grams).</summary>
    /// <param name="material">The material.</param>
    /// <returns>The generator.</returns>
    public static Gen<BomLine> BomLineGen(MaterialSpec material) =>
        from grams in Gen.Choose(1, 600)
        from supports in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(0, grams)))
        select new BomLine(material, new Mass(grams / 10m), new Mass(supports / 10m));

    /// <summary>A valid product: 1..3 BOM lines of distinct materials taken from <paramref name="specs"/>.</summary>
    /// <param name="specs">The materials to choose from.</param>
    /// <param name="sku">The SKU.</param>
    /// <returns>The generator.</returns>
    public static Gen<Product> ProductGen(IReadOnlyList<MaterialSpec> specs, string sku) =>
        Draws(
            Gen.Choose(1, Math.Min(3, specs.Count)),   // 0 lines
            Gen.Choose(0, specs.Count - 1),            // 1 first material (the lines take the next ones, cyclically)
            Gen.Choose(1, 600), Gen.Choose(1, 600), Gen.Choose(1, 600),                                  // 2..4 grams per unit, tenths
            Mostly(0, 2, 0, 1000), Mostly(0, 2, 0, 1000), Mostly(0, 2, 0, 1000),                         // 5..7 supports, per mille of the grams
            Mostly(0, 1, 1, 600))                      // 8 print minutes per unit, 0 for none
        .Select(v => Product.Create(
            sku,
            "Product " + sku,
            Enumerable.Range(0, v[0]).Select(i => new BomLine(specs[(v[1] + i) % specs.Count], new Mass(v[2 + i] / 10m), new Mass(v[2 + i] * v[5 + i] / 1000 / 10m))),
            v[8] == 0 ? null : TimeSpan.FromMinutes(v[8])));

    /// <summary>A valid spool: nominal 250..2000 g, USD price, usually a tare and a first weighing.</summary>
    /// <param name="material">The material.</param>
    /// <param name="code">The code.</param>
    /// <returns>The generator.</returns>
    public static Gen<Spool> SpoolGen(MaterialSpec material, string code) =>
        Draws(
            Gen.Elements(250, 500, 750, 1000, 2000),   // 0 nominal net grams
            Gen.Choose(800, 4500),                     // 1 price, cents
            Gen.Choose(800, 3000),                     // 2 tare, tenths
            Gen.Choose(50, 1000),                      // 3 fill, per mille of the nominal
            Gen.Choose(0, 5),                          // 4 weighed unless 0
            Gen.Choose(0, Brands.Length - 1),          // 5 brand
            Gen.Choose(0, 3))                          // 6 tare unknown when 0
        .Select(v =>
        {
            var tare = v[6] == 0 ? (Mass?)null : new Mass(v[2] / 10m);
            var gross = (tare?.Grams ?? 200m) + decimal.Round(v[0] * v[3] / 1000m, 1);
            return Spool.Create(code, new Material(material, Brands[v[5]]), new Mass(v[0]), new Money(v[1] / 100m, "USD"), Epoch, tare, null, v[4] > 0 ? new Mass(gross) : null);
        });

    private static readonly string[] Brands = ["Bambu Lab", "Prusament", "eSun", "Polymaker"];

    /// <summary>A catalog: 1..3 materials, 1..<paramref name="maxSpoolsPerSpec"/> spools each, 1..5 products, 1..3 printers (the first with 4..8 slots).</summary>
    /// <param name="maxSpoolsPerSpec">Spools per material at most.</param>
    /// <returns>The generator.</returns>
    public static Gen<Farm> FarmGen(int maxSpoolsPerSpec) =>
        from specCount in Gen.Choose(1, 3)
        from shuffledSpecs in Gen.Shuffle(SpecPool)
        let specs = shuffledSpecs.Take(specCount).ToArray()
        from perSpec in Gen.ArrayOf(Gen.Choose(1, maxSpoolsPerSpec), specCount)
        let spoolSpecs = specs.SelectMany((s, i) => Enumerable.Repeat(s, perSpec[i])).ToArray()
        from spools in Gen.CollectToArray(spoolSpecs.Select((s, i) => SpoolGen(s, SpoolCode(i + 1))))
        from productCount in Gen.Choose(1, 5)
        from products in Gen.CollectToArray(Enumerable.Range(1, productCount).Select(i => ProductGen(specs, "SKU-" + i)))
        from firstSlots in Gen.Choose(4, 8)
        from otherSlots in Gen.ListOf(Gen.Elements(1, 2, 4, 8)).Select(l => l.Take(2).ToArray())
        select new Farm(specs, spools, products, [Printer.Create("P-1", "Bambu X1C", firstSlots), .. otherSlots.Select((s, i) => Printer.Create("P-" + (i + 2), "Bambu P1S", s))]);
}
