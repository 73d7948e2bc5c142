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
public static class Generators
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

    // ---- Run plans -----------------------------------------------------------------------------------------

    private static readonly Gen<Target> StandardTargets = Gen.Frequency(
        (2, Gen.Constant(Target.Draft)),
        (1, Gen.Constant(Target.Ready)),
        (1, Gen.Constant(Target.InProgress)),
        (1, Gen.Constant(Target.Printed)),
        (8, Gen.Constant(Target.Completed)),
        (2, Gen.Constant(Target.Failed)),
        (1, Gen.Constant(Target.CancelledDraft)),
        (2, Gen.Constant(Target.CancelledInProgress)));

    private static readonly Gen<Target> CalibrationTargets = Gen.Frequency(
        (1, Gen.Constant(Target.Draft)),
        (12, Gen.Constant(Target.Completed)),
        (1, Gen.Constant(Target.Failed)),
        (1, Gen.Constant(Target.CancelledInProgress)));

    private static readonly Gen<Target> BalancedTargets = Gen.Elements(Enum.GetValues<Target>());

    // Plans are drawn as flat arrays of single Choose draws (Gen.CollectToArray / Gen.ArrayOf), decoded by a Select:
    // a chain of LINQ binds costs several times more per value, and a history draws hundreds of values.

    /// <summary>
    /// One draw: <paramref name="constant"/> with weight <paramref name="constantWeight"/>, else uniform in
    /// <paramref name="low"/>..<paramref name="high"/> with weight 1 (a one-draw Gen.Frequency).
    /// </summary>
    private static Gen<int> Mostly(int constant, int constantWeight, int low, int high)
    {
        var span = high - low + 1;
        return Gen.Choose(0, (span * (constantWeight + 1)) - 1).Select(v => v < span * constantWeight ? constant : low + v - (span * constantWeight));
    }

    /// <summary>Null with weight <paramref name="nullWeight"/>, else uniform in <paramref name="low"/>..<paramref name="high"/> (low >= 0).</summary>
    private static Gen<int> MaybeDraw(int nullWeight, int low, int high) => Mostly(-1, nullWeight, low, high);

    private static int? Measured(int draw) => draw < 0 ? null : draw;

    private static Gen<int[]> Draws(params Gen<int>[] draws) => Gen.CollectToArray(draws);

    private static readonly Gen<ItemPlan> ItemPlanGen =
        Draws(
            Gen.Choose(0, 99),
            Mostly(0, 2, 5, 12),
            Mostly(100, 3, 0, 100),
            Gen.Choose(1, 4))
        .Select(v => new ItemPlan(v[0], v[1] == 0 ? v[3] : v[1], v[2]));

    private static readonly Gen<SpoolUsePlan> SpoolUsePlanGen =
        Draws(
            Mostly(0, 2, 0, 150),        // estimated purge
            Mostly(0, 3, 0, 100),        // estimated tower
            Mostly(0, 3, -20, 20),       // jitter of the weight before
            Gen.Choose(-1000, 1000),     // where the usage falls in the noise band
            Mostly(0, 4, 0, 50),         // extra usage
            MaybeDraw(2, 0, 300),        // measured supports
            MaybeDraw(2, 0, 200),        // measured purge
            MaybeDraw(2, 0, 150),        // measured tower
            Gen.Choose(0, 2),            // weighed before (as a draft) unless 0
            Gen.Choose(0, 1))            // weighed after (in progress, cancelled) when 1
        .Select(v => new SpoolUsePlan(v[0], v[1], v[2], v[3], v[4], Measured(v[5]), Measured(v[6]), Measured(v[7]), v[8] > 0, v[9] > 0));

    private static readonly Gen<SlicerLinePlan> SlicerLineGen =
        Draws(Gen.Choose(0, 3000), Gen.Choose(0, 150), Gen.Choose(0, 100)).Select(v => new SlicerLinePlan(v[0], v[1], v[2]));

    /// <summary>One run's random choices.</summary>
    /// <param name="targets">How often each final state is aimed at.</param>
    /// <returns>The generator.</returns>
    public static Gen<RunPlan> RunPlanGen(Gen<Target> targets) =>
        from target in targets
        from v in Draws(
            Gen.Choose(0, 99),             // 0 printer
            Gen.Choose(1, 4),              // 1 products on the plate
            Mostly(0, 6, 1, 2),            // 2 extra spools of the first material (0: 6/8, 1: 1/8, 2: 1/8)
            Gen.Choose(0, 4),              // 3 a spool of another material when 0
            MaybeDraw(1, 1, 5),            // 4 quality
            Gen.Choose(0, 2),              // 5 rate while printing when 0
            Gen.Choose(0, 1),              // 6 record outcomes (when not completing) when 1
            Gen.Choose(0, 1440),           // 7 minutes since the previous run was created
            Gen.Choose(0, 180),            // 8 minutes to start
            Gen.Choose(1, 1440),           // 9 minutes printing
            MaybeDraw(1, 10, 1440),        // 10 estimated minutes
            Gen.Choose(0, 5),              // 11 reprint when 0
            Gen.Choose(0, 99),             // 12 pick
            Mostly(0, 6, 1, 3),            // 13 draft strip
            Gen.Choose(0, 3),              // 14 slicer estimate when 0
            MaybeDraw(1, 1, 1440))         // 15 slicer print minutes
        from items in Gen.ArrayOf(ItemPlanGen, 4)
        from spools in Gen.ArrayOf(SpoolUsePlanGen, 4)
        from slicer in Gen.ArrayOf(SlicerLineGen, 4)
        select new RunPlan(
            target, v[0], items.Take(v[1]).ToArray(), v[2], v[3] == 0, spools,
            v[14] == 0 ? new SlicerPlan(slicer, Measured(v[15])) : null,
            Measured(v[4]), v[5] == 0, v[6] == 1, v[7], v[8], v[9], Measured(v[10]), v[11] == 0, v[12], (DraftStrip)v[13]);

    /// <summary>0..<paramref name="maxRuns"/>, short histories more likely (P(n) falls with the square of n; mean about a quarter of the maximum).</summary>
    private static Gen<int> RunCount(int maxRuns) =>
        Gen.Choose(0, ((maxRuns + 1) * (maxRuns + 1) * (maxRuns + 1)) - 1).Select(u => maxRuns - Math.Min(maxRuns, (int)Math.Cbrt(u)));

    /// <summary>A history: a farm and 0..<paramref name="maxRuns"/> runs played one after the other.</summary>
    /// <param name="maxRuns">Runs at most.</param>
    /// <param name="targets">How often each final state is aimed at.</param>
    /// <returns>The generator.</returns>
    public static Gen<History> HistoryGen(int maxRuns, Gen<Target> targets) =>
        from plans in from n in RunCount(maxRuns) from p in Gen.ArrayOf(RunPlanGen(targets), n) select p
        from bias in Gen.Choose(70, 130)
        from noise in Gen.Elements(0, 2, 10, 50)
        from farm in FarmGen(maxSpoolsPerSpec: 2)
        select HistoryPlayer.Play(farm, plans, bias, noise);

    // ---- Queries and options -------------------------------------------------------------------------------

    /// <summary>A statistics query over a history: maybe a period around its runs, a printer, a product; top 1..10.</summary>
    /// <param name="history">The history.</param>
    /// <returns>The generator.</returns>
    public static Gen<StatisticsQuery> QueryGen(History history)
    {
        var instants = history.Runs.Select(r => r.ActivityAt).DefaultIfEmpty(Epoch).ToArray();
        var instant = from at in Gen.Elements(instants) from shift in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(-600, 600))) select at.AddMinutes(shift);
        return from from_ in Gen.Frequency((1, Gen.Constant<DateTimeOffset?>(null)), (1, instant.Select(a => (DateTimeOffset?)a)))
               from length in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(1, 20000)))
               from printer in Gen.Frequency((2, Gen.Constant<PrinterId?>(null)), (1, Gen.Elements(history.Farm.Printers.ToArray()).Select(p => (PrinterId?)p.Id)))
               from product in Gen.Frequency((2, Gen.Constant<ProductId?>(null)), (1, Gen.Elements(history.Farm.Products.ToArray()).Select(p => (ProductId?)p.Id)))
               from top in Gen.Choose(1, 10)
               select new StatisticsQuery(from_, length == 0 ? null : (from_ ?? Epoch).AddMinutes(length), printer, product, top);
    }

    /// <summary>Calibration thresholds: 1..6 runs, spread 0..50 %, change 0..10 %.</summary>
    public static readonly Gen<CalibrationOptions> CalibrationOptionsGen =
        from minRuns in Gen.Choose(1, 6)
        from spread in Gen.Choose(0, 50)
        from change in Gen.Choose(0, 10)
        select new CalibrationOptions { MinRuns = minRuns, MaxRelativeSpread = spread / 100m, MinRelativeChange = change / 100m };

    // ---- Calibration with agreeing runs --------------------------------------------------------------------

    /// <summary>
    /// 1..8 completed runs without failures, each with the measured product (and maybe others), one spool per material,
    /// every spool using exactly k x its model estimate plus its purge and tower (k = 0.50..1.50 in steps of 0.01).
    /// </summary>
    /// <returns>The generator.</returns>
    public static Gen<AgreeingRuns> AgreeingRunsGen() =>
        from farm in FarmGen(maxSpoolsPerSpec: 1)
        from kPercent in Gen.Frequency((4, Gen.Choose(50, 150)), (1, Gen.Elements(98, 99, 100, 101, 102)))
        from runCount in Gen.Choose(1, 8)
        from runs in Gen.ArrayOf(
            from quantities in Gen.ArrayOf(Gen.Choose(1, 12), farm.Products.Count)
            from others in Gen.ArrayOf(Gen.Choose(0, 2).Select(v => v == 0), farm.Products.Count)
            from purges in Gen.ArrayOf(Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(0, 150))), farm.Spools.Count)
            select (quantities, others, purges),
            runCount)
        from options in CalibrationOptionsGen
        select HistoryPlayer.PlayAgreeing(farm, kPercent / 100m, runs, options);

    // ---- Refused calls -------------------------------------------------------------------------------------

    /// <summary>A run in a random state after 0..3 other runs, and a call it must refuse.</summary>
    /// <returns>The generator.</returns>
    public static Gen<RefusedCallCase> RefusedCallGen() =>
        from context in from n in Gen.Choose(0, 3) from p in Gen.ArrayOf(RunPlanGen(StandardTargets), n) select p
        from subject in RunPlanGen(BalancedTargets)
        from farm in FarmGen(maxSpoolsPerSpec: 2)
        let history = HistoryPlayer.Play(farm, [.. context, subject], 100, 10)
        from call in RefusedCalls.For(history, history.Runs[^1])
        select new RefusedCallCase(history, history.Runs[^1], call);

    // ---- Draft edits ---------------------------------------------------------------------------------------

    private static readonly Gen<EditOp> EditOpGen = Gen.Frequency(
        (4, from p in Gen.Choose(0, 99) from q in Gen.Choose(1, 12) select (EditOp)new AddItemOp(p, q)),
        (1, Gen.Choose(0, 99).Select(p => (EditOp)new RemoveItemOp(p))),
        (4, from s in Gen.Choose(0, 99) from purge in Gen.Choose(0, 150) from tower in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(0, 100))) select (EditOp)new AssignOp(s, purge, tower)),
        (1, Gen.Choose(0, 99).Select(s => (EditOp)new UnassignOp(s))),
        (1, from lines in Gen.ArrayOf(from m in Gen.Choose(0, 3000) from p in Gen.Choose(0, 150) from t in Gen.Choose(0, 100) select new SlicerLinePlan(m, p, t), 4)
            select (EditOp)new SlicerOp(lines)));

    /// <summary>A draft after 1..12 random edits, on a farm with up to 4 spools per material.</summary>
    /// <returns>The generator.</returns>
    public static Gen<EditedDraft> EditedDraftGen() =>
        from farm in FarmGen(maxSpoolsPerSpec: 4)
        from ops in from n in Gen.Choose(1, 12) from o in Gen.ArrayOf(EditOpGen, n) select o
        select HistoryPlayer.PlayEdits(farm, ops);

    internal static string SpoolCode(int n) => "S-" + n.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The state a generated run is driven to.</summary>
