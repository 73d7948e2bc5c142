using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using Xunit;

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
        Assert.NotNull(actual);
        Equal(expected.ToState(), actual.ToState());
    }

    public static void Equal(SpoolState expected, SpoolState actual)
    {
        Assert.Equal(expected with { Ledger = NoLedger }, actual with { Ledger = NoLedger });
        Assert.Equal(expected.Ledger, actual.Ledger);
    }

    public static void Equal(Product expected, Product? actual)
    {
        Assert.NotNull(actual);
        var e = expected.ToState();
        var a = actual.ToState();
        Assert.Equal(e with { Bom = NoBom, Components = NoComponents }, a with { Bom = NoBom, Components = NoComponents });
        Assert.Equal(e.Bom, a.Bom);
        Assert.Equal(e.Components, a.Components);
    }

    public static void Equal(Printer expected, Printer? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ToState(), actual.ToState());
    }

    public static void Equal(ProductionRun expected, ProductionRun? actual)
    {
        Assert.NotNull(actual);
        Equal(expected.ToState(), actual.ToState());
    }

    public static void Equal(ProductionRunState e, ProductionRunState a)
    {
        Assert.Equal(e with { Items = NoItems, Materials = NoMaterials }, a with { Items = NoItems, Materials = NoMaterials });
        Assert.Equal(e.Items.Count, a.Items.Count);
        for (var i = 0; i < e.Items.Count; i++)
        {
            Assert.Equal(e.Items[i] with { Bom = NoBom }, a.Items[i] with { Bom = NoBom });
            Assert.Equal(e.Items[i].Bom, a.Items[i].Bom);
        }

        Assert.Equal(e.Materials, a.Materials);
    }

    public static void Equal(ProductionStatistics expected, ProductionStatistics actual)
    {
        Assert.Equal(expected.RunsByStatus, actual.RunsByStatus);
        Assert.Equal(expected.RunsFinished, actual.RunsFinished);
        Assert.Equal(expected.UnitsSuccessful, actual.UnitsSuccessful);
        Assert.Equal(expected.UnitsFailed, actual.UnitsFailed);
        Assert.Equal(expected.UnitSuccessRate, actual.UnitSuccessRate);
        Assert.Equal(expected.RunsWithoutFailures, actual.RunsWithoutFailures);
        Assert.Equal(expected.RunSuccessRate, actual.RunSuccessRate);
        Assert.Equal(expected.RunsWithVariance, actual.RunsWithVariance);
        Assert.Equal(expected.AverageVariancePercent, actual.AverageVariancePercent);
        Assert.Equal(expected.TotalEstimated, actual.TotalEstimated);
        Assert.Equal(expected.TotalVariance, actual.TotalVariance);
        Assert.Equal(expected.TotalVariancePercent, actual.TotalVariancePercent);
        Assert.Equal(expected.TopProducts, actual.TopProducts);
        Assert.Equal(expected.BusiestPrinters, actual.BusiestPrinters);
        Assert.Equal(expected.UnitsPrinted, actual.UnitsPrinted);
        Assert.Equal(expected.ReprintedUnits, actual.ReprintedUnits);
        Assert.Equal(expected.ReprintRate, actual.ReprintRate);
        Assert.Equal(expected.MaterialUsed, actual.MaterialUsed);
        Assert.Equal(expected.PurgeWaste, actual.PurgeWaste);
        Assert.Equal(expected.FailedUnitsWaste, actual.FailedUnitsWaste);
        Assert.Equal(expected.WasteShare, actual.WasteShare);
        Assert.Equal(expected.RatedRuns, actual.RatedRuns);
        Assert.Equal(expected.AverageQuality, actual.AverageQuality);
        Assert.Equal(expected.RunsByQuality, actual.RunsByQuality);
    }

    /// <summary>A spool's gross weight equals the sum of its ledger's deltas, and the ledger is numbered 1, 2, 3...</summary>
    public static void LedgerExplainsWeight(Spool spool)
    {
        var sum = spool.Ledger.Aggregate(Mass.Zero, (total, e) => total + e.Delta);
        Assert.Equal(spool.GrossWeight ?? Mass.Zero, sum);
        Assert.Equal(Enumerable.Range(1, spool.Ledger.Count), spool.Ledger.Select(e => e.Sequence));
    }
}
