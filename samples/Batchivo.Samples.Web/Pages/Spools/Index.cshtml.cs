using Batchivo.Production;

namespace Batchivo.Samples.Web.Pages.Spools;

/// <summary>Every spool with the filament left on it, the ones running low first and highlighted.</summary>
public sealed class IndexModel(CatalogService catalog, LowStock lowStock) : DashboardPage
{
    public IReadOnlyList<SpoolJson> Spools { get; private set; } = [];

    public LowStock LowStock => lowStock;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        ViewData["Title"] = "Spools";
        var tares = await catalog.GetBrandTaresAsync(cancellationToken);
        Spools = [.. (await catalog.ListSpoolsAsync(cancellationToken)).Select(s => Shapes.Spool(s, tares))
            .OrderByDescending(lowStock.IsLow).ThenBy(s => s.Code, StringComparer.OrdinalIgnoreCase)];
    }
}
