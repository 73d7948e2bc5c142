using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Reporting;
using Batchivo.Statistics;

namespace Batchivo.Samples.Contracts;

/// <summary>Makes the documents from Core's entities and results; the only place a document's figures are shaped.</summary>
public static class Shapes
{
    /// <summary>A decimal without trailing zeros (1.5000 -> 1.5), so JSON numbers do not depend on how a value was computed.</summary>
    public static decimal N(decimal value) => value / 1.000000000000000000000000000000000m;

    public static decimal? N(decimal? value) => value is { } v ? N(v) : null;

    public static decimal G(Mass mass) => N(mass.Grams);

    public static decimal? G(Mass? mass) => mass is { } m ? N(m.Grams) : null;

    public static SpoolJson Spool(Spool s, BrandTareRegistry tares) => new(
        s.Code, s.Material.Spec.ToString(), s.Material.Brand, s.Material.ColourHex, G(s.NominalNet), MoneyJson.From(s.Price)!, G(s.Tare),
        s.SpoolType, G(s.GrossWeight), G(s.Remaining(tares)), G(s.UsedSinceFirstWeighing), s.ActiveRunId is not null, s.Version,
        [.. s.Ledger.Select(e => new LedgerJson(e.Sequence, e.At, e.Kind, e.Description, G(e.GrossBefore), G(e.GrossAfter), G(e.Delta), e.RunNumber, e.Note))]);

    public static ProductJson Product(Product p) => new(
        p.Sku, p.Name, G(p.GramsPerUnit),
        [.. p.Bom.Select(l => new BomLineJson(l.Material.ToString(), G(l.GramsPerUnit), G(l.SupportGramsPerUnit)))],
        [.. p.Components.Select(c => new ComponentJson(c.Name, c.Count, MoneyJson.From(c.UnitCost)!))],
        p.PrintTimePerUnit is { } t ? N((decimal)t.TotalMinutes) : null, p.Version);

    public static PrinterJson Printer(Printer p) => new(p.Name, p.Model, p.MaterialSlots, p.Version);

    public static BrandTareJson BrandTare(BrandTare t) => new(t.Brand, t.SpoolType, G(t.Tare));

    /// <summary>A run's document; <paramref name="reprintOf"/> is the original run's number for a reprint.</summary>
    public static RunJson Run(ProductionRun r, int? reprintOf = null) => new(
        r.Number, r.Status, r.PrinterName, r.CreatedAt, r.StartedAt, r.EndedAt,
        r.EstimatedDuration is { } d ? N(decimal.Round((decimal)d.TotalHours, 4)) : null,
        [.. r.Items.Select(i => new RunItemJson(i.Sku, i.Name, i.Quantity, G(i.EstimatedGrams), i.Successful, i.Failed, G(i.Bom.Aggregate(Mass.Zero, (total, line) => total + line.GramsPerUnit))))],
        [.. r.Materials.Select(m => new RunSpoolJson(m.SpoolCode, m.Material.ToString(), G(m.EstimatedTotal), G(m.EstimatedPurge), G(m.EstimatedTower), G(m.WeightBefore), G(m.WeightAfter), G(m.Actual), G(m.Variance), G(m.ActualSupports), G(m.ActualPurge), G(m.ActualTower)))],
        G(r.EstimatedTotal), G(r.ActualTotal), G(r.Variance), Round(r.VariancePercent), r.Quality?.Stars, r.Notes, r.OriginalRunId is not null, r.OriginalRunId is null ? null : reprintOf, r.EstimateSource, r.EstimateSourceName, r.Version,
        r.PrinterJob is { } job ? new PrinterJobJson(job.Connector, job.JobId, job.FileName, job.End, job.EndedAt, r.AwaitsWeightsAfter, job.TrailLinesList) : null);

    public static ReportJson Report(RunReport r) => new(
        r.Number, r.Status, r.PrinterName, r.IsReprint, r.ReprintOf,
        [.. r.Items.Select(i => new RunItemJson(i.Sku, i.Name, i.Quantity, G(i.Estimated), i.Successful, i.Failed))],
        G(r.Estimated), G(r.Actual), G(r.Variance), Round(r.VariancePercent),
        r.Breakdown is { } b ? new BreakdownJson(G(b.Total), G(b.Supports), G(b.PurgeTower), G(b.Model)) : null,
        MoneyJson.From(r.CostVariance), MoneyJson.From(r.EstimatedCost), MoneyJson.From(r.ActualCost),
        [.. r.MaterialTable.Select(m => new MaterialRowJson(m.Material.ToString(), G(m.ActualUse), G(m.Purge), G(m.Total)))],
        r.Quality?.Stars, r.Notes, ReportRenderer.RenderResult(r), ReportRenderer.RenderVariance(r));

    public static StatsJson Stats(ProductionStatistics s, string? printer, string? product) => new(
        s.Query.From, s.Query.To, printer, product,
        s.RunsByStatus.Total, s.RunsByStatus.Completed, s.RunsByStatus.Failed, s.RunsByStatus.Cancelled, s.RunsByStatus.InProgress, s.RunsByStatus.Draft,
        s.UnitsSuccessful, s.UnitsFailed, Round(AsPercent(s.UnitSuccessRate)), Round(AsPercent(s.RunSuccessRate)),
        Round(s.AverageVariancePercent), G(s.TotalEstimated), G(s.TotalVariance), Round(s.TotalVariancePercent),
        G(s.MaterialUsed), G(s.Waste), G(s.PurgeWaste), G(s.FailedUnitsWaste), Round(AsPercent(s.WasteShare)),
        s.UnitsPrinted, s.ReprintedUnits, Round(AsPercent(s.ReprintRate)), s.RatedRuns, Round(s.AverageQuality),
        [.. s.TopProducts.Select(p => new ProductStatsJson(p.Sku, p.Name, p.SuccessfulUnits, p.FailedUnits, p.Runs))],
        [.. s.BusiestPrinters.Select(p => new PrinterStatsJson(p.Name, p.Runs, N(decimal.Round(p.PrintHours, 4))))],
        [s.RunsByQuality.OneStar, s.RunsByQuality.TwoStars, s.RunsByQuality.ThreeStars, s.RunsByQuality.FourStars, s.RunsByQuality.FiveStars]);

    public static SuggestionJson Suggestion(CalibrationSuggestion s) => new(
        SuggestionId(s), s.Sku, s.Name, s.Material.ToString(), G(s.CurrentGramsPerUnit), G(s.SuggestedGramsPerUnit), Round(s.ChangePercent),
        s.Runs, G(s.MinGramsPerUnit), G(s.MaxGramsPerUnit));

    /// <summary>A suggestion's id: SKU:Type Colour, stable while the product and material exist.</summary>
    public static string SuggestionId(CalibrationSuggestion s) => $"{s.Sku}:{s.Material}";

    /// <summary>A 0-1 ratio of Core's statistics in percent, as every percentage of the JSON is.</summary>
    private static decimal? AsPercent(decimal? ratio) => ratio * 100m;

    /// <summary>Percentages and rates to 4 decimals: enough for any display, stable across stores.</summary>
    private static decimal? Round(decimal? value) => value is { } v ? N(decimal.Round(v, 4, MidpointRounding.AwayFromZero)) : null;
}
