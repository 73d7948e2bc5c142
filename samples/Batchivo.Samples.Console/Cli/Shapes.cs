using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Reporting;
using Batchivo.Statistics;

namespace Batchivo.Samples.Console;

// The JSON documents of --json. Their shapes are part of the command line's contract: add fields, never rename or
// remove them. Weights are grams, money is { amount, currency }, enums kebab-case strings. Every share, rate and
// percentage is in percent (0-100, e.g. 92.8571 for 13 of 14) and its name ends in Percent; no field is a 0-1 ratio.

internal sealed record MoneyJson(decimal Amount, string Currency)
{
    public static MoneyJson? From(Money? money) => money is { } m ? new(Shapes.N(m.Amount), m.Currency) : null;
}

internal sealed record LedgerJson(int Sequence, DateTimeOffset At, LedgerEntryKind Kind, string What, decimal? GrossBeforeGrams, decimal GrossAfterGrams, decimal DeltaGrams, int? RunNumber, string? Note);

internal sealed record SpoolJson(
    string Code, string Material, string? Brand, string? ColourHex, decimal NominalNetGrams, MoneyJson Price, decimal? TareGrams,
    string? SpoolType, decimal? GrossGrams, decimal? RemainingGrams, decimal? UsedGrams, bool InUse, long Version, IReadOnlyList<LedgerJson> Ledger);

internal sealed record BomLineJson(string Material, decimal GramsPerUnit, decimal SupportGramsPerUnit);

internal sealed record ComponentJson(string Name, int Count, MoneyJson UnitCost);

internal sealed record ProductJson(string Sku, string Name, decimal GramsPerUnit, IReadOnlyList<BomLineJson> Bom, IReadOnlyList<ComponentJson> Components, decimal? PrintMinutesPerUnit, long Version);

internal sealed record PrinterJson(string Name, string Model, int MaterialSlots, long Version);

internal sealed record BrandTareJson(string Brand, string? SpoolType, decimal TareGrams);

internal sealed record RunItemJson(string Sku, string Name, int Quantity, decimal EstimatedGrams, int? Successful, int? Failed);

internal sealed record RunSpoolJson(
    string Spool, string Material, decimal EstimatedGrams, decimal EstimatedPurgeGrams, decimal EstimatedTowerGrams,
    decimal? WeightBeforeGrams, decimal? WeightAfterGrams, decimal? ActualGrams, decimal? VarianceGrams,
    decimal? MeasuredSupportsGrams, decimal? MeasuredPurgeGrams, decimal? MeasuredTowerGrams);

internal sealed record RunJson(
    int Number, RunStatus Status, string Printer, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    decimal? EstimatedHours, IReadOnlyList<RunItemJson> Items, IReadOnlyList<RunSpoolJson> Spools, decimal EstimatedGrams,
    decimal? ActualGrams, decimal? VarianceGrams, decimal? VariancePercent, int? Quality, string? Notes, bool IsReprint, int? ReprintOf, long Version);

internal sealed record BreakdownJson(decimal TotalGrams, decimal SupportsGrams, decimal PurgeTowerGrams, decimal ModelGrams);

internal sealed record MaterialRowJson(string Material, decimal ActualUseGrams, decimal PurgeGrams, decimal TotalGrams);

internal sealed record ReportJson(
    int Number, RunStatus Status, string Printer, bool IsReprint, int? ReprintOf, IReadOnlyList<RunItemJson> Items, decimal EstimatedGrams,
    decimal? ActualGrams, decimal? VarianceGrams, decimal? VariancePercent, BreakdownJson? Breakdown, MoneyJson? CostVariance,
    MoneyJson? EstimatedCost, MoneyJson? ActualCost, IReadOnlyList<MaterialRowJson> Materials, int? Quality, string? Notes,
    string ResultText, string VarianceText);

internal sealed record WeighingJson(int Run, string Spool, string When, decimal Grams, string Source, string? Scale, RunJson RunAfter, IReadOnlyList<string> Warnings);

internal sealed record StartJson(RunJson Run, IReadOnlyList<string> Warnings);

internal sealed record ProductStatsJson(string Sku, string Name, long SuccessfulUnits, long FailedUnits, int Runs);

internal sealed record PrinterStatsJson(string Name, int Runs, decimal PrintHours);

internal sealed record StatsJson(
    DateTimeOffset? From, DateTimeOffset? To, string? Printer, string? Product,
    int Runs, int Completed, int Failed, int Cancelled, int InProgress, int Draft,
    long UnitsSuccessful, long UnitsFailed, decimal? UnitSuccessRatePercent, decimal? RunSuccessRatePercent,
    decimal? AverageVariancePercent, decimal TotalEstimatedGrams, decimal TotalVarianceGrams, decimal? TotalVariancePercent,
    decimal MaterialUsedGrams, decimal WasteGrams, decimal PurgeWasteGrams, decimal FailedUnitsWasteGrams, decimal? WasteSharePercent,
    long UnitsPrinted, long ReprintedUnits, decimal? ReprintRatePercent, int RatedRuns, decimal? AverageQuality,
    IReadOnlyList<ProductStatsJson> TopProducts, IReadOnlyList<PrinterStatsJson> BusiestPrinters);

internal sealed record SuggestionJson(string Id, string Sku, string Name, string Material, decimal CurrentGramsPerUnit, decimal SuggestedGramsPerUnit, decimal? ChangePercent, int Runs, decimal MinGramsPerUnit, decimal MaxGramsPerUnit);

internal sealed record CalibrateJson(IReadOnlyList<SuggestionJson> Suggestions, SuggestionJson? Applied, ProductJson? Product);

internal static class Shapes
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
        [.. r.Items.Select(i => new RunItemJson(i.Sku, i.Name, i.Quantity, G(i.EstimatedGrams), i.Successful, i.Failed))],
        [.. r.Materials.Select(m => new RunSpoolJson(m.SpoolCode, m.Material.ToString(), G(m.EstimatedTotal), G(m.EstimatedPurge), G(m.EstimatedTower), G(m.WeightBefore), G(m.WeightAfter), G(m.Actual), G(m.Variance), G(m.ActualSupports), G(m.ActualPurge), G(m.ActualTower)))],
        G(r.EstimatedTotal), G(r.ActualTotal), G(r.Variance), Round(r.VariancePercent), r.Quality?.Stars, r.Notes, r.OriginalRunId is not null, r.OriginalRunId is null ? null : reprintOf, r.Version);

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
        [.. s.BusiestPrinters.Select(p => new PrinterStatsJson(p.Name, p.Runs, N(decimal.Round(p.PrintHours, 4))))]);

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
