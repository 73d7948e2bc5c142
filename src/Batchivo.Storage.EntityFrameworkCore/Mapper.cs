using Batchivo.Catalog;
using Batchivo.Production;

namespace Batchivo.Storage.EntityFrameworkCore;

/// <summary>Between the domain's stored forms (<c>*State</c>) and rows.</summary>
internal static class Mapper
{
    private const decimal Scale = 10_000m;
    // Below 1e14 g a figure times 10,000 stays inside a long.
    private const decimal Limit = 1e14m;

    /// <summary>The normalised form of a unique key: stores compare codes, SKUs and names trimmed and ignoring case.</summary>
    public static string Key(string? value) => (value ?? string.Empty).Trim().ToUpperInvariant();

    // ---- Spools ------------------------------------------------------------------------------

    public static SpoolState ToState(SpoolRow r) => new(
        new SpoolId(r.Id),
        r.Code,
        new Material(new MaterialSpec(r.MaterialType, r.MaterialColour), r.Brand, r.ColourHex),
        new Mass(r.NominalNet),
        new Money(r.Price, r.Currency),
        r.Tare is { } t ? new Mass(t) : null,
        r.SpoolType,
        r.GrossWeight is { } g ? new Mass(g) : null,
        r.ActiveRunId is { } a ? new RunId(a) : null,
        [.. r.Ledger.OrderBy(l => l.Sequence).Select(ToEntry)],
        r.Version);

    public static void Apply(SpoolRow r, SpoolState s)
    {
        r.Id = s.Id.Value;
        r.Code = s.Code;
        r.CodeKey = Key(s.Code);
        r.MaterialType = s.Material.Spec.Type;
        r.MaterialColour = s.Material.Spec.Colour;
        r.Brand = s.Material.Brand;
        r.ColourHex = s.Material.ColourHex;
        r.NominalNet = s.NominalNet.Grams;
        r.Price = s.Price.Amount;
        r.Currency = s.Price.Currency;
        r.Tare = s.Tare?.Grams;
        r.SpoolType = s.SpoolType;
        r.GrossWeight = s.GrossWeight?.Grams;
        r.ActiveRunId = s.ActiveRunId?.Value;
    }

    public static SpoolLedgerEntry ToEntry(LedgerRow l) => new(
        l.Sequence,
        l.At,
        (LedgerEntryKind)l.Kind,
        l.GrossBefore is { } b ? new Mass(b) : null,
        new Mass(l.GrossAfter),
        l.RunId is { } id ? new RunId(id) : null,
        l.RunNumber,
        l.Note);

    public static LedgerRow ToRow(SpoolId spool, SpoolLedgerEntry e) => new()
    {
        SpoolId = spool.Value,
        Sequence = e.Sequence,
        At = e.At,
        Kind = (int)e.Kind,
        GrossBefore = e.GrossBefore?.Grams,
        GrossAfter = e.GrossAfter.Grams,
        RunId = e.RunId?.Value,
        RunNumber = e.RunNumber,
        Note = e.Note,
    };

    // ---- Products and printers ---------------------------------------------------------------

    public static ProductState ToState(ProductRow r) => new(
        new ProductId(r.Id),
        r.Sku,
        r.Name,
        [.. r.Bom.OrderBy(b => b.Position).Select(b => new BomLine(new MaterialSpec(b.MaterialType, b.MaterialColour), new Mass(b.GramsPerUnit), new Mass(b.SupportGramsPerUnit)))],
        r.PrintTimePerUnit,
        [.. r.Components.OrderBy(c => c.Position).Select(c => new ProductComponent(c.Name, c.Count, new Money(c.UnitCost, c.Currency)))],
        r.Version);

    public static void Apply(ProductRow r, ProductState s)
    {
        r.Id = s.Id.Value;
        r.Sku = s.Sku;
        r.SkuKey = Key(s.Sku);
        r.Name = s.Name;
        r.PrintTimePerUnit = s.PrintTimePerUnit;
        Sync(r.Bom, s.Bom, (i, b) => new BomLineRow { ProductId = s.Id.Value, Position = i }, (row, b) =>
        {
            row.MaterialType = b.Material.Type;
            row.MaterialColour = b.Material.Colour;
            row.GramsPerUnit = b.GramsPerUnit.Grams;
            row.SupportGramsPerUnit = b.SupportGramsPerUnit.Grams;
        });
        Sync(r.Components, s.Components, (i, c) => new ComponentRow { ProductId = s.Id.Value, Position = i }, (row, c) =>
        {
            row.Name = c.Name;
            row.Count = c.Count;
            row.UnitCost = c.UnitCost.Amount;
            row.Currency = c.UnitCost.Currency;
        });
    }

