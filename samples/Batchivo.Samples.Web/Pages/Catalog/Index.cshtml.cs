using Batchivo.Catalog;
using Batchivo.Production;
using Microsoft.AspNetCore.Mvc;

namespace Batchivo.Samples.Web.Pages.Catalog;

/// <summary>The catalog: printers, brand tares (empty spool weights), spools and products with their BOMs.</summary>
public sealed class IndexModel(CatalogService catalog, Batchivo.Hosting.Printers.PrinterTracker tracker) : DashboardPage
{
    /// <summary>Empty BOM rows the new-product form offers (its script adds more).</summary>
    public const int BomRows = 3;

    public IReadOnlyList<PrinterJson> Printers { get; private set; } = [];

    /// <summary>The printers with a connection, by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, Api.PrinterConnectionJson> Connections { get; private set; } = new Dictionary<string, Api.PrinterConnectionJson>();

    public IReadOnlyList<BrandTareJson> Tares { get; private set; } = [];

    public IReadOnlyList<ProductJson> Products { get; private set; } = [];

    public IReadOnlyList<SpoolJson> Spools { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAddPrinterAsync(string? name, string? model, string? slots, CancellationToken ct) =>
        ChangeAsync("add-printer", () => catalog.AddPrinterAsync(name ?? string.Empty, model ?? string.Empty, Show.ParseInt(slots, "Material slots") ?? 1, ct), ct);

    public Task<IActionResult> OnPostEditPrinterAsync(string name, string? model, string? slots, CancellationToken ct) =>
        ChangeAsync(Show.Id($"printer-{name}"), () => catalog.EditPrinterAsync(name, new PrinterEdit(string.IsNullOrWhiteSpace(model) ? null : model, Show.ParseInt(slots, "Material slots")), ct), ct);

    public Task<IActionResult> OnPostSetTareAsync(string? brand, string? spoolType, string? tare, CancellationToken ct) =>
        ChangeAsync("set-tare", () => catalog.SetBrandTareAsync(
            new BrandTare(brand ?? string.Empty, string.IsNullOrWhiteSpace(spoolType) ? null : spoolType.Trim(), Mass.FromGrams(Show.Parse(tare, "Empty spool weight") ?? throw new FormatException("Empty spool weight: give it in grams, e.g. 250."))), ct), ct);

    public Task<IActionResult> OnPostAddSpoolAsync(SpoolForm spool, CancellationToken ct) =>
        ChangeAsync("add-spool", async () =>
        {
            var material = new Material(MaterialSpec.Parse(spool.Material ?? string.Empty), Show.Optional(spool.Brand), Show.Optional(spool.Colour));
            var price = Show.Parse(spool.Price, "Price") ?? throw new FormatException("Price: give what the spool cost, e.g. 25.00.");
            var created = await catalog.AddSpoolAsync(new NewSpool(
                spool.Code ?? string.Empty, material, Mass.FromGrams(Show.Parse(spool.Net, "Filament on a full spool") ?? 1000m), new Money(price, Show.Optional(spool.Currency) ?? "USD"),
                Show.ParseGrams(spool.Tare, "Empty spool weight"), Show.Optional(spool.SpoolType), Show.ParseGrams(spool.Gross, "Weight now")), ct);
            return $"/spools/{Uri.EscapeDataString(created.Code)}";
        }, ct);

    public Task<IActionResult> OnPostAddProductAsync(string? sku, string? name, string? minutes, BomForm bom, CancellationToken ct) =>
        ChangeAsync("add-product", () => catalog.AddProductAsync(sku ?? string.Empty, name ?? string.Empty, bom.Lines(), Minutes(minutes), null, ct), ct);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        ViewData["Title"] = "Catalog";
        Printers = [.. (await catalog.ListPrintersAsync(cancellationToken)).Select(Shapes.Printer)];
        Connections = tracker.States.Select(Api.CatalogApi.Connection).ToDictionary(c => c.Printer, StringComparer.OrdinalIgnoreCase);
        var tares = await catalog.GetBrandTaresAsync(cancellationToken);
        Tares = [.. tares.Entries.Select(Shapes.BrandTare)];
        Products = [.. (await catalog.ListProductsAsync(cancellationToken)).Select(Shapes.Product)];
        Spools = [.. (await catalog.ListSpoolsAsync(cancellationToken)).Select(s => Shapes.Spool(s, tares))];
    }

    internal static TimeSpan? Minutes(string? text) => Show.Parse(text, "Print minutes per unit") is { } m ? TimeSpan.FromMinutes((double)m) : null;

}

/// <summary>The new-spool form's fields, as typed.</summary>
public sealed class SpoolForm
{
    public string? Code { get; set; }

    public string? Material { get; set; }

    public string? Brand { get; set; }

    public string? Colour { get; set; }

    public string? Net { get; set; }

    public string? Price { get; set; }

    public string? Currency { get; set; }

    public string? Tare { get; set; }

    public string? SpoolType { get; set; }

    public string? Gross { get; set; }
}

/// <summary>A BOM editor's rows as typed: a material ("PLA Black"), grams per unit and support grams per unit; empty rows are left out.</summary>
public sealed class BomForm
{
    public List<string?> Material { get; set; } = [];

    public List<string?> Grams { get; set; } = [];

    public List<string?> Supports { get; set; } = [];

    public IReadOnlyList<BomLine> Lines()
    {
        var lines = new List<BomLine>();
        for (var i = 0; i < Material.Count; i++)
        {
            var material = Material[i];
            var grams = i < Grams.Count ? Grams[i] : null;
            var supports = i < Supports.Count ? Supports[i] : null;
            if (string.IsNullOrWhiteSpace(material) && string.IsNullOrWhiteSpace(grams) && string.IsNullOrWhiteSpace(supports))
            {
                continue;
            }

            var row = $"BOM line {i + 1}";
            lines.Add(new BomLine(
                MaterialSpec.Parse(material ?? string.Empty),
                Mass.FromGrams(Show.Parse(grams, $"{row} grams per unit") ?? throw new FormatException($"{row}: give the grams per unit, e.g. 45.")),
                Mass.FromGrams(Show.Parse(supports, $"{row} support grams") ?? 0m)));
        }

        return lines;
    }
}