public enum Target
{
    /// <summary>Left as a draft (some spools weighed before).</summary>
    Draft,

    /// <summary>Left as a draft ready to start: every spool weighed before, nothing taken off again.</summary>
    Ready,

    /// <summary>Started; some weights after, outcomes and measured waste maybe recorded.</summary>
    InProgress,

    /// <summary>Started and every spool weighed after; outcomes maybe recorded; not completed yet.</summary>
    Printed,

    /// <summary>Completed with outcomes and maybe a rating.</summary>
    Completed,

    /// <summary>Failed as a whole plate.</summary>
    Failed,

    /// <summary>Cancelled as a draft.</summary>
    CancelledDraft,

    /// <summary>Cancelled while printing, with some weights after.</summary>
    CancelledInProgress,
}

/// <summary>How a draft is stripped after set-up, so drafts without products or spools occur.</summary>
public enum DraftStrip
{
    /// <summary>Kept as set up.</summary>
    None,

    /// <summary>Every product removed.</summary>
    RemoveItems,

    /// <summary>Every spool unassigned.</summary>
    UnassignSpools,

    /// <summary>The first spool unassigned.</summary>
    UnassignFirstSpool,
}

/// <summary>A product on a plate: which (index modulo the catalog), how many, the share that comes out well.</summary>
/// <param name="Product">Product index (modulo the catalog).</param>
/// <param name="Quantity">Units.</param>
/// <param name="SuccessPercent">Successful share, in percent (rounded down).</param>
public sealed record ItemPlan(int Product, int Quantity, int SuccessPercent);

