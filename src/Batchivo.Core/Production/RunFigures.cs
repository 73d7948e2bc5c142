using Batchivo.Catalog;

namespace Batchivo.Production;

/// <summary>A run's headline figures, computed once and cached until the run changes.</summary>
/// <param name="Estimated">Estimated total (model + purge + tower) over all spools.</param>
/// <param name="EstimatedPurgeTower">Estimated purge + tower.</param>
/// <param name="Actual">Actual total (sum of before - after), null until every spool is weighed after.</param>
/// <param name="VariancePercent">Variance in percent of the estimate; null when not weighed after or nothing was estimated.</param>
/// <param name="ActualRecorded">Usage of the spools weighed after (all of them once complete; some for a cancelled run).</param>
/// <param name="PurgeWaste">Purge + tower used (measured, else estimated, never above the usage) of the spools weighed after.</param>
/// <param name="FailedUnitsWaste">The failed units' share of the model filament (all of it for a failed or cancelled run).</param>
/// <param name="UnitsPlanned">Units on the plate.</param>
/// <param name="UnitsSuccessful">Successful units recorded.</param>
/// <param name="UnitsFailed">Failed units recorded.</param>
public readonly record struct RunTotals(
    Mass Estimated,
    Mass EstimatedPurgeTower,
    Mass? Actual,
    decimal? VariancePercent,
    Mass ActualRecorded,
    Mass PurgeWaste,
    Mass FailedUnitsWaste,
    int UnitsPlanned,
    int UnitsSuccessful,
    int UnitsFailed)
{
    /// <summary>Actual - estimated, null until weighed after.</summary>
    public Mass? Variance => Actual is { } actual ? actual - Estimated : null;

    /// <summary>Filament wasted: purge and tower plus the failed units' share of the model filament.</summary>
    public Mass Waste => PurgeWaste + FailedUnitsWaste;
}

/// <summary>The material variance split into its causes. The parts always sum exactly to the total.</summary>
/// <param name="Total">Actual - estimated.</param>
/// <param name="Supports">Measured supports - estimated supports (zero where supports were not measured).</param>
/// <param name="PurgeTower">Measured purge and tower - estimated (zero where not measured).</param>
/// <param name="Model">The remainder: the model itself; negative means savings (e.g. efficient pathing).</param>
public readonly record struct VarianceBreakdown(Mass Total, Mass Supports, Mass PurgeTower, Mass Model);

/// <summary>One row of the multi-colour table.</summary>
/// <param name="Material">The material.</param>
/// <param name="ActualUse">Filament in the parts: total - purge.</param>
/// <param name="Purge">Purge and tower (measured, else estimated, never above the total).</param>
/// <param name="Total">Weighed usage (before - after).</param>
public sealed record MaterialUsageRow(MaterialSpec Material, Mass ActualUse, Mass Purge, Mass Total);

public sealed partial class ProductionRun
{
    /// <summary>The run's headline figures (cached until the run changes).</summary>
    public RunTotals Totals => _totals ??= ComputeTotals();

    private void Invalidate() => _totals = null;

    /// <summary>Estimated total: model + purge + tower over all spools.</summary>
    public Mass EstimatedTotal => Totals.Estimated;

    /// <summary>Actual total; null until every spool is weighed after.</summary>
    public Mass? ActualTotal => Totals.Actual;

    /// <summary>Actual - estimated; null until weighed after.</summary>
    public Mass? Variance => Totals.Variance;

    /// <summary>Variance in percent of the estimate; null when unknown or nothing was estimated.</summary>
    public decimal? VariancePercent => Totals.VariancePercent;

    /// <summary>Estimated model grams over all items (the BOM figure, e.g. 185 g for 13 items).</summary>
    public Mass EstimatedModelFromItems
    {
        get
        {
            var total = Mass.Zero;
            foreach (var item in _items)
            {
                total += item.EstimatedGrams;
            }

            return total;
        }
    }

    /// <summary>Units on the plate.</summary>
    public int UnitCount => Totals.UnitsPlanned;

    /// <summary>The variance broken down into supports, purge/tower and the model remainder; null until weighed after.</summary>
    /// <returns>The breakdown.</returns>
    public VarianceBreakdown? Breakdown()
    {
        if (Variance is not { } total)
        {
            return null;
        }

        var supports = Mass.Zero;
        var purgeTower = Mass.Zero;
        foreach (var m in _materials)
        {
            if (m.ActualSupports is { } s)
            {
                supports += s - m.EstimatedSupports;
            }

            purgeTower += m.PurgeTowerUsed - (m.EstimatedPurge + m.EstimatedTower);
        }

        return new VarianceBreakdown(total, supports, purgeTower, total - supports - purgeTower);
    }

