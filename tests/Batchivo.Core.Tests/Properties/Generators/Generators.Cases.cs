using System.Text;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Batchivo.Core.Tests.Properties;

// Queries, options, calibration cases, refused calls and draft edits.
public static partial class Generators
{
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
