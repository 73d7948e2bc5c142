using Batchivo.Catalog;
using Batchivo.Production;
using Microsoft.AspNetCore.Html;
using Batchivo.Samples.Web.Pages.Catalog;
using Microsoft.AspNetCore.Mvc;

namespace Batchivo.Samples.Web.Pages.Spools;

/// <summary>One spool: its ledger as a table, its weight over time as a chart, and the forms to weigh, correct and edit it.</summary>
public sealed class SpoolModel(CatalogService catalog, LowStock lowStock) : DashboardPage
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = string.Empty;

    /// <summary>The spool's version the form was made from.</summary>
    [BindProperty]
    public long Version { get; set; }

    public SpoolJson Spool { get; private set; } = null!;

    public bool IsLow { get; private set; }

    public decimal Threshold { get; private set; }

    public HtmlString Chart { get; private set; } = HtmlString.Empty;

    /// <summary>The empty spool's weight the remaining filament is computed with: the spool's own, else its brand's.</summary>
    public decimal? BrandTareGrams { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostWeighAsync(string? grams, string? note, CancellationToken ct) =>
        ChangeAsync("weigh", () => catalog.WeighSpoolAsync(Ref, Gross(grams), string.IsNullOrWhiteSpace(note) ? null : note.Trim(), ct), ct);

    public Task<IActionResult> OnPostAdjustAsync(string? grams, string? reason, CancellationToken ct) =>
        ChangeAsync("adjust", () => catalog.AdjustSpoolAsync(Ref, Gross(grams), reason ?? string.Empty, ct), ct);

    public Task<IActionResult> OnPostEditAsync(SpoolForm spool, CancellationToken ct) =>
        ChangeAsync("edit", () => catalog.EditSpoolAsync(Ref, new SpoolEdit(
            string.IsNullOrWhiteSpace(spool.Material) ? null : MaterialSpec.Parse(spool.Material), Show.Optional(spool.Brand), Show.Optional(spool.Colour),
            Show.ParseGrams(spool.Net, "Filament on a full spool"), Show.Parse(spool.Price, "Price"), Show.Optional(spool.Currency), Show.ParseGrams(spool.Tare, "Empty spool weight"), Show.Optional(spool.SpoolType)), ct), ct);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var spool = await catalog.GetSpoolAsync(Code, cancellationToken);
        var tares = await catalog.GetBrandTaresAsync(cancellationToken);
        Spool = Shapes.Spool(spool, tares);
        BrandTareGrams = tares.Find(Spool.Brand, Spool.SpoolType)?.Grams;
        Version = spool.Version;
        IsLow = lowStock.IsLow(Spool);
        Threshold = lowStock.ThresholdFor(Spool);
        ViewData["Title"] = $"Spool {Spool.Code}";
        var points = Spool.Ledger.OrderBy(e => e.Sequence).ToList();
        Chart = Charts.Lines($"Weight of {Spool.Code} over time", [.. points.Select(e => e.At.UtcDateTime.ToString("d MMM", System.Globalization.CultureInfo.CurrentCulture))], [new ChartSeries("Weight", [.. points.Select(e => (decimal?)e.GrossAfterGrams)])], "g");
    }

    private SpoolRef Ref => new(Code, Version);

    private static Mass Gross(string? grams) => Mass.FromGrams(Show.Parse(grams, "Weight") ?? throw new FormatException("Weight: type what the spool weighs now, in grams, e.g. 711."));
}
