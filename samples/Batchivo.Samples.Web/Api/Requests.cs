namespace Batchivo.Samples.Web.Api;

// The request bodies of the API. Weights are grams, as in every response; a material is its type and colour
// ("PLA Black"), as the console writes it. Unknown fields are refused (400), so a typo never goes unnoticed.

/// <summary>A new printer.</summary>
public sealed record NewPrinterRequest(string Name, string Model, int MaterialSlots = 1);

/// <summary>A new spool.</summary>
public sealed record NewSpoolRequest(
    string Code, string Material, decimal Price, string Currency = "USD", string? Brand = null, string? ColourHex = null,
    decimal NetGrams = 1000m, decimal? TareGrams = null, string? SpoolType = null, decimal? GrossGrams = null);

/// <summary>A BOM line: grams of one material per unit, of which supports.</summary>
public sealed record BomLineRequest(string Material, decimal GramsPerUnit, decimal SupportGramsPerUnit = 0m);

/// <summary>A new product.</summary>
public sealed record NewProductRequest(string Sku, string Name, IReadOnlyList<BomLineRequest> Bom, decimal? PrintMinutesPerUnit = null);

/// <summary>A brand's empty-spool weight.</summary>
public sealed record BrandTareRequest(decimal TareGrams, string? SpoolType = null);

/// <summary>A new run on a printer.</summary>
public sealed record NewRunRequest(string Printer, decimal? EstimatedHours = null, string? Notes = null);

/// <summary>Products to print in a run.</summary>
public sealed record RunProductRequest(string Sku, int Quantity, string? BedPosition = null);

/// <summary>A spool for a run, with its purge and wipe-tower estimates where the slicer gave them.</summary>
public sealed record RunSpoolRequest(string Spool, decimal? PurgeGrams = null, decimal? TowerGrams = null);

/// <summary>A weighing: a gross weight typed in (<c>grams</c>), or read from a named scale (<c>scale</c>).</summary>
public sealed record WeighRequest(string Spool, decimal? Grams = null, string? Scale = null, decimal? TimeoutSeconds = null);

/// <summary>What came off the printer for one product.</summary>
public sealed record OutcomeRequest(string Sku, int Successful, int Failed);

/// <summary>Waste weighed separately for one spool.</summary>
public sealed record WasteRequest(string Spool, decimal? SupportsGrams = null, decimal? PurgeGrams = null, decimal? TowerGrams = null);

/// <summary>Completing a run, with its quality (1 to 5 stars).</summary>
public sealed record CompleteRequest(int? Quality = null, string? Notes = null);

/// <summary>Ending a run that failed or was cancelled.</summary>
public sealed record EndRequest(string? Notes = null);

/// <summary>A run's notes.</summary>
public sealed record NotesRequest(string? Notes);

/// <summary>A reprint of a run, on its printer or another one.</summary>
public sealed record ReprintRequest(string? Printer = null);

/// <summary>Changes to a spool's catalog data; what is left out stays (its weight changes only by weighing).</summary>
public sealed record SpoolEditRequest(
    string? Material = null, string? Brand = null, string? ColourHex = null, decimal? NetGrams = null, decimal? Price = null,
    string? Currency = null, decimal? TareGrams = null, string? SpoolType = null);

/// <summary>A weighing of a spool outside a run (a stock check), or a correction with its reason.</summary>
public sealed record SpoolWeighingRequest(decimal Grams, string? Note = null);

/// <summary>A correction of a spool's weight, with the reason kept in its ledger.</summary>
public sealed record SpoolAdjustmentRequest(decimal Grams, string Reason);

/// <summary>Changes to a product; what is left out stays.</summary>
public sealed record ProductEditRequest(string? Name = null, IReadOnlyList<BomLineRequest>? Bom = null, decimal? PrintMinutesPerUnit = null);

/// <summary>Changes to a printer; what is left out stays.</summary>
public sealed record PrinterEditRequest(string? Model = null, int? MaterialSlots = null);

/// <summary>How many units of a product a draft run prints.</summary>
public sealed record QuantityRequest(int Quantity);

/// <summary>One page of a list.</summary>
/// <typeparam name="T">The item's document.</typeparam>
public sealed record PageJson<T>(IReadOnlyList<T> Items, int Page, int PageSize, bool HasMore);