/// <summary>What happens to one spool of a run; grams in tenths.</summary>
/// <param name="Purge">Estimated purge.</param>
/// <param name="Tower">Estimated tower.</param>
/// <param name="Jitter">Weight before minus the spool's last weighing.</param>
/// <param name="Spread">-1000..1000: where the usage falls within the history's noise band.</param>
/// <param name="Extra">Extra usage on top of the estimate-based figure.</param>
/// <param name="Supports">Measured supports, if measured.</param>
/// <param name="MeasuredPurge">Measured purge, if measured.</param>
/// <param name="MeasuredTower">Measured tower, if measured.</param>
/// <param name="WeighBefore">Whether a draft weighs this spool before.</param>
/// <param name="WeighAfter">Whether a run in progress or cancelled weighs this spool after.</param>
public sealed record SpoolUsePlan(int Purge, int Tower, int Jitter, int Spread, int Extra, int? Supports, int? MeasuredPurge, int? MeasuredTower, bool WeighBefore, bool WeighAfter);

/// <summary>A slicer's line for one spool; grams in tenths.</summary>
/// <param name="Model">Model grams.</param>
/// <param name="Purge">Purge grams.</param>
/// <param name="Tower">Tower grams.</param>
public sealed record SlicerLinePlan(int Model, int Purge, int Tower);

/// <summary>A slicer estimate: lines for up to 4 spools, maybe a print time.</summary>
/// <param name="Lines">Lines, by spool position.</param>
/// <param name="PrintMinutes">The print time, if given.</param>
public sealed record SlicerPlan(IReadOnlyList<SlicerLinePlan> Lines, int? PrintMinutes);

/// <summary>One run's random choices, resolved against the farm when played.</summary>
/// <param name="Target">The state to drive the run to.</param>
/// <param name="Printer">Printer index (modulo; the first printer when too few slots).</param>
/// <param name="Items">Products on the plate (duplicates dropped).</param>
/// <param name="SameSpecExtras">Extra spools of the first material (to split its estimate).</param>
/// <param name="OtherSpecExtra">Whether a spool of a material no product needs is added.</param>
/// <param name="Spools">Per spool position, what happens to it.</param>
/// <param name="Slicer">A slicer estimate replacing the BOM's, if any.</param>
/// <param name="Quality">The rating, if any.</param>
/// <param name="RateEarly">Rate while printing rather than on completion.</param>
/// <param name="RecordOutcomes">Whether a run that is not completed records outcomes.</param>
/// <param name="Gap">Minutes since the previous run was created.</param>
/// <param name="StartDelay">Minutes from creation to start.</param>
/// <param name="Duration">Minutes from start to end.</param>
/// <param name="EstimatedMinutes">Estimated duration, if any.</param>
/// <param name="Reprint">Whether to reprint an earlier run's failed units, when one has some.</param>
/// <param name="Pick">Which candidate (modulo) to reprint, which spool to take first.</param>
/// <param name="Strip">For drafts: what to take off again.</param>
public sealed record RunPlan(
    Target Target,
    int Printer,
    IReadOnlyList<ItemPlan> Items,
    int SameSpecExtras,
    bool OtherSpecExtra,
    IReadOnlyList<SpoolUsePlan> Spools,
    SlicerPlan? Slicer,
    int? Quality,
    bool RateEarly,
    bool RecordOutcomes,
    int Gap,
    int StartDelay,
    int Duration,
    int? EstimatedMinutes,
    bool Reprint,
    int Pick,
    DraftStrip Strip);

/// <summary>The catalog a history runs against: materials, spools (mutable: their ledgers grow), products, printers.</summary>
public sealed class Farm
{
    private readonly List<Spool> _spools;
    private readonly Dictionary<SpoolId, Spool> _spoolsById;

    /// <summary>Creates the farm.</summary>
    /// <param name="specs">The materials.</param>
    /// <param name="spools">The spools.</param>
    /// <param name="products">The products.</param>
    /// <param name="printers">The printers; the first has at least 4 slots.</param>
    public Farm(IReadOnlyList<MaterialSpec> specs, IEnumerable<Spool> spools, IReadOnlyList<Product> products, IReadOnlyList<Printer> printers)
    {
        Specs = specs;
        _spools = [.. spools];
        _spoolsById = _spools.ToDictionary(s => s.Id);
        Products = products;
        Printers = printers;
    }

    /// <summary>The materials.</summary>
    public IReadOnlyList<MaterialSpec> Specs { get; }

    /// <summary>The spools, including those opened while playing.</summary>
    public IReadOnlyList<Spool> Spools => _spools;

    /// <summary>The products.</summary>
    public IReadOnlyList<Product> Products { get; }

    /// <summary>The printers.</summary>
    public IReadOnlyList<Printer> Printers { get; }

    /// <summary>A spool by id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The spool.</returns>
    public Spool Spool(SpoolId id) => _spoolsById[id];

    /// <summary>A product by id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The product.</returns>
    public Product Product(ProductId id) => Products.First(p => p.Id == id);

    /// <summary>The spools of a run, in assignment order.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The spools.</returns>
    public IReadOnlyList<Spool> SpoolsOf(ProductionRun run) => [.. run.Materials.Select(m => _spoolsById[m.SpoolId])];

    /// <summary>Opens a new full spool (1000 g net, 200 g tare, weighed 1200 g).</summary>
    /// <param name="spec">Its material.</param>
    /// <param name="at">When.</param>
    /// <returns>The spool.</returns>
    public Spool OpenSpool(MaterialSpec spec, DateTimeOffset at)
    {
        var spool = global::Batchivo.Catalog.Spool.Create(Generators.SpoolCode(_spools.Count + 1), new Material(spec, "Bambu Lab"), new Mass(1000m), new Money(24.99m, "USD"), at, new Mass(200m), null, new Mass(1200m));
        _spools.Add(spool);
        _spoolsById.Add(spool.Id, spool);
        return spool;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("materials: ").AppendJoin(", ", Specs).AppendLine();
        foreach (var s in _spools)
        {
            text.Append("  spool ").Append(s.Code).Append(' ').Append(s.Material).Append(" gross ").Append(s.GrossWeight?.ToString() ?? "-").Append(" tare ").Append(s.Tare?.ToString() ?? "-").AppendLine();
        }

        foreach (var p in Products)
        {
            text.Append("  product ").Append(p.Sku).Append(": ").AppendJoin(", ", p.Bom.Select(l => $"{l.Material} {l.GramsPerUnit} (supports {l.SupportGramsPerUnit})")).AppendLine();
        }

        foreach (var p in Printers)
        {
            text.Append("  printer ").Append(p.Name).Append(" slots ").Append(p.MaterialSlots).AppendLine();
        }

        return text.ToString();
    }
}

