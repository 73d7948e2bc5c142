using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Batchivo.Samples.Web.Pages.Runs;

/// <summary>The runs by number, filtered by status, printer and product, a page at a time.</summary>
public sealed class IndexModel(RunService runs, CatalogService catalog, AnalyticsService analytics) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Printer { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Product { get; set; }

    /// <summary>The page of the list, from 1 (query <c>p</c>: Razor Pages keeps <c>page</c> for itself).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<RunJson> Runs { get; private set; } = [];

    public bool HasMore { get; private set; }

    public IReadOnlyList<string> Printers { get; private set; } = [];

    public IReadOnlyList<string> Products { get; private set; } = [];

    /// <summary>What was wrong with the filter, shown next to it.</summary>
    public string? Problem { get; private set; }

    public static IReadOnlyList<string> Statuses { get; } = [.. Enum.GetValues<RunStatus>().Select(StatusName)];

    public static string StatusName(RunStatus status) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    public async Task OnGetAsync(CancellationToken ct)
    {
        var printers = await catalog.ListPrintersAsync(ct);
        var products = await catalog.ListProductsAsync(ct);
        Printers = [.. printers.Select(p => p.Name)];
        Products = [.. products.Select(p => p.Sku)];
        PageNumber = Math.Max(1, PageNumber);
        RunStatus? status = null;
        if (!string.IsNullOrEmpty(Status))
        {
            status = Enum.GetValues<RunStatus>().Cast<RunStatus?>().FirstOrDefault(s => StatusName(s!.Value) == Status);
            Problem ??= status is null ? $"There is no status '{Status}'. Choose one of: {string.Join(", ", Statuses)}." : null;
        }

        var printer = string.IsNullOrEmpty(Printer) ? null : printers.FirstOrDefault(p => string.Equals(p.Name, Printer, StringComparison.OrdinalIgnoreCase));
        Problem ??= !string.IsNullOrEmpty(Printer) && printer is null ? $"There is no printer '{Printer}'." : null;
        var product = string.IsNullOrEmpty(Product) ? null : products.FirstOrDefault(p => string.Equals(p.Sku, Product, StringComparison.OrdinalIgnoreCase));
        Problem ??= !string.IsNullOrEmpty(Product) && product is null ? $"There is no product '{Product}'." : null;
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var window = await runs.ListRunsAsync(new RunQuery(Status: status, PrinterId: printer?.Id, ProductId: product?.Id, Skip: (PageNumber - 1) * PageSize, Take: PageSize + 1), ct);
        HasMore = window.Count > PageSize;
        var shaped = new List<RunJson>();
        foreach (var run in window.Take(PageSize))
        {
            shaped.Add(Shapes.Run(run, run.OriginalRunId is null ? null : await analytics.FindOriginalRunNumberAsync(run, ct)));
        }

        Runs = shaped;
    }

    /// <summary>The address of another page of the same list.</summary>
    public string PageLink(int page) =>
        QueryString.Create(new Dictionary<string, string?> { ["status"] = Status, ["printer"] = Printer, ["product"] = Product, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();
}
