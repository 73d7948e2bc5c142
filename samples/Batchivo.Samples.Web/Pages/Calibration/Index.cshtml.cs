using Batchivo.Production;
using Batchivo.Statistics;
using Microsoft.AspNetCore.Mvc;

namespace Batchivo.Samples.Web.Pages.Calibration;

/// <summary>BOM calibration: where the weighed runs say a product's grams per unit are off, with the runs and their spread behind it; applied with one click.</summary>
public sealed class IndexModel(AnalyticsService analytics) : DashboardPage
{
    public IReadOnlyList<SuggestionJson> Suggestions { get; private set; } = [];

    /// <summary>The suggestion just applied, said once after the redirect.</summary>
    [TempData]
    public string? Applied { get; set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostApplyAsync(string id, CancellationToken ct) =>
        ChangeAsync(Show.Id($"apply-{id}"), async () =>
        {
            var suggestion = (await analytics.GetCalibrationSuggestionsAsync(new CalibrationOptions(), ct)).FirstOrDefault(s => string.Equals(Shapes.SuggestionId(s), id, StringComparison.OrdinalIgnoreCase))
                ?? throw new NotFoundException("calibration suggestion", id);
            var product = await analytics.ApplyCalibrationAsync(suggestion, ct);
            Applied = $"{product.Name}: {suggestion.Material} is now {Show.Grams(suggestion.SuggestedGramsPerUnit.Grams)} per unit (was {Show.Grams(suggestion.CurrentGramsPerUnit.Grams)}).";
        }, ct);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        ViewData["Title"] = "Calibration";
        Suggestions = [.. (await analytics.GetCalibrationSuggestionsAsync(new CalibrationOptions(), cancellationToken)).Select(Shapes.Suggestion)];
    }
}