/// <summary>A farm and the runs played on it, oldest first.</summary>
/// <param name="Farm">The catalog, with the spools' ledgers after the runs.</param>
/// <param name="Runs">The runs.</param>
/// <param name="Plans">The plans they were played from.</param>
public sealed record History(Farm Farm, IReadOnlyList<ProductionRun> Runs, IReadOnlyList<RunPlan> Plans)
{
    /// <summary>Describes a run on one line.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The text.</returns>
    public static string Describe(ProductionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var items = string.Join(", ", run.Items.Select(i => $"{i.Sku} x{i.Quantity} ({i.Successful?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}/{i.Failed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"})"));
        var spools = string.Join(", ", run.Materials.Select(m => $"{m.SpoolCode} est {m.EstimatedModel}+{m.EstimatedPurge}+{m.EstimatedTower} {m.WeightBefore?.ToString() ?? "-"}->{m.WeightAfter?.ToString() ?? "-"} meas {m.ActualSupports?.ToString() ?? "-"}/{m.ActualPurge?.ToString() ?? "-"}/{m.ActualTower?.ToString() ?? "-"}"));
        return $"#{run.Number} {run.Status} on {run.PrinterName} [{run.EstimateSource}] items [{items}] spools [{spools}] quality {run.Quality?.Stars.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}{(run.OriginalRunId is null ? "" : " reprint")}";
    }

    /// <inheritdoc />
    public override string ToString() =>
        Farm + string.Join(Environment.NewLine, Runs.Select(Describe));
}

/// <summary>A history and a statistics query.</summary>
/// <param name="History">The history.</param>
/// <param name="Query">The query.</param>
public sealed record QueriedHistory(History History, StatisticsQuery Query)
{
    /// <inheritdoc />
    public override string ToString() => $"{Query}{Environment.NewLine}{History}";
}

/// <summary>A history and calibration thresholds.</summary>
/// <param name="History">The history.</param>
/// <param name="Options">The thresholds.</param>
public sealed record CalibrationCase(History History, CalibrationOptions Options)
{
    /// <inheritdoc />
    public override string ToString() => $"{Options}{Environment.NewLine}{History}";
}

/// <summary>Completed runs whose spools used exactly k times their model estimate (plus purge and tower).</summary>
/// <param name="Farm">The catalog.</param>
/// <param name="Runs">The runs.</param>
/// <param name="K">The factor.</param>
/// <param name="Options">Calibration thresholds.</param>
public sealed record AgreeingRuns(Farm Farm, IReadOnlyList<ProductionRun> Runs, decimal K, CalibrationOptions Options)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"k = {K}, {Options}{Environment.NewLine}{Farm}{string.Join(Environment.NewLine, Runs.Select(History.Describe))}";
}

/// <summary>A call the domain must refuse: what to set up first (allowed calls), then the refused call.</summary>
/// <param name="Name">What is attempted.</param>
/// <param name="Rule">The rule it breaks, or null when any domain error will do.</param>
/// <param name="Arrange">Allowed changes to make before the snapshot.</param>
/// <param name="Act">The call that must throw.</param>
public sealed record RefusedCall(string Name, DomainRule? Rule, Action Arrange, Action Act)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A run in some state and a call it must refuse.</summary>
/// <param name="History">The history the run is the last of.</param>
/// <param name="Run">The run.</param>
/// <param name="Call">The call.</param>
public sealed record RefusedCallCase(History History, ProductionRun Run, RefusedCall Call)
{
    /// <inheritdoc />
    public override string ToString() => $"{Call.Name} on #{Run.Number} ({Run.Status}){Environment.NewLine}{History}";
}

/// <summary>One edit of a draft.</summary>
public abstract record EditOp;

/// <summary>Add a product (index modulo) if not on the plate.</summary>
/// <param name="Product">Product index.</param>
/// <param name="Quantity">Units.</param>
public sealed record AddItemOp(int Product, int Quantity) : EditOp;

/// <summary>Remove an item (index modulo) if any.</summary>
/// <param name="Index">Item index.</param>
public sealed record RemoveItemOp(int Index) : EditOp;

/// <summary>Assign a spool (index modulo) if not assigned and a slot is free.</summary>
/// <param name="Spool">Spool index.</param>
/// <param name="Purge">Estimated purge, tenths.</param>
/// <param name="Tower">Estimated tower, tenths.</param>
public sealed record AssignOp(int Spool, int Purge, int Tower) : EditOp;

/// <summary>Unassign a spool (index modulo) if any.</summary>
/// <param name="Index">Material index.</param>
public sealed record UnassignOp(int Index) : EditOp;

/// <summary>Apply a slicer estimate to the assigned spools, if any.</summary>
/// <param name="Lines">Lines by spool position.</param>
public sealed record SlicerOp(IReadOnlyList<SlicerLinePlan> Lines) : EditOp;

/// <summary>A draft after edits, with the last slicer estimate applied (null when none, or BOM estimates since).</summary>
/// <param name="Farm">The catalog.</param>
/// <param name="Run">The draft.</param>
/// <param name="Ops">The edits.</param>
/// <param name="LastSlicer">Model grams per spool code of the slicer estimate in force, if any.</param>
public sealed record EditedDraft(Farm Farm, ProductionRun Run, IReadOnlyList<EditOp> Ops, IReadOnlyDictionary<string, Mass>? LastSlicer)
{
    /// <inheritdoc />
    public override string ToString() => $"{string.Join("; ", Ops)}{Environment.NewLine}{Farm}{History.Describe(Run)}";
}

/// <summary>Plays plans against a farm through the domain API.</summary>
public static class HistoryPlayer
{
    /// <summary>Plays a history.</summary>
    /// <param name="farm">The farm (changed: spools are weighed and consumed).</param>
    /// <param name="plans">One plan per run.</param>
    /// <param name="bias">Usage in percent of the estimate, for the whole history.</param>
    /// <param name="noise">How far each spool's usage strays from it, in percent.</param>
    /// <returns>The history.</returns>
    public static History Play(Farm farm, IReadOnlyList<RunPlan> plans, int bias, int noise)
    {
        ArgumentNullException.ThrowIfNull(farm);
        ArgumentNullException.ThrowIfNull(plans);
        var runs = new List<ProductionRun>();
        var clock = Generators.Epoch;
        foreach (var plan in plans)
        {
            clock = clock.AddMinutes(plan.Gap);
            runs.Add(PlayRun(farm, runs, plan, clock, bias, noise));
        }

        return new History(farm, runs, plans);
    }

