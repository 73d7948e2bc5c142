using System.Text;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Batchivo.Core.Tests.Properties;

// Run plans: one run's random choices, drawn as flat arrays and decoded.
public static partial class Generators
{
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
}
