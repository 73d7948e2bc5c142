using Batchivo.Catalog;
using Batchivo.Production;
using Microsoft.AspNetCore.Mvc;

namespace Batchivo.Samples.Web.Pages.Catalog;

/// <summary>A product and its BOM editor: the name, print time and the filament per unit of each material (supports apart).</summary>
public sealed class ProductModel(CatalogService catalog) : DashboardPage
{
    [BindProperty(SupportsGet = true)]
    public string Sku { get; set; } = string.Empty;

    public ProductJson Product { get; private set; } = null!;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(string? name, string? minutes, BomForm bom, CancellationToken ct) =>
        ChangeAsync("edit-product", () => catalog.EditProductAsync(Sku, new ProductEdit(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), bom.Lines(), IndexModel.Minutes(minutes)), ct), ct);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Product = Shapes.Product(await catalog.GetProductAsync(Sku, cancellationToken));
        ViewData["Title"] = $"{Product.Name} ({Product.Sku})";
    }
}