    private static ProductionRun PlayRun(Farm farm, List<ProductionRun> runs, RunPlan plan, DateTimeOffset created, int bias, int noise)
    {
        // Products: a reprint of an earlier run's uncovered failed units, else the plan's (duplicates dropped).
        ProductionRun? original = null;
        var items = new List<(Product Product, int Quantity, int SuccessPercent)>();
        if (plan.Reprint)
        {
            var candidates = runs.Where(r => r.Status is RunStatus.Completed or RunStatus.Failed && Reprints.Uncovered(r, runs).Count > 0).ToList();
            if (candidates.Count > 0)
            {
                original = candidates[plan.Pick % candidates.Count];
                items.AddRange(Reprints.Uncovered(original, runs).Select((n, i) => (farm.Product(n.ProductId), n.Units, plan.Items[i % plan.Items.Count].SuccessPercent)));
            }
        }

        if (original is null)
        {
            foreach (var item in plan.Items)
            {
                var product = farm.Products[item.Product % farm.Products.Count];
                if (!items.Exists(i => i.Product == product))
                {
                    items.Add((product, item.Quantity, item.SuccessPercent));
                }
            }
        }

        // Spools: one free spool per material the products need, maybe more of the first, maybe one of another material.
        var specs = items.SelectMany(i => i.Product.Bom.Select(l => l.Material)).Distinct().ToList();
        var chosen = new List<Spool>();
        foreach (var spec in specs)
        {
            chosen.Add(FreeSpool(farm, spec, chosen, plan.Pick, created));
        }

        for (var k = 0; k < plan.SameSpecExtras && chosen.Count < 4; k++)
        {
            chosen.Add(FreeSpool(farm, specs[0], chosen, plan.Pick + k + 1, created));
        }

        if (plan.OtherSpecExtra && chosen.Count < 4 && farm.Specs.FirstOrDefault(s => !specs.Contains(s)) is { } other)
        {
            chosen.Add(FreeSpool(farm, other, chosen, plan.Pick, created));
        }

        var printer = farm.Printers[plan.Printer % farm.Printers.Count];
        if (printer.MaterialSlots < chosen.Count)
        {
            printer = farm.Printers[0];
        }

        var run = ProductionRun.Create(runs.Count + 1, printer, created, plan.EstimatedMinutes is { } m ? TimeSpan.FromMinutes(m) : null, null, original?.Id);
        foreach (var (product, quantity, _) in items)
        {
            run.AddItem(product, quantity);
        }

        for (var i = 0; i < chosen.Count; i++)
        {
            run.AssignSpool(chosen[i], printer.MaterialSlots, new Mass(plan.Spools[i].Purge / 10m), new Mass(plan.Spools[i].Tower / 10m));
        }

        if (plan.Slicer is { } slicer)
        {
            var lines = chosen.Select((s, i) => new SlicerSpoolEstimate(s.Code, new Mass(slicer.Lines[i].Model / 10m), new Mass(slicer.Lines[i].Purge / 10m), new Mass(slicer.Lines[i].Tower / 10m))).ToList();
            run.ApplySlicerEstimate(new SlicerEstimate("plate.gcode.3mf", lines, slicer.PrintMinutes is { } pm ? TimeSpan.FromMinutes(pm) : null));
        }

        var startAt = created.AddMinutes(plan.StartDelay);
        var endAt = startAt.AddMinutes(plan.Duration);
        if (plan.Target is Target.Draft or Target.Ready or Target.CancelledDraft)
        {
            for (var i = 0; i < chosen.Count; i++)
            {
                if (plan.Spools[i].WeighBefore || plan.Target == Target.Ready)
                {
                    run.RecordWeightBefore(chosen[i], WeightBefore(chosen[i], plan.Spools[i]), created);
                }
            }

            Strip(run, plan.Target == Target.Ready ? DraftStrip.None : plan.Strip);
            if (plan.Target == Target.CancelledDraft)
            {
                run.Cancel(farm.SpoolsOf(run), startAt);
            }

            return run;
        }

        for (var i = 0; i < chosen.Count; i++)
        {
            run.RecordWeightBefore(chosen[i], WeightBefore(chosen[i], plan.Spools[i]), created);
        }

        run.Start(chosen, startAt);
        if (plan.RateEarly && plan.Quality is { } early)
        {
            run.Rate(new QualityRating(early));
        }

        var weighAll = plan.Target is Target.Completed or Target.Failed or Target.Printed;
        for (var i = 0; i < chosen.Count; i++)
        {
            var use = plan.Spools[i];
            if (weighAll || use.WeighAfter)
            {
                run.RecordWeightAfter(chosen[i].Id, WeightAfter(run.Materials[i], use, bias, noise));
            }

            if (use.Supports is not null || use.MeasuredPurge is not null || use.MeasuredTower is not null)
            {
                run.RecordMeasuredWaste(chosen[i].Id, Grams(use.Supports), Grams(use.MeasuredPurge), Grams(use.MeasuredTower));
            }
        }

        if (plan.Target == Target.Completed || plan.RecordOutcomes)
        {
            foreach (var (product, quantity, successPercent) in items)
            {
                var ok = quantity * successPercent / 100;
                run.RecordOutcome(product.Id, ok, quantity - ok);
            }
        }

        switch (plan.Target)
        {
            case Target.Completed:
                run.Complete(chosen, endAt, plan.RateEarly || plan.Quality is null ? null : new QualityRating(plan.Quality.Value));
                break;
            case Target.Failed:
                run.Fail(chosen, endAt);
                break;
            case Target.CancelledInProgress:
                run.Cancel(chosen, endAt);
                break;
            default:
                break;
        }

        return run;
    }

    /// <summary>
    /// Plays runs that agree exactly: every run has the first product and maybe others, one spool per material,
    /// and each spool uses k x its model estimate + its purge estimate (nothing measured), all units successful.
    /// </summary>
    /// <param name="farm">The farm (one spool per material).</param>
    /// <param name="k">The factor.</param>
    /// <param name="runs">Per run: quantities per product, which other products are on the plate, purge per spool (tenths).</param>
    /// <param name="options">The calibration thresholds.</param>
    /// <returns>The runs.</returns>
    public static AgreeingRuns PlayAgreeing(Farm farm, decimal k, IReadOnlyList<(int[] Quantities, bool[] Others, int[] Purges)> runs, CalibrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(farm);
        ArgumentNullException.ThrowIfNull(runs);
        var played = new List<ProductionRun>();
        var clock = Generators.Epoch;
        var printer = farm.Printers[0];
        foreach (var (quantities, others, purges) in runs)
        {
            clock = clock.AddHours(3);
            var run = ProductionRun.Create(played.Count + 1, printer, clock);
            for (var p = 0; p < farm.Products.Count; p++)
            {
                if (p == 0 || others[p])
                {
                    run.AddItem(farm.Products[p], quantities[p]);
                }
            }

            var specs = run.Items.SelectMany(i => i.Bom.Select(l => l.Material)).Distinct().ToList();
            var spools = farm.Spools.Where(s => specs.Contains(s.Material.Spec)).ToList();
            for (var i = 0; i < spools.Count; i++)
            {
                run.AssignSpool(spools[i], printer.MaterialSlots, new Mass(purges[i] / 10m));
                var before = Math.Max(spools[i].GrossWeight?.Grams ?? 0m, 6000m);
                run.RecordWeightBefore(spools[i], new Mass(before), clock);
            }

            run.Start(spools, clock.AddMinutes(1));
            foreach (var m in run.Materials.ToList())
            {
                run.RecordWeightAfter(m.SpoolId, m.WeightBefore!.Value - ((m.EstimatedModel * k) + m.EstimatedPurge + m.EstimatedTower));
            }

            foreach (var item in run.Items.ToList())
            {
                run.RecordOutcome(item.ProductId, item.Quantity, 0);
            }

            run.Complete(spools, clock.AddMinutes(90));
            played.Add(run);
        }

        return new AgreeingRuns(farm, played, k, options);
    }

