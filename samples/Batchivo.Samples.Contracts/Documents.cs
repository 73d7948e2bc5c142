using Batchivo.Catalog;
using Batchivo.Production;

namespace Batchivo.Samples.Contracts;

// The JSON documents of the sample hosts (the console's --json, the web host's API). Their shapes are part of both
// hosts' contract: add fields, never rename or remove them. Weights are grams, money is { amount, currency }, enums
// kebab-case strings (see ContractJson.Options). Every share, rate and percentage is in percent (0-100, e.g. 92.8571
// for 13 of 14) and its name ends in Percent; no field is a 0-1 ratio.

public sealed record MoneyJson(decimal Amount, string Currency)
{
    public static MoneyJson? From(Money? money) => money is { } m ? new(Shapes.N(m.Amount), m.Currency) : null;
}

public sealed record LedgerJson(int Sequence, DateTimeOffset At, LedgerEntryKind Kind, string What, decimal? GrossBeforeGrams, decimal GrossAfterGrams, decimal DeltaGrams, int? RunNumber, string? Note);

public sealed record SpoolJson(
    string Code, string Material, string? Brand, string? ColourHex, decimal NominalNetGrams, MoneyJson Price, decimal? TareGrams,
    string? SpoolType, decimal? GrossGrams, decimal? RemainingGrams, decimal? UsedGrams, bool InUse, long Version, IReadOnlyList<LedgerJson> Ledger);

public sealed record BomLineJson(string Material, decimal GramsPerUnit, decimal SupportGramsPerUnit);

public sealed record ComponentJson(string Name, int Count, MoneyJson UnitCost);

public sealed record ProductJson(string Sku, string Name, decimal GramsPerUnit, IReadOnlyList<BomLineJson> Bom, IReadOnlyList<ComponentJson> Components, decimal? PrintMinutesPerUnit, long Version);

public sealed record PrinterJson(string Name, string Model, int MaterialSlots, long Version);

public sealed record BrandTareJson(string Brand, string? SpoolType, decimal TareGrams);

/// <summary>A product on a run's plate. GramsPerUnit is the run's own copy of the product's BOM (what the estimate used), in a run's document; null in a report.</summary>
public sealed record RunItemJson(string Sku, string Name, int Quantity, decimal EstimatedGrams, int? Successful, int? Failed, decimal? GramsPerUnit = null);

public sealed record RunSpoolJson(
    string Spool, string Material, decimal EstimatedGrams, decimal EstimatedPurgeGrams, decimal EstimatedTowerGrams,
    decimal? WeightBeforeGrams, decimal? WeightAfterGrams, decimal? ActualGrams, decimal? VarianceGrams,
    decimal? MeasuredSupportsGrams, decimal? MeasuredPurgeGrams, decimal? MeasuredTowerGrams);

public sealed record RunJson(
    int Number, RunStatus Status, string Printer, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    decimal? EstimatedHours, IReadOnlyList<RunItemJson> Items, IReadOnlyList<RunSpoolJson> Spools, decimal EstimatedGrams,
    decimal? ActualGrams, decimal? VarianceGrams, decimal? VariancePercent, int? Quality, string? Notes, bool IsReprint, int? ReprintOf,
    EstimateSource EstimateSource, string? EstimateSourceName, long Version, PrinterJobJson? PrinterJob = null);

/// <summary>The printer job a run follows: the connector, the printer's job id and file, how the printer says it ended, and what was decided (oldest first).</summary>
public sealed record PrinterJobJson(string Connector, string JobId, string File, PrintEnd? End, DateTimeOffset? EndedAt, bool AwaitsWeightsAfter, IReadOnlyList<string> Trail);

public sealed record BreakdownJson(decimal TotalGrams, decimal SupportsGrams, decimal PurgeTowerGrams, decimal ModelGrams);

public sealed record MaterialRowJson(string Material, decimal ActualUseGrams, decimal PurgeGrams, decimal TotalGrams);

public sealed record ReportJson(
    int Number, RunStatus Status, string Printer, bool IsReprint, int? ReprintOf, IReadOnlyList<RunItemJson> Items, decimal EstimatedGrams,
    decimal? ActualGrams, decimal? VarianceGrams, decimal? VariancePercent, BreakdownJson? Breakdown, MoneyJson? CostVariance,
    MoneyJson? EstimatedCost, MoneyJson? ActualCost, IReadOnlyList<MaterialRowJson> Materials, int? Quality, string? Notes,
    string ResultText, string VarianceText);

public sealed record WeighingJson(int Run, string Spool, string When, decimal Grams, string Source, string? Scale, RunJson RunAfter, IReadOnlyList<string> Warnings);

public sealed record StartJson(RunJson Run, IReadOnlyList<string> Warnings);

public sealed record ProductStatsJson(string Sku, string Name, long SuccessfulUnits, long FailedUnits, int Runs);

public sealed record PrinterStatsJson(string Name, int Runs, decimal PrintHours);

public sealed record StatsJson(
    DateTimeOffset? From, DateTimeOffset? To, string? Printer, string? Product,
    int Runs, int Completed, int Failed, int Cancelled, int InProgress, int Draft,
    long UnitsSuccessful, long UnitsFailed, decimal? UnitSuccessRatePercent, decimal? RunSuccessRatePercent,
    decimal? AverageVariancePercent, decimal TotalEstimatedGrams, decimal TotalVarianceGrams, decimal? TotalVariancePercent,
    decimal MaterialUsedGrams, decimal WasteGrams, decimal PurgeWasteGrams, decimal FailedUnitsWasteGrams, decimal? WasteSharePercent,
    long UnitsPrinted, long ReprintedUnits, decimal? ReprintRatePercent, int RatedRuns, decimal? AverageQuality,
    IReadOnlyList<ProductStatsJson> TopProducts, IReadOnlyList<PrinterStatsJson> BusiestPrinters,
    IReadOnlyList<int>? RunsByQuality = null);

public sealed record SuggestionJson(string Id, string Sku, string Name, string Material, decimal CurrentGramsPerUnit, decimal SuggestedGramsPerUnit, decimal? ChangePercent, int Runs, decimal MinGramsPerUnit, decimal MaxGramsPerUnit);

public sealed record CalibrateJson(IReadOnlyList<SuggestionJson> Suggestions, SuggestionJson? Applied, ProductJson? Product);

public sealed record PreflightJson(string Spool, decimal RemainingGrams, decimal NeededGrams, string Message);

public sealed record CheckJson(int Run, IReadOnlyList<PreflightJson> Warnings);