    /// <summary>Cost variance: sum over spools of (actual - estimated) x cost per gram; null until weighed after.</summary>
    /// <returns>The cost variance.</returns>
    /// <exception cref="CurrencyMismatchException">The spools are priced in different currencies.</exception>
    public Money? CostVariance()
    {
        if (_materials.Count == 0 || ActualTotal is null)
        {
            return null;
        }

        var sum = Money.Zero(_materials[0].CostPerGram.Currency);
        foreach (var m in _materials)
        {
            sum += m.CostPerGram * m.Variance!.Value.Grams;
        }

        return sum;
    }

    /// <summary>Estimated filament cost: sum over spools of estimated total x cost per gram.</summary>
    /// <returns>The cost, or null without spools.</returns>
    /// <exception cref="CurrencyMismatchException">The spools are priced in different currencies.</exception>
    public Money? EstimatedCost()
    {
        if (_materials.Count == 0)
        {
            return null;
        }

        var sum = Money.Zero(_materials[0].CostPerGram.Currency);
        foreach (var m in _materials)
        {
            sum += m.CostPerGram * m.EstimatedTotal.Grams;
        }

        return sum;
    }

    /// <summary>Actual filament cost; null until weighed after.</summary>
    /// <returns>The cost.</returns>
    /// <exception cref="CurrencyMismatchException">The spools are priced in different currencies.</exception>
    public Money? ActualCost()
    {
        if (_materials.Count == 0 || ActualTotal is null)
        {
            return null;
        }

        var sum = Money.Zero(_materials[0].CostPerGram.Currency);
        foreach (var m in _materials)
        {
            sum += m.CostPerGram * m.Actual!.Value.Grams;
        }

        return sum;
    }

    /// <summary>The multi-colour table: per material, actual use, purge and total; empty until weighed after.</summary>
    /// <returns>One row per material, in assignment order.</returns>
    public IReadOnlyList<MaterialUsageRow> MaterialTable()
    {
        if (ActualTotal is null)
        {
            return [];
        }

        var rows = new List<MaterialUsageRow>();
        foreach (var group in _materials.GroupBy(m => m.Material.Spec))
        {
            var total = Mass.Zero;
            var purge = Mass.Zero;
            foreach (var m in group)
            {
                var used = m.Actual!.Value;
                var p = m.PurgeTowerUsed > used ? used : m.PurgeTowerUsed;
                total += used;
                purge += p;
            }

            rows.Add(new MaterialUsageRow(group.Key, total - purge, purge, total));
        }

        return rows;
    }

    private RunTotals ComputeTotals()
    {
        var estimated = Mass.Zero;
        var estimatedPurgeTower = Mass.Zero;
        var recorded = Mass.Zero;
        var purgeTowerUsed = Mass.Zero;
        var allWeighed = _materials.Count > 0;
        for (var i = 0; i < _materials.Count; i++)
        {
            var m = _materials[i];
            estimated += m.EstimatedTotal;
            estimatedPurgeTower += m.EstimatedPurge + m.EstimatedTower;
            if (m.Actual is { } used)
            {
                recorded += used;
                purgeTowerUsed += m.PurgeTowerUsed > used ? used : m.PurgeTowerUsed;
            }
            else
            {
                allWeighed = false;
            }
        }

        var planned = 0;
        var ok = 0;
        var failed = 0;
        var estimatedModel = 0m;
        var failedModel = 0m;
        for (var i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            planned += item.Quantity;
            ok += item.Successful ?? 0;
            var itemFailed = item.Failed ?? 0;
            failed += itemFailed;
            var grams = item.EstimatedGrams.Grams;
            estimatedModel += grams;
            if (itemFailed > 0)
            {
                failedModel += grams * itemFailed / item.Quantity;
            }
        }

        // The model filament is what was used besides purge and tower; a failed or cancelled plate wastes all of it.
        var model = recorded - purgeTowerUsed;
        var allWaste = Status is RunStatus.Failed or RunStatus.Cancelled;
        var failedWaste = allWaste ? model
            : failedModel == 0m ? Mass.Zero
            : estimatedModel == 0m ? model
            : new Mass(Round4(model.Grams * (failedModel / estimatedModel)));
        Mass? actual = allWeighed ? recorded : null;
        var variancePercent = actual is { } a && Percent.Of((a - estimated).Grams, estimated.Grams) is { } p ? Round4(p) : (decimal?)null;
        return new RunTotals(estimated, estimatedPurgeTower, actual, variancePercent, recorded, purgeTowerUsed, failedWaste, planned, ok, failed);
    }

    // Derived figures are kept to 0.0001 (g or percentage points), far below what is shown: their sums are then
    // exact and independent of order, so a database summing them agrees with this reference to the last digit.
    private static decimal Round4(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero);
}