    /// <summary>Plays edits on a draft, skipping those the draft would refuse (duplicates, full slots, nothing to remove).</summary>
    /// <param name="farm">The farm.</param>
    /// <param name="ops">The edits.</param>
    /// <returns>The edited draft.</returns>
    public static EditedDraft PlayEdits(Farm farm, IReadOnlyList<EditOp> ops)
    {
        ArgumentNullException.ThrowIfNull(farm);
        ArgumentNullException.ThrowIfNull(ops);
        var printer = farm.Printers[0];
        var run = ProductionRun.Create(1, printer, Generators.Epoch);
        Dictionary<string, Mass>? slicer = null;
        foreach (var op in ops)
        {
            switch (op)
            {
                case AddItemOp add when run.FindItem(farm.Products[add.Product % farm.Products.Count].Id) is null:
                    run.AddItem(farm.Products[add.Product % farm.Products.Count], add.Quantity);
                    slicer = null;
                    break;
                case RemoveItemOp remove when run.Items.Count > 0:
                    run.RemoveItem(run.Items[remove.Index % run.Items.Count].ProductId);
                    slicer = null;
                    break;
                case AssignOp assign when run.Materials.Count < Math.Min(4, printer.MaterialSlots) && run.FindMaterial(farm.Spools[assign.Spool % farm.Spools.Count].Id) is null:
                    run.AssignSpool(farm.Spools[assign.Spool % farm.Spools.Count], printer.MaterialSlots, new Mass(assign.Purge / 10m), new Mass(assign.Tower / 10m));
                    slicer = null;
                    break;
                case UnassignOp unassign when run.Materials.Count > 0:
                    run.UnassignSpool(run.Materials[unassign.Index % run.Materials.Count].SpoolId);
                    slicer = null;
                    break;
                case SlicerOp s when run.Materials.Count > 0:
                    var lines = run.Materials.Select((m, i) => new SlicerSpoolEstimate(m.SpoolCode, new Mass(s.Lines[i].Model / 10m), new Mass(s.Lines[i].Purge / 10m), new Mass(s.Lines[i].Tower / 10m))).ToList();
                    run.ApplySlicerEstimate(new SlicerEstimate("edit.3mf", lines, null));
                    slicer = lines.ToDictionary(l => l.SpoolCode, l => l.Model);
                    break;
                default:
                    break;
            }
        }

        return new EditedDraft(farm, run, ops, slicer);
    }

    private static void Strip(ProductionRun run, DraftStrip strip)
    {
        switch (strip)
        {
            case DraftStrip.RemoveItems:
                foreach (var item in run.Items.ToList())
                {
                    run.RemoveItem(item.ProductId);
                }

                break;
            case DraftStrip.UnassignSpools:
                foreach (var material in run.Materials.ToList())
                {
                    run.UnassignSpool(material.SpoolId);
                }

                break;
            case DraftStrip.UnassignFirstSpool when run.Materials.Count > 0:
                run.UnassignSpool(run.Materials[0].SpoolId);
                break;
            default:
                break;
        }
    }

    private static Spool FreeSpool(Farm farm, MaterialSpec spec, List<Spool> taken, int pick, DateTimeOffset at)
    {
        var free = farm.Spools.Where(s => s.Material.Spec == spec && s.ActiveRunId is null && !taken.Contains(s)).ToList();
        return free.Count > 0 ? free[pick % free.Count] : farm.OpenSpool(spec, at);
    }

    private static Mass WeightBefore(Spool spool, SpoolUsePlan use)
    {
        var last = spool.GrossWeight?.Grams ?? ((spool.Tare?.Grams ?? 200m) + spool.NominalNet.Grams);
        return new Mass(Math.Max(0.1m, last + (use.Jitter / 10m)));
    }

    private static Mass WeightAfter(RunMaterial material, SpoolUsePlan use, int bias, int noise)
    {
        var factor = bias / 100m * (1m + (noise / 100m * use.Spread / 1000m));
        var used = decimal.Round(material.EstimatedTotal.Grams * factor, 1, MidpointRounding.AwayFromZero) + (use.Extra / 10m);
        var before = material.WeightBefore!.Value.Grams;
        used = Math.Clamp(used, 0m, before - 0.1m);
        return new Mass(before - used);
    }

    private static Mass? Grams(int? tenths) => tenths is { } t ? new Mass(t / 10m) : null;
}

/// <summary>Calls a run must refuse in its current state, each with the rule it breaks (null: any domain error).</summary>
public static class RefusedCalls
{
    /// <summary>A call <paramref name="run"/> must refuse.</summary>
    /// <param name="history">The history the run belongs to.</param>
    /// <param name="run">The run.</param>
    /// <returns>The generator.</returns>
    public static Gen<RefusedCall> For(History history, ProductionRun run)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(run);
        var farm = history.Farm;
        var spools = farm.SpoolsOf(run);
        var at = run.ActivityAt.AddMinutes(5);
        var anyProduct = Gen.Elements(farm.Products.ToArray());
        var anySpool = Gen.Elements(farm.Spools.ToArray());
        var unassigned = farm.Spools.Where(s => run.FindMaterial(s.Id) is null).ToArray();
        var grams = Gen.Choose(0, 3000).Select(t => new Mass(t / 10m));
        var weight = Gen.Choose(1, 30000).Select(t => new Mass(t / 10m));
        var notPositive = Gen.Choose(-3000, 0).Select(t => new Mass(t / 10m));
        var negative = Gen.Choose(-3000, -1).Select(t => new Mass(t / 10m));
        var quality = Gen.Choose(1, 5).Select(s => new QualityRating(s));
        // Calls in the wrong state weigh 1, the state's own mistakes (bad arguments, missing preconditions) weigh 3,
        // refused starts (the transition with the most preconditions) 6.
        var calls = new List<(int Weight, Gen<RefusedCall> Gen)>();

        void Add(Gen<RefusedCall> gen) => calls.Add((1, gen));
        void AddFixed(string name, DomainRule? rule, Action act) => Add(Gen.Constant(new RefusedCall(name, rule, () => { }, act)));
        void Mistake(Gen<RefusedCall> gen, int weight = 3) => calls.Add((weight, gen));
        void FixedMistake(string name, DomainRule? rule, Action act, int weight = 3) => Mistake(Gen.Constant(new RefusedCall(name, rule, () => { }, act)), weight);
        Gen<RunMaterial> AnyMaterial() => Gen.Elements(run.Materials.ToArray());
        Gen<RunItem> AnyItem() => Gen.Elements(run.Items.ToArray());
        SlicerEstimate Slicer(IEnumerable<SlicerSpoolEstimate> lines, TimeSpan? time = null) => new("refused.3mf", [.. lines], time);
        IEnumerable<SlicerSpoolEstimate> ValidLines() => run.Materials.Select(m => new SlicerSpoolEstimate(m.SpoolCode, new Mass(10m), Mass.Zero, Mass.Zero));

