namespace Batchivo.Storage.EntityFrameworkCore;

// The stored shape of the domain. Rows are internal: the public surface is the store and the context.
// Masses and money are decimals (exact, any precision); the run's statistics figures are also kept as integer
// ten-thousandths so that databases without a decimal type (SQLite) can sum them exactly in SQL.
#pragma warning disable CA1002, CA2227 // EF navigation collections are mutable lists by design.

internal sealed class SchemaRow
{
    public int Id { get; set; }

    public int Version { get; set; }
}

internal sealed class RunNumberRow
{
    public int Id { get; set; }

    public int Last { get; set; }

    public long Version { get; set; }
}

internal sealed class ChangeSequenceRow
{
    public int Id { get; set; }

    public long Last { get; set; }
}

internal sealed class ChangeRow
{
    public long Sequence { get; set; }

    public int Entity { get; set; }

    public string Key { get; set; } = string.Empty;

    public long Version { get; set; }

    public int Kind { get; set; }
}

internal sealed class SpoolRow
{
    public Guid Id { get; set; }

    public string Code { get; set; } = "";

    public string CodeKey { get; set; } = "";

    public string MaterialType { get; set; } = "";

    public string MaterialColour { get; set; } = "";

    public string? Brand { get; set; }

    public string? ColourHex { get; set; }

    public decimal NominalNet { get; set; }

    public decimal Price { get; set; }

    public string Currency { get; set; } = "";

    public decimal? Tare { get; set; }

    public string? SpoolType { get; set; }

    public decimal? GrossWeight { get; set; }

    public Guid? ActiveRunId { get; set; }

    public long Version { get; set; }

    public List<LedgerRow> Ledger { get; set; } = [];
}

internal sealed class LedgerRow
{
    public Guid SpoolId { get; set; }

    public int Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public int Kind { get; set; }

    public decimal? GrossBefore { get; set; }

    public decimal GrossAfter { get; set; }

    public Guid? RunId { get; set; }

    public int? RunNumber { get; set; }

    public string? Note { get; set; }
}

internal sealed class ProductRow
{
    public Guid Id { get; set; }

    public string Sku { get; set; } = "";

    public string SkuKey { get; set; } = "";

    public string Name { get; set; } = "";

    public TimeSpan? PrintTimePerUnit { get; set; }

    public long Version { get; set; }

    public List<BomLineRow> Bom { get; set; } = [];

    public List<ComponentRow> Components { get; set; } = [];
}

internal sealed class BomLineRow
{
    public Guid ProductId { get; set; }

    public int Position { get; set; }

    public string MaterialType { get; set; } = "";

    public string MaterialColour { get; set; } = "";

    public decimal GramsPerUnit { get; set; }

    public decimal SupportGramsPerUnit { get; set; }
}

internal sealed class ComponentRow
{
    public Guid ProductId { get; set; }

    public int Position { get; set; }

    public string Name { get; set; } = "";

    public int Count { get; set; }

    public decimal UnitCost { get; set; }

    public string Currency { get; set; } = "";
}

internal sealed class PrinterRow
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string NameKey { get; set; } = "";

    public string Model { get; set; } = "";

    public int MaterialSlots { get; set; }

    public long Version { get; set; }
}

internal sealed class BrandTareRow
{
    public string BrandKey { get; set; } = "";

    public string SpoolTypeKey { get; set; } = "";

    public string Brand { get; set; } = "";

    public string? SpoolType { get; set; }

    public decimal Tare { get; set; }

    public long Sequence { get; set; }
}

internal sealed class RunRow
{
    public Guid Id { get; set; }

    public int Number { get; set; }

    public Guid PrinterId { get; set; }

    public string PrinterName { get; set; } = "";

    public int Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public TimeSpan? EstimatedDuration { get; set; }

    public int? Quality { get; set; }

    public string? Notes { get; set; }

    public Guid? OriginalRunId { get; set; }

    public int EstimateSource { get; set; }

    public string? EstimateSourceName { get; set; }

    public long Version { get; set; }

    // ---- The printer job the run follows (all null when none) ----

    public string? PrinterJobConnector { get; set; }

    /// <summary>Unique per printer: a job never has two runs.</summary>
    public string? PrinterJobId { get; set; }

    public string? PrinterJobFile { get; set; }

    public int? PrinterJobEnd { get; set; }

    public DateTimeOffset? PrinterJobEndedAt { get; set; }

    public string? PrinterJobTrail { get; set; }

    // ---- Figures for statistics in SQL, derived from the run when stored ----

    /// <summary>Ended, else started, else created: periods select runs by it.</summary>
    public DateTimeOffset ActivityAt { get; set; }

    /// <summary>Ended - started, in ticks, when both are known.</summary>
    public long? PrintTicks { get; set; }

    /// <summary>Failed units over all items.</summary>
    public int FailedUnits { get; set; }

    /// <summary>True when every figure below is exact to 0.0001 (else statistics fall back to Core's calculator).</summary>
    public bool FiguresExact { get; set; }

    public bool HasVariancePercent { get; set; }

    public long EstimatedUnits { get; set; }

    public long VarianceUnits { get; set; }

    public long VariancePercentUnits { get; set; }

    public long ActualRecordedUnits { get; set; }

    public long PurgeWasteUnits { get; set; }

    public long FailedWasteUnits { get; set; }

    public List<RunItemRow> Items { get; set; } = [];

    public List<RunMaterialRow> Materials { get; set; } = [];
}

internal sealed class RunItemRow
{
    public Guid RunId { get; set; }

    public int Position { get; set; }

    public Guid ProductId { get; set; }

    public string Sku { get; set; } = "";

    public string Name { get; set; } = "";

    public int Quantity { get; set; }

    public string? BedPosition { get; set; }

    public int? Successful { get; set; }

    public int? Failed { get; set; }

    public List<RunItemBomRow> Bom { get; set; } = [];
}

internal sealed class RunItemBomRow
{
    public Guid RunId { get; set; }

    public int ItemPosition { get; set; }

    public int Position { get; set; }

    public string MaterialType { get; set; } = "";

    public string MaterialColour { get; set; } = "";

    public decimal GramsPerUnit { get; set; }

    public decimal SupportGramsPerUnit { get; set; }
}

internal sealed class RunMaterialRow
{
    public Guid RunId { get; set; }

    public int Position { get; set; }

    public Guid SpoolId { get; set; }

    public string SpoolCode { get; set; } = "";

    public string MaterialType { get; set; } = "";

    public string MaterialColour { get; set; } = "";

    public string? Brand { get; set; }

    public string? ColourHex { get; set; }

    public decimal CostPerGram { get; set; }

    public string Currency { get; set; } = "";

    public decimal EstimatedModel { get; set; }

    public decimal EstimatedSupports { get; set; }

    public decimal EstimatedPurge { get; set; }

    public decimal EstimatedTower { get; set; }

    public decimal? WeightBefore { get; set; }

    public decimal? WeightAfter { get; set; }

    public decimal? ActualSupports { get; set; }

    public decimal? ActualPurge { get; set; }

    public decimal? ActualTower { get; set; }
}