    public static PrinterState ToState(PrinterRow r) => new(new PrinterId(r.Id), r.Name, r.Model, r.MaterialSlots, r.Version);

    public static void Apply(PrinterRow r, PrinterState s)
    {
        r.Id = s.Id.Value;
        r.Name = s.Name;
        r.NameKey = Key(s.Name);
        r.Model = s.Model;
        r.MaterialSlots = s.MaterialSlots;
    }

    public static BrandTare ToBrandTare(BrandTareRow r) => new(r.Brand, r.SpoolType, new Mass(r.Tare));

    // ---- Runs --------------------------------------------------------------------------------

    public static ProductionRunState ToState(RunRow r) => new(
        new RunId(r.Id),
        r.Number,
        new PrinterId(r.PrinterId),
        r.PrinterName,
        (RunStatus)r.Status,
        r.CreatedAt,
        r.StartedAt,
        r.EndedAt,
        r.EstimatedDuration,
        [.. r.Items.OrderBy(i => i.Position).Select(ToItem)],
        [.. r.Materials.OrderBy(m => m.Position).Select(ToMaterial)],
        r.Quality is { } q ? new QualityRating(q) : null,
        r.Notes,
        r.OriginalRunId is { } o ? new RunId(o) : null,
        (EstimateSource)r.EstimateSource,
        r.EstimateSourceName,
        r.Version,
        r.PrinterJobConnector is { } connector && r.PrinterJobId is { } jobId
            ? new PrinterJobLink(connector, jobId, r.PrinterJobFile ?? "", (PrintEnd?)r.PrinterJobEnd, r.PrinterJobEndedAt, r.PrinterJobTrail)
            : null);

    private static RunItem ToItem(RunItemRow i) => new(
        new ProductId(i.ProductId),
        i.Sku,
        i.Name,
        i.Quantity,
        [.. i.Bom.OrderBy(b => b.Position).Select(b => new BomLine(new MaterialSpec(b.MaterialType, b.MaterialColour), new Mass(b.GramsPerUnit), new Mass(b.SupportGramsPerUnit)))],
        i.BedPosition,
        i.Successful,
        i.Failed);

    private static RunMaterial ToMaterial(RunMaterialRow m) => new(
        new SpoolId(m.SpoolId),
        m.SpoolCode,
        new Material(new MaterialSpec(m.MaterialType, m.MaterialColour), m.Brand, m.ColourHex),
        new Money(m.CostPerGram, m.Currency),
        new Mass(m.EstimatedModel),
        new Mass(m.EstimatedSupports),
        new Mass(m.EstimatedPurge),
        new Mass(m.EstimatedTower),
        Opt(m.WeightBefore),
        Opt(m.WeightAfter),
        Opt(m.ActualSupports),
        Opt(m.ActualPurge),
        Opt(m.ActualTower));