        // Calls only a draft accepts (with valid arguments).
        void DraftOnly(DomainRule rule)
        {
            Add(from p in anyProduct from q in Gen.Choose(1, 5) select new RefusedCall($"AddItem({p.Sku}, {q})", rule, () => { }, () => run.AddItem(p, q)));
            Add(from s in anySpool from purge in grams select new RefusedCall($"AssignSpool({s.Code})", rule, () => { }, () => run.AssignSpool(s, 64, purge)));
            Add(Gen.Choose(1, 600).Select(m => new RefusedCall($"SetEstimatedDuration({m} min)", rule, () => { }, () => run.SetEstimatedDuration(TimeSpan.FromMinutes(m)))));
            AddFixed("Start", rule, () => run.Start(spools, at));
            if (run.Items.Count > 0)
            {
                Add(AnyItem().Select(i => new RefusedCall($"RemoveItem({i.Sku})", rule, () => { }, () => run.RemoveItem(i.ProductId))));
            }

            if (run.Materials.Count > 0)
            {
                Add(AnyMaterial().Select(m => new RefusedCall($"UnassignSpool({m.SpoolCode})", rule, () => { }, () => run.UnassignSpool(m.SpoolId))));
                Add(from m in AnyMaterial() from p in grams from t in grams select new RefusedCall($"SetPurgeEstimate({m.SpoolCode}, {p}, {t})", rule, () => { }, () => run.SetPurgeEstimate(m.SpoolId, p, t)));
                AddFixed("ApplySlicerEstimate(valid)", rule, () => run.ApplySlicerEstimate(Slicer(ValidLines())));
                Add(from m in AnyMaterial() from w in weight select new RefusedCall($"RecordWeightBefore({m.SpoolCode}, {w})", rule, () => { }, () => run.RecordWeightBefore(farm.Spool(m.SpoolId), w, at)));
            }
        }

        // Calls only a run in progress accepts (with valid arguments).
        void InProgressOnly(DomainRule rule)
        {
            AddFixed("Complete", rule, () => run.Complete(spools, at));
            AddFixed("Fail", rule, () => run.Fail(spools, at));
            Add(quality.Select(q => new RefusedCall($"Rate({q.Stars})", rule, () => { }, () => run.Rate(q))));
            if (run.Materials.Count > 0)
            {
                Add(from m in AnyMaterial() from w in weight select new RefusedCall($"RecordWeightAfter({m.SpoolCode}, {w})", rule, () => { }, () => run.RecordWeightAfter(m.SpoolId, w)));
                Add(from m in AnyMaterial() from s in grams from p in grams select new RefusedCall($"RecordMeasuredWaste({m.SpoolCode}, {s}, {p}, null)", rule, () => { }, () => run.RecordMeasuredWaste(m.SpoolId, s, p, null)));
            }

            if (run.Items.Count > 0)
            {
                Add(AnyItem().Select(i => new RefusedCall($"RecordOutcome({i.Sku}, {i.Quantity}, 0)", rule, () => { }, () => run.RecordOutcome(i.ProductId, i.Quantity, 0))));
            }
        }

        switch (run.Status)
        {
            case RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled:
                DraftOnly(DomainRule.RunState);
                InProgressOnly(DomainRule.RunState);
                AddFixed("Cancel", DomainRule.RunState, () => run.Cancel(spools, at));
                break;

            case RunStatus.Draft:
                InProgressOnly(DomainRule.RunState);
                AddDraftMistakes();
                break;

            default:
                DraftOnly(DomainRule.RunState);
                AddInProgressMistakes();
                break;
        }

        return Gen.Frequency(calls);

        void AddDraftMistakes()
        {
            Mistake(from p in anyProduct from q in Gen.Choose(-5, 0) select new RefusedCall($"AddItem({p.Sku}, {q})", DomainRule.QuantityMustBePositive, () => { }, () => run.AddItem(p, q)));
            FixedMistake("RemoveItem(unknown)", DomainRule.ItemAssignment, () => run.RemoveItem(ProductId.New()));
            FixedMistake("UnassignSpool(unknown)", DomainRule.SpoolAssignment, () => run.UnassignSpool(SpoolId.New()));
            Mistake(from p in grams from t in grams select new RefusedCall("SetPurgeEstimate(unknown)", DomainRule.SpoolAssignment, () => { }, () => run.SetPurgeEstimate(SpoolId.New(), p, t)));
            Mistake(Gen.Choose(-600, 0).Select(m => new RefusedCall($"SetEstimatedDuration({m} min)", DomainRule.QuantityMustBePositive, () => { }, () => run.SetEstimatedDuration(TimeSpan.FromMinutes(m)))));
            FixedMistake("ApplySlicerEstimate(stranger)", DomainRule.SlicerEstimate, () => run.ApplySlicerEstimate(Slicer([.. ValidLines(), new SlicerSpoolEstimate("NOT-IN-RUN", new Mass(5m), Mass.Zero, Mass.Zero)])));
            if (run.Items.Count > 0)
            {
                Mistake(from i in AnyItem() from q in Gen.Choose(1, 5) select new RefusedCall($"AddItem({i.Sku}) again", DomainRule.ItemAssignment, () => { }, () => run.AddItem(farm.Product(i.ProductId), q)));
            }

            if (unassigned.Length > 0)
            {
                var anyUnassigned = Gen.Elements(unassigned);
                Mistake(anyUnassigned.Select(s => new RefusedCall($"AssignSpool({s.Code}) with all {run.Materials.Count} slots taken", DomainRule.SpoolAssignment, () => { }, () => run.AssignSpool(s, run.Materials.Count))));
                Mistake(from s in anyUnassigned from bad in negative from towerFirst in Gen.Elements(true, false)
                    select new RefusedCall($"AssignSpool({s.Code}) with negative {(towerFirst ? "tower" : "purge")} {bad}", DomainRule.WeightMustBePositive, () => { }, () => run.AssignSpool(s, 64, towerFirst ? Mass.Zero : bad, towerFirst ? bad : Mass.Zero)));
                Mistake(from s in anyUnassigned from w in weight select new RefusedCall($"RecordWeightBefore({s.Code}) not assigned", DomainRule.SpoolAssignment, () => { }, () => run.RecordWeightBefore(s, w, at)));
            }

            if (run.Materials.Count == 0)
            {
                FixedMistake("ApplySlicerEstimate(no spools)", DomainRule.SlicerEstimate, () => run.ApplySlicerEstimate(Slicer([])));
            }
            else
            {
                Mistake(from spec in Gen.Elements(farm.Specs.ToArray()) from currency in Gen.Elements("EUR", "GBP", "JPY")
                    select new RefusedCall($"AssignSpool(a {currency} spool) to a USD run", DomainRule.CurrencyMismatch, () => { }, () => run.AssignSpool(global::Batchivo.Catalog.Spool.Create("FX-1", new Material(spec), new Mass(1000m), new Money(20m, currency), at), 64)));
                Mistake(AnyMaterial().Select(m => new RefusedCall($"AssignSpool({m.SpoolCode}) again", DomainRule.SpoolAssignment, () => { }, () => run.AssignSpool(farm.Spool(m.SpoolId), 64))));
                Mistake(from m in AnyMaterial() from bad in negative from towerFirst in Gen.Elements(true, false)
                    select new RefusedCall($"SetPurgeEstimate({m.SpoolCode}) negative", DomainRule.WeightMustBePositive, () => { }, () => run.SetPurgeEstimate(m.SpoolId, towerFirst ? Mass.Zero : bad, towerFirst ? bad : Mass.Zero)));
                Mistake(from m in AnyMaterial() from w in notPositive select new RefusedCall($"RecordWeightBefore({m.SpoolCode}, {w})", DomainRule.WeightMustBePositive, () => { }, () => run.RecordWeightBefore(farm.Spool(m.SpoolId), w, at)));
                Mistake(Gen.Choose(0, run.Materials.Count - 1).Select(skip => new RefusedCall("ApplySlicerEstimate(missing a spool)", DomainRule.SlicerEstimate, () => { }, () => run.ApplySlicerEstimate(Slicer(ValidLines().Where((_, i) => i != skip))))));
                Mistake(Gen.Choose(0, run.Materials.Count - 1).Select(twice => new RefusedCall("ApplySlicerEstimate(a spool twice)", DomainRule.SlicerEstimate, () => { }, () => run.ApplySlicerEstimate(Slicer([.. ValidLines(), ValidLines().ElementAt(twice)])))));
                Mistake(from which in Gen.Choose(0, run.Materials.Count - 1) from field in Gen.Choose(0, 2) from bad in negative
                    select new RefusedCall($"ApplySlicerEstimate(negative field {field})", DomainRule.WeightMustBePositive, () => { }, () => run.ApplySlicerEstimate(Slicer(ValidLines().Select((l, i) => i != which ? l : field switch
                    {
                        0 => l with { Model = bad },
                        1 => l with { Purge = bad },
                        _ => l with { Tower = bad },
                    })))));
                Mistake(Gen.Choose(-600, 0).Select(m => new RefusedCall($"ApplySlicerEstimate(print time {m} min)", DomainRule.SlicerEstimate, () => { }, () => run.ApplySlicerEstimate(Slicer(ValidLines(), TimeSpan.FromMinutes(m))))));
            }

            if (!ReadyToStart())
            {
                FixedMistake("Start (not ready)", null, () => run.Start(spools, at), 6);
            }
            else
            {
                Mistake(from m in AnyMaterial() from delta in Gen.Choose(1, 500)
                    select new RefusedCall($"Start after {m.SpoolCode} was weighed again", DomainRule.StaleWeighing, () => farm.Spool(m.SpoolId).RecordWeighing(farm.Spool(m.SpoolId).GrossWeight!.Value + new Mass(delta / 10m), at), () => run.Start(spools, at)), 6);
                Mistake(AnyMaterial().Select(m => new RefusedCall($"Start while {m.SpoolCode} is in another run", DomainRule.SpoolInUse, () => Block(farm.Spool(m.SpoolId), at), () => run.Start(spools, at))), 6);
            }
        }

