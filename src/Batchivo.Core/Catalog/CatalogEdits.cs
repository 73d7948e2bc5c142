namespace Batchivo.Catalog;

/// <summary>
/// A change to a spool's catalog data; each null keeps what the spool has. Its weight is not here: it changes only by
/// weighing or a correction, through the spool's ledger.
/// </summary>
/// <param name="Material">New filament type and colour.</param>
/// <param name="Brand">New brand.</param>
/// <param name="ColourHex">New colour code, e.g. #1A1A1A.</param>
/// <param name="NominalNet">New nominal net weight.</param>
/// <param name="PriceAmount">New price, in <paramref name="Currency"/> or the spool's currency.</param>
/// <param name="Currency">New currency of the price.</param>
/// <param name="Tare">New empty-spool weight.</param>
/// <param name="SpoolType">New spool type, to find a brand tare.</param>
public sealed record SpoolEdit(
    MaterialSpec? Material = null,
    string? Brand = null,
    string? ColourHex = null,
    Mass? NominalNet = null,
    decimal? PriceAmount = null,
    string? Currency = null,
    Mass? Tare = null,
    string? SpoolType = null);

/// <summary>A change to a product; each null keeps what the product has.</summary>
/// <param name="Name">New name.</param>
/// <param name="Bom">New bill of materials.</param>
/// <param name="PrintTimePerUnit">New print time per unit.</param>
/// <param name="Components">New non-printed components.</param>
public sealed record ProductEdit(
    string? Name = null,
    IReadOnlyList<BomLine>? Bom = null,
    TimeSpan? PrintTimePerUnit = null,
    IReadOnlyList<ProductComponent>? Components = null);

/// <summary>A change to a printer; each null keeps what the printer has.</summary>
/// <param name="Model">New model.</param>
/// <param name="MaterialSlots">New number of material slots.</param>
public sealed record PrinterEdit(string? Model = null, int? MaterialSlots = null);
