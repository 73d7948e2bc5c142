using Batchivo.Production;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Batchivo.Samples.Web.Pages.Runs;

/// <summary>A new run: the printer and, if known, the slicer's estimated time; the plate is planned on the run's page.</summary>
[Authorize(Policy = Security.Dashboard.WritePolicy)]
public sealed class NewModel(RunService runs, CatalogService catalog) : DashboardPage
{
    public IReadOnlyList<PrinterJson> Printers { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(string? printer, string? hours, string? minutes, string? notes, CancellationToken ct) =>
        ChangeAsync("new-run", async () =>
        {
            if (string.IsNullOrWhiteSpace(printer))
            {
                throw new FormatException("Printer: choose the printer the plate goes on; add printers under Catalog.");
            }

            var h = Show.ParseInt(hours, "Estimated hours");
            var m = Show.ParseInt(minutes, "Estimated minutes");
            TimeSpan? time = h is null && m is null ? null : TimeSpan.FromHours(h ?? 0) + TimeSpan.FromMinutes(m ?? 0);
            var run = await runs.CreateRunAsync(printer, time, string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(), ct);
            return $"/runs/{run.Number}";
        }, ct);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        ViewData["Title"] = "New run";
        Printers = [.. (await catalog.ListPrintersAsync(cancellationToken)).Select(Shapes.Printer)];
    }
}