        void AddInProgressMistakes()
        {
            Mistake(from m in AnyMaterial() from extra in Gen.Choose(1, 1000)
                select new RefusedCall($"RecordWeightAfter({m.SpoolCode}) above before", DomainRule.WeightAfterAboveBefore, () => { }, () => run.RecordWeightAfter(m.SpoolId, m.WeightBefore!.Value + new Mass(extra / 10m))));
            Mistake(from m in AnyMaterial() from w in notPositive select new RefusedCall($"RecordWeightAfter({m.SpoolCode}, {w})", DomainRule.WeightMustBePositive, () => { }, () => run.RecordWeightAfter(m.SpoolId, w)));
            Mistake(from w in weight select new RefusedCall("RecordWeightAfter(unknown)", DomainRule.SpoolAssignment, () => { }, () => run.RecordWeightAfter(SpoolId.New(), w)));
            Mistake(from m in AnyMaterial() from field in Gen.Choose(0, 2) from bad in negative
                select new RefusedCall($"RecordMeasuredWaste({m.SpoolCode}) negative field {field}", DomainRule.WeightMustBePositive, () => { }, () => run.RecordMeasuredWaste(m.SpoolId, field == 0 ? bad : null, field == 1 ? bad : Mass.Zero, field == 2 ? bad : null)));
            FixedMistake("RecordMeasuredWaste(unknown)", DomainRule.SpoolAssignment, () => run.RecordMeasuredWaste(SpoolId.New(), Mass.Zero, null, null));
            Mistake(from i in AnyItem() from s in Gen.Choose(-3, i.Quantity + 3) from f in Gen.Choose(-3, i.Quantity + 3)
                where s < 0 || f < 0 || s + f != i.Quantity
                select new RefusedCall($"RecordOutcome({i.Sku}, {s}, {f}) of {i.Quantity}", DomainRule.OutcomeCountsMismatch, () => { }, () => run.RecordOutcome(i.ProductId, s, f)));
            FixedMistake("RecordOutcome(unknown)", DomainRule.ItemAssignment, () => run.RecordOutcome(ProductId.New(), 0, 0));
            if (run.Materials.Any(m => m.WeightAfter is null))
            {
                FixedMistake("Complete without every weight after", DomainRule.NeedsWeightAfter, () => run.Complete(spools, at));
                FixedMistake("Fail without every weight after", DomainRule.NeedsWeightAfter, () => run.Fail(spools, at));
            }
            else if (run.Items.Any(i => !i.HasOutcome))
            {
                FixedMistake("Complete without every outcome", DomainRule.NeedsOutcome, () => run.Complete(spools, at));
            }
        }

        bool ReadyToStart() =>
            run.Items.Count > 0
            && run.Materials.Count > 0
            && run.Materials.All(m => m.WeightBefore is not null)
            && run.Items.All(i => i.Bom.All(l => run.Materials.Any(m => m.Material.Spec == l.Material)))
            && run.Materials.All(m => farm.Spool(m.SpoolId) is var s && (s.ActiveRunId is null || s.ActiveRunId == run.Id) && s.GrossWeight == m.WeightBefore);
    }

    /// <summary>Puts a spool on another printer: a run with it, started.</summary>
    /// <param name="spool">The spool.</param>
    /// <param name="at">When.</param>
    private static void Block(Spool spool, DateTimeOffset at)
    {
        var product = Product.Create("BLOCKER", "Blocker", [new BomLine(spool.Material.Spec, new Mass(1m))]);
        var printer = Printer.Create("BLOCKING-PRINTER", "Bambu A1", 4);
        var blocker = ProductionRun.Create(9999, printer, at);
        blocker.AddItem(product, 1);
        blocker.AssignSpool(spool, printer.MaterialSlots);
        blocker.RecordWeightBefore(spool, spool.GrossWeight!.Value, at);
        blocker.Start([spool], at);
    }
}
