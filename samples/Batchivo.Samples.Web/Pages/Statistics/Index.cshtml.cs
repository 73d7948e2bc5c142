using System.Globalization;
using System.Text;
using Batchivo.Production;
using Batchivo.Statistics;
using Microsoft.AspNetCore.Mvc;

namespace Batchivo.Samples.Web.Pages.Statistics;

/// <summary>One period of the statistics' time series: its start and end, its label, and the store's statistics of it.</summary>
public sealed record StatisticsBucket(DateTimeOffset From, DateTimeOffset To, string Label, StatsJson Stats);

/// <summary>
/// How the shop is doing over a period, for a printer or a product if chosen: the totals, material and waste per week
/// (per month over a longer period), success rate, variance and reprint rate over time, the quality distribution, the
/// most printed products, the busiest printers and the outliers; all of it as CSV too. Every figure is the store's
/// statistics of a period (one aggregate query each), never summed up here.
/// </summary>
public sealed class IndexModel(AnalyticsService analytics, CatalogService catalog, TimeProvider time) : DashboardPage
{
    /// <summary>The default period: the last twelve weeks.</summary>
    public const int DefaultWeeks = 12;

    /// <summary>Up to this many weeks the series is weekly; longer periods are monthly.</summary>
    public const int MaxWeeks = 26;

    /// <summary>Up to this many months the series is monthly; longer periods are refused.</summary>
    public const int MaxMonths = 60;

    /// <summary>The first day (ISO date, UTC); by default the Monday that makes the period twelve whole weeks up to the last.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>The last day (ISO date, UTC, included); today by default.</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Printer { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Product { get; set; }

    public StatsJson? Totals { get; private set; }

    public IReadOnlyList<StatisticsBucket> Buckets { get; private set; } = [];

    public bool Weekly { get; private set; } = true;

    public IReadOnlyList<VarianceOutlier> Outliers { get; private set; } = [];

    public IReadOnlyList<string> Printers { get; private set; } = [];

    public IReadOnlyList<string> Products { get; private set; } = [];

    public string? FilterProblem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (FilterProblem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    /// <summary>The figures of every period as CSV (invariant numbers, ISO dates), for a spreadsheet.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (FilterProblem is not null)
        {
            return new ObjectResult(new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The statistics' filter is not valid", Detail = FilterProblem })
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentTypes = { "application/problem+json" },
            };
        }

        var csv = new StringBuilder("from,to,runs,completed,failed,cancelled,units_successful,units_failed,unit_success_rate_percent,average_variance_percent,material_used_grams,waste_grams,reprint_rate_percent,rated_runs,average_quality\n");
        foreach (var b in Buckets.Append(new StatisticsBucket(Buckets[0].From, Buckets[^1].To, "total", Totals!)))
        {
            var s = b.Stats;
            csv.AppendJoin(',', [
                b.Label == "total" ? "total" : b.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.To.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                I(s.Runs), I(s.Completed), I(s.Failed), I(s.Cancelled), I(s.UnitsSuccessful), I(s.UnitsFailed), D(s.UnitSuccessRatePercent), D(s.AverageVariancePercent),
                D(s.MaterialUsedGrams), D(s.WasteGrams), D(s.ReprintRatePercent), I(s.RatedRuns), D(s.AverageQuality)]).Append('\n');
        }

        var name = $"batchivo-statistics-{Buckets[0].From:yyyy-MM-dd}-{Buckets[^1].To.AddDays(-1):yyyy-MM-dd}.csv";
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", name);

        static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
        static string D(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>This page's address with the same filter and another handler (the CSV).</summary>
    public string Link(string? handler = null) =>
        "/statistics" + QueryString.Create(new Dictionary<string, string?> { ["handler"] = handler, ["from"] = From, ["to"] = To, ["printer"] = Printer, ["product"] = Product }
            .Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        ViewData["Title"] = "Statistics";
        var printers = await catalog.ListPrintersAsync(cancellationToken);
        var products = await catalog.ListProductsAsync(cancellationToken);
        Printers = [.. printers.Select(p => p.Name)];
        Products = [.. products.Select(p => p.Sku)];

        var today = time.GetUtcNow().UtcDateTime.Date;
        var to = Day(To, "To") ?? today;
        var from = Day(From, "From") ?? to.AddDays(-(((int)to.DayOfWeek + 6) % 7) - (7 * (DefaultWeeks - 1)));
        FilterProblem ??= from > to ? $"The period starts ({From}) after it ends ({To}). Give a start on or before the end." : null;
        var printer = string.IsNullOrEmpty(Printer) ? null : printers.FirstOrDefault(p => string.Equals(p.Name, Printer, StringComparison.OrdinalIgnoreCase));
        FilterProblem ??= !string.IsNullOrEmpty(Printer) && printer is null ? $"There is no printer '{Printer}'." : null;
        var product = string.IsNullOrEmpty(Product) ? null : products.FirstOrDefault(p => string.Equals(p.Sku, Product, StringComparison.OrdinalIgnoreCase));
        FilterProblem ??= !string.IsNullOrEmpty(Product) && product is null ? $"There is no product '{Product}'." : null;
        var periods = FilterProblem is null ? Periods(from, to.AddDays(1)) : [];
        if (FilterProblem is not null)
        {
            return;
        }

        From = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var whole = new StatisticsQuery(Utc(periods[0].From), Utc(periods[^1].To), printer?.Id, product?.Id, Top: 10);
        Totals = Shapes.Stats(await analytics.GetStatisticsAsync(whole, cancellationToken), printer?.Name, product?.Sku);
        var buckets = new List<StatisticsBucket>(periods.Count);
        foreach (var (start, end) in periods)
        {
            var stats = await analytics.GetStatisticsAsync(whole with { From = Utc(start), To = Utc(end), Top = 1 }, cancellationToken);
            buckets.Add(new StatisticsBucket(Utc(start), Utc(end), start.ToString(Weekly ? "d MMM" : "MMM yyyy", CultureInfo.CurrentCulture), Shapes.Stats(stats, printer?.Name, product?.Sku)));
        }

        Buckets = buckets;
        Outliers = await analytics.GetOutliersAsync(whole, cancellationToken: cancellationToken);
    }

    // Weeks from Monday (the first one from the period's first day), or calendar months over a longer period.
    private List<(DateTime From, DateTime To)> Periods(DateTime from, DateTime end)
    {
        var periods = new List<(DateTime, DateTime)>();
        Weekly = (end - from).TotalDays <= MaxWeeks * 7;
        if (Weekly)
        {
            for (var start = from; start < end; start = start.AddDays(7 - (((int)start.DayOfWeek + 6) % 7)))
            {
                var next = start.AddDays(7 - (((int)start.DayOfWeek + 6) % 7));
                periods.Add((start, next < end ? next : end));
            }

            return periods;
        }

        for (var start = from; start < end;)
        {
            var next = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            periods.Add((start, next < end ? next : end));
            start = next;
            if (periods.Count > MaxMonths)
            {
                FilterProblem = $"The period is longer than {MaxMonths} months. Choose a shorter one, or export each part as CSV.";
                return [];
            }
        }

        return periods;
    }

    private DateTime? Day(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var read = InputValues.TryParseInstant(text.Trim());
        if (!read.Success)
        {
            FilterProblem ??= $"{field}: {read.Error}";
            return null;
        }

        return read.Value.UtcDateTime.Date;
    }

    private static DateTimeOffset Utc(DateTime day) => new(DateTime.SpecifyKind(day, DateTimeKind.Utc));
}