    public static void Apply(RunRow r, ProductionRunState s)
    {
        var id = s.Id.Value;
        r.Id = id;
        r.Number = s.Number;
        r.PrinterId = s.PrinterId.Value;
        r.PrinterName = s.PrinterName;
        r.Status = (int)s.Status;
        r.CreatedAt = s.CreatedAt;
        r.StartedAt = s.StartedAt;
        r.EndedAt = s.EndedAt;
        r.EstimatedDuration = s.EstimatedDuration;
        r.Quality = s.Quality?.Stars;
        r.Notes = s.Notes;
        r.OriginalRunId = s.OriginalRunId?.Value;
        r.EstimateSource = (int)s.EstimateSource;
        r.EstimateSourceName = s.EstimateSourceName;
        r.PrinterJobConnector = s.PrinterJob?.Connector;
        r.PrinterJobId = s.PrinterJob?.JobId;
        r.PrinterJobFile = s.PrinterJob?.FileName;
        r.PrinterJobEnd = (int?)s.PrinterJob?.End;
        r.PrinterJobEndedAt = s.PrinterJob?.EndedAt;
        r.PrinterJobTrail = s.PrinterJob?.Trail;
        Sync(r.Items, s.Items, (i, _) => new RunItemRow { RunId = id, Position = i }, (row, item) =>
        {
            row.ProductId = item.ProductId.Value;
            row.Sku = item.Sku;
            row.Name = item.Name;
            row.Quantity = item.Quantity;
            row.BedPosition = item.BedPosition;
            row.Successful = item.Successful;
            row.Failed = item.Failed;
            Sync(row.Bom, item.Bom, (j, _) => new RunItemBomRow { RunId = id, ItemPosition = row.Position, Position = j }, (b, line) =>
            {
                b.MaterialType = line.Material.Type;
                b.MaterialColour = line.Material.Colour;
                b.GramsPerUnit = line.GramsPerUnit.Grams;
                b.SupportGramsPerUnit = line.SupportGramsPerUnit.Grams;
            });
        });
        Sync(r.Materials, s.Materials, (i, _) => new RunMaterialRow { RunId = id, Position = i }, (row, m) =>
        {
            row.SpoolId = m.SpoolId.Value;
            row.SpoolCode = m.SpoolCode;
            row.MaterialType = m.Material.Spec.Type;
            row.MaterialColour = m.Material.Spec.Colour;
            row.Brand = m.Material.Brand;
            row.ColourHex = m.Material.ColourHex;
            row.CostPerGram = m.CostPerGram.Amount;
            row.Currency = m.CostPerGram.Currency;
            row.EstimatedModel = m.EstimatedModel.Grams;
            row.EstimatedSupports = m.EstimatedSupports.Grams;
            row.EstimatedPurge = m.EstimatedPurge.Grams;
            row.EstimatedTower = m.EstimatedTower.Grams;
            row.WeightBefore = m.WeightBefore?.Grams;
            row.WeightAfter = m.WeightAfter?.Grams;
            row.ActualSupports = m.ActualSupports?.Grams;
            row.ActualPurge = m.ActualPurge?.Grams;
            row.ActualTower = m.ActualTower?.Grams;
        });

        // The figures statistics sum in SQL, as Core's calculator derives them.
        var run = ProductionRun.Restore(s);
        var totals = run.Totals;
        r.ActivityAt = run.ActivityAt;
        r.PrintTicks = s.StartedAt is { } started && s.EndedAt is { } ended ? (ended - started).Ticks : null;
        r.FailedUnits = s.Items.Sum(i => i.Failed ?? 0);
        var exact = true;
        r.EstimatedUnits = Units(totals.Estimated.Grams, ref exact);
        r.VarianceUnits = totals.Actual is { } actual ? Units(actual.Grams - totals.Estimated.Grams, ref exact) : 0L;
        r.HasVariancePercent = totals.VariancePercent is not null;
        r.VariancePercentUnits = totals.VariancePercent is { } pct ? Units(pct, ref exact) : 0L;
        r.ActualRecordedUnits = Units(totals.ActualRecorded.Grams, ref exact);
        r.PurgeWasteUnits = Units(totals.PurgeWaste.Grams, ref exact);
        r.FailedWasteUnits = Units(totals.FailedUnitsWaste.Grams, ref exact);
        r.FiguresExact = exact;
    }

    /// <summary>Sums of figures stored as ten-thousandths, back to decimals, as Core converts them.</summary>
    public static decimal FromUnits(long units) => units / Scale;

    private static long Units(decimal value, ref bool exact)
    {
        if (value.Scale > 4 || Math.Abs(value) >= Limit)
        {
            exact = false;
            return 0L;
        }

        return (long)(value * Scale);
    }

    private static Mass? Opt(decimal? grams) => grams is { } g ? new Mass(g) : null;

    /// <summary>Makes the child rows match the list by position: updates in place, adds the new tail, removes the extra tail.</summary>
    private static void Sync<TRow, TValue>(List<TRow> rows, IReadOnlyList<TValue> values, Func<int, TValue, TRow> create, Action<TRow, TValue> update)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i < rows.Count)
            {
                update(rows[i], values[i]);
            }
            else
            {
                var row = create(i, values[i]);
                update(row, values[i]);
                rows.Add(row);
            }
        }

        if (rows.Count > values.Count)
        {
            rows.RemoveRange(values.Count, rows.Count - values.Count);
        }
    }
}
