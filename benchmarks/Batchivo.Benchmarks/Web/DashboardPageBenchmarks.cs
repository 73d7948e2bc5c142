using System.Net;
using System.Text.RegularExpressions;
using Batchivo.Benchmarks.Storage;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Samples.Contracts;
using Batchivo.Samples.Web;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Benchmarks.Web;

/// <summary>
/// The dashboard's pages over a SQLite database of 100,000 runs (3 items each; a busy farm's three years, about 90
/// runs a day, up to today), each fetched whole by a signed-in browser's client over loopback from a real Kestrel: the
/// runs list (first page and a page 50,000 runs in), a run page and its report, the statistics of the default twelve
/// weeks (about 7,700 runs: twelve weekly aggregates, the totals and the outliers) and of all three years (monthly),
/// the spools and a spool page with 200 ledger entries. The baseline is the HTTP floor, <c>GET /health/live</c>,
/// so the time above it is the page's own server time.
/// </summary>
/// <remarks>Target (issue 15): every page under 100 ms.</remarks>
[Config(typeof(DashboardPageConfig))]
public partial class DashboardPageBenchmarks : IDisposable
{
    private const int Runs = 100_000;
    private const int LedgerEntries = 200;

    private static readonly DateTimeOffset Today = new(DateTime.UtcNow.Date, TimeSpan.Zero);
    private static readonly DateTimeOffset Origin = Today.AddDays(-3 * 365);
    private static readonly string AllYears = $"/statistics?from={Origin:yyyy-MM-dd}&to={Today:yyyy-MM-dd}";

    private static readonly Batchivo.Statistics.StatisticsQuery TwelveWeeks = new(Today.AddDays(-(((int)Today.DayOfWeek + 6) % 7) - 77), Today.AddDays(-(((int)Today.DayOfWeek + 6) % 7) + 7), Top: 10);

    private AnalyticsService _analytics = null!;
    private string _folder = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    public void Dispose()
    {
        _http?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The floor of any page over HTTP: a call that does no work.</summary>
    [Benchmark(Baseline = true)]
    public Task<string> HttpFloor() => GetAsync("/health/live");

    /// <summary>The runs list, first page.</summary>
    [Benchmark]
    public Task<string> RunsList() => GetAsync("/runs");

    /// <summary>The runs list 50,000 runs in.</summary>
    [Benchmark]
    public Task<string> RunsListDeep() => GetAsync("/runs?p=2000");

    /// <summary>A run's page with its workflow.</summary>
    [Benchmark]
    public Task<string> RunPage() => GetAsync("/runs/50000");

    /// <summary>A run's report.</summary>
    [Benchmark]
    public Task<string> ReportPage() => GetAsync("/runs/50000/report");

    /// <summary>The statistics page as it opens: the last twelve weeks, by week, with the outliers.</summary>
    [Benchmark]
    public Task<string> StatisticsPage() => GetAsync("/statistics");

    /// <summary>The statistics of all 100,000 runs, by month, with the outliers.</summary>
    [Benchmark]
    public Task<string> StatisticsAllYears() => GetAsync(AllYears);

    /// <summary>The statistics page's parts, in process: the totals of the twelve weeks (one store aggregate).</summary>
    [Benchmark]
    [BenchmarkCategory("parts")]
    public Task<Batchivo.Statistics.ProductionStatistics> PartTotals() => _analytics.GetStatisticsAsync(TwelveWeeks);

    /// <summary>The statistics page's parts, in process: the twelve weekly aggregates of the series.</summary>
    [Benchmark]
    [BenchmarkCategory("parts")]
    public async Task<int> PartWeeklySeries()
    {
        var runs = 0;
        for (var week = 0; week < 12; week++)
        {
            var from = TwelveWeeks.From!.Value.AddDays(7 * week);
            runs += (await _analytics.GetStatisticsAsync(TwelveWeeks with { From = from, To = from.AddDays(7), Top = 1 })).RunsByStatus.Total;
        }

        return runs;
    }

    /// <summary>The statistics page's parts, in process: the outliers of the twelve weeks (the store's variance samples).</summary>
    [Benchmark]
    [BenchmarkCategory("parts")]
    public Task<IReadOnlyList<Batchivo.Statistics.VarianceOutlier>> PartOutliers() => _analytics.GetOutliersAsync(TwelveWeeks);

    /// <summary>The spools list.</summary>
    [Benchmark]
    public Task<string> SpoolsList() => GetAsync("/spools");

    /// <summary>A spool's page: ledger table and weight chart.</summary>
    [Benchmark]
    public Task<string> SpoolPage() => GetAsync("/spools/PLA-001");

    private async Task<string> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? body : throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
    }

