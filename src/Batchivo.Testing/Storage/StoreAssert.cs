using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;

namespace Batchivo.Testing.Storage;

/// <summary>Deep equality of stored forms and statistics (records holding lists compare those by reference otherwise).</summary>
internal static class StoreAssert
{
    private static readonly SpoolLedgerEntry[] NoLedger = [];
    private static readonly BomLine[] NoBom = [];
    private static readonly ProductComponent[] NoComponents = [];
    private static readonly RunItem[] NoItems = [];
    private static readonly RunMaterial[] NoMaterials = [];

    public static void Equal(Spool expected, Spool? actual)
    {
        Expect.NotNull(actual);
        Equal(expected.ToState(), actual.ToState());
    }

    public static void Equal(SpoolState expected, SpoolState actual)
    {
        Expect.Equal(expected with { Ledger = NoLedger }, actual with { Ledger = NoLedger });
        Expect.Equal(expected.Ledger, actual.Ledger);
    }

    public static void Equal(Product expected, Product? actual)
    {
        Expect.NotNull(actual);
        var e = expected.ToState();
        var a = actual.ToState();
        Expect.Equal(e with { Bom = NoBom, Components = NoComponents }, a with { Bom = NoBom, Components = NoComponents });
        Expect.Equal(e.Bom, a.Bom);
        Expect.Equal(e.Components, a.Components);
    }

    public static void Equal(Printer expected, Printer? actual)
    {
        Expect.NotNull(actual);
        Expect.Equal(expected.ToState(), actual.ToState());
    }

    public static void Equal(ProductionRun expected, ProductionRun? actual)
    {
        Expect.NotNull(actual);
        Equal(expected.ToState(), actual.ToState());
    }

    public static void Equal(ProductionRunState e, ProductionRunState a)
    {
        Expect.Equal(e with { Items = NoItems, Materials = NoMaterials }, a with { Items = NoItems, Materials = NoMaterials });
        Expect.Equal(e.Items.Count, a.Items.Count);
        for (var i = 0; i < e.Items.Count; i++)
        {
            Expect.Equal(e.Items[i] with { Bom = NoBom }, a.Items[i] with { Bom = NoBom });
            Expect.Equal(e.Items[i].Bom, a.Items[i].Bom);
        }

        Expect.Equal(e.Materials, a.Materials);
    }

    public static void Equal(ProductionStatistics expected, ProductionStatistics actual)
    {
        Expect.Equal(expected.RunsByStatus, actual.RunsByStatus);
        Expect.Equal(expected.RunsFinished, actual.RunsFinished);
        Expect.Equal(expected.UnitsSuccessful, actual.UnitsSuccessful);
        Expect.Equal(expected.UnitsFailed, actual.UnitsFailed);
        Expect.Equal(expected.UnitSuccessRate, actual.UnitSuccessRate);
        Expect.Equal(expected.RunsWithoutFailures, actual.RunsWithoutFailures);
        Expect.Equal(expected.RunSuccessRate, actual.RunSuccessRate);
        Expect.Equal(expected.RunsWithVariance, actual.RunsWithVariance);
        Expect.Equal(expected.AverageVariancePercent, actual.AverageVariancePercent);
        Expect.Equal(expected.TotalEstimated, actual.TotalEstimated);
        Expect.Equal(expected.TotalVariance, actual.TotalVariance);
        Expect.Equal(expected.TotalVariancePercent, actual.TotalVariancePercent);
        Expect.Equal(expected.TopProducts, actual.TopProducts);
        Expect.Equal(expected.BusiestPrinters, actual.BusiestPrinters);
        Expect.Equal(expected.UnitsPrinted, actual.UnitsPrinted);
        Expect.Equal(expected.ReprintedUnits, actual.ReprintedUnits);
        Expect.Equal(expected.ReprintRate, actual.ReprintRate);
        Expect.Equal(expected.MaterialUsed, actual.MaterialUsed);
        Expect.Equal(expected.PurgeWaste, actual.PurgeWaste);
        Expect.Equal(expected.FailedUnitsWaste, actual.FailedUnitsWaste);
        Expect.Equal(expected.WasteShare, actual.WasteShare);
        Expect.Equal(expected.RatedRuns, actual.RatedRuns);
        Expect.Equal(expected.AverageQuality, actual.AverageQuality);
        Expect.Equal(expected.RunsByQuality, actual.RunsByQuality);
    }

    /// <summary>A spool's gross weight equals the sum of its ledger's deltas, and the ledger is numbered 1, 2, 3...</summary>
    public static void LedgerExplainsWeight(Spool spool)
    {
        var sum = spool.Ledger.Aggregate(Mass.Zero, (total, e) => total + e.Delta);
        Expect.Equal(spool.GrossWeight ?? Mass.Zero, sum);
        Expect.Equal(Enumerable.Range(1, spool.Ledger.Count), spool.Ledger.Select(e => e.Sequence));
    }
}
