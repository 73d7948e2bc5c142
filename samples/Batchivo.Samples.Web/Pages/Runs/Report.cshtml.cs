using Batchivo.Production;
using Microsoft.AspNetCore.Mvc;

namespace Batchivo.Samples.Web.Pages.Runs;

/// <summary>A run's report as production-runs.md shows it: the result, the variance with its causes, the material table and the cost; printable. A reprint of its failed units starts here.</summary>
public sealed class ReportModel(RunService runs, AnalyticsService analytics, CatalogService catalog) : DashboardPage
{
    [BindProperty(SupportsGet = true)]
    public int Number { get; set; }

    public ReportJson Report { get; private set; } = null!;

    public IReadOnlyList<string> Printers { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostReprintAsync(string? printer, CancellationToken ct) =>
        ChangeAsync("reprint", async () =>
        {
            var reprint = await runs.ReprintAsync(Number, string.IsNullOrWhiteSpace(printer) ? null : printer, ct);
            return $"/runs/{reprint.Number}";
        }, ct);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Report = Shapes.Report(await analytics.GetReportAsync(Number, cancellationToken));
        ViewData["Title"] = $"Report of run #{Number}";
        if (CanWrite)
        {
            Printers = [.. (await catalog.ListPrintersAsync(cancellationToken)).Select(p => p.Name)];
        }
    }
}