    private async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("batchivo-bench-dashboard-").FullName;
        var file = Path.Combine(Path.GetTempPath(), $"batchivo-bench-dashboard-{Runs}-{Origin:yyyyMMdd}.db");
        await using (var database = await BenchmarkDatabase.CreateAsync(StoreDatabase.Sqlite, file))
        await using (var connection = await database.OpenAsync())
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM \"Runs\"";
            if (Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) != Runs)
            {
                await StorageStatisticsBenchmarks.SeedAsync(connection, Runs, Origin, (Today - Origin) / Runs);
            }

            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        var keys = new ApiKeyFile(Path.Combine(_folder, "api-keys.json"));
        var key = keys.Add("bench", ApiScope.Write).Secret;
        var configuration = new Dictionary<string, string?>
        {
            ["Batchivo:Plugins:Directories:0"] = Path.Combine(AppContext.BaseDirectory, "web-plugins"),
            ["Batchivo:Store:Provider"] = "sqlite",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning",
            [ApiKeyFile.PathSetting] = keys.FilePath,
        };
        _app = WebApp.Create(["--urls", "http://127.0.0.1:0", "--db", file], b => b.Configuration.AddInMemoryCollection(configuration));
        await _app.StartAsync();

        _analytics = _app.Services.GetRequiredService<AnalyticsService>();

        // The catalog the pages list: printers, products, and a spool weighed often.
        var catalog = _app.Services.GetRequiredService<CatalogService>();
        if ((await catalog.ListPrintersAsync()).Count == 0)
        {
            for (var p = 1; p <= 3; p++)
            {
                await catalog.AddPrinterAsync($"Printer-{p}", "Bambu P1S", 4);
            }

            await catalog.AddProductAsync("STAND", "Phone Stand", [new BomLine(new MaterialSpec("PLA", "Black"), Mass.FromGrams(45), Mass.FromGrams(5))]);
            await catalog.AddSpoolAsync(new NewSpool("PLA-001", new Material(new MaterialSpec("PLA", "Black"), "Bambu Lab", "#000000"), Mass.FromGrams(1000), new Money(25m, "USD"), Mass.FromGrams(250)));
            for (var i = 0; i < LedgerEntries; i++)
            {
                await catalog.WeighSpoolAsync("PLA-001", Mass.FromGrams(1250 - (i * 4)));
            }
        }

        // Signed in as a browser is: the sign-in form (with its antiforgery token), then the cookie.
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.Urls.First()) };
        var form = await _http.GetStringAsync("/signin");
        var token = TokenField().Match(form).Groups[1].Value;
        using var signIn = await _http.PostAsync("/signin", new FormUrlEncodedContent([new("key", key), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]));
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in answered {(int)signIn.StatusCode}.");
        }

        foreach (var page in new[] { "/runs", "/runs/50000", "/statistics", AllYears, "/spools/PLA-001" })
        {
            var html = await GetAsync(page);
            Console.WriteLine($"// {page}: {html.Length:N0} characters");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

/// <summary>Pages of tens of milliseconds: a few warm-ups, ten measured iterations.</summary>
internal sealed class DashboardPageConfig : StoreBenchmarkJob
{
    public DashboardPageConfig()
        : base(RunStrategy.Throughput, warmups: 3, iterations: 10)
    {
    }
}
