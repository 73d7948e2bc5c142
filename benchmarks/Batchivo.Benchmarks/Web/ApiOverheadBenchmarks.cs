using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Batchivo.Benchmarks.Storage;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Samples.Contracts;
using Batchivo.Samples.Web;
using Batchivo.TestSupport;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Benchmarks.Web;

/// <summary>
/// The web host's API against the same calls made in process through the Core services, on the same store, in the
/// same run: reading a run, and weighing a spool after printing then completing the run. 1, 16 and 64 clients at once
/// over loopback (a real Kestrel, the real plugin folders, an API key), on SQLite and on PostgreSQL.
/// </summary>
/// <remarks>
/// <para>Each invocation makes <see cref="OperationsPerInvocation"/> operations shared out among the clients, so the
/// median is the time per operation at that concurrency (ops/s is its inverse). The p50 and p99 columns are the
/// latencies of the single operations of the measured iterations; errors counts failed operations (an HTTP error
/// status or an exception), "database is locked" included.</para>
/// <para>Write operations need runs in progress: each iteration's setup prepares one per operation (each on a printer
/// of its own, as a printer prints one plate at a time).</para>
/// <para>Targets (issue 14): HTTP at most 1.3x in process with 1 client; with 64 clients on PostgreSQL, no error and
/// p99 under 50 ms; on SQLite, no "database is locked" reaching a client.</para>
/// </remarks>
[Config(typeof(ApiOverheadConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ApiOverheadBenchmarks : IDisposable
{
    /// <summary>Operations per invocation, shared out among the clients.</summary>
    public const int OperationsPerInvocation = 128;

    private const string Read = "read a run";
    private const string Write = "weigh after + complete";
    private static readonly ConcurrentDictionary<string, Measured> Results = new(StringComparer.Ordinal);

    private readonly List<List<double>> _iterations = [];
    private ConcurrentBag<double> _latencies = [];
    private int _errors;
    private int[] _prepared = [];
    private int _printers;
    private string _folder = null!;
    private PostgreSqlServer? _server;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private RunService _runs = null!;
    private WeighingService _weighing = null!;
    private CatalogService _catalog = null!;
    private int _readNumber;
    private string? _method;

    /// <summary>The database.</summary>
    [Params(StoreDatabase.Sqlite, StoreDatabase.PostgreSql)]
    public StoreDatabase Database { get; set; }

    /// <summary>Clients calling at once.</summary>
    [Params(1, 16, 64)]
    public int Clients { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        // The measured iterations are the last ones (after the jitting and warm-up ones).
        var measured = _iterations.TakeLast(ApiOverheadConfig.Iterations).SelectMany(i => i).Order().ToList();
        Results[Key(_method!, Database, Clients)] = new Measured(Percentile(measured, 0.50), Percentile(measured, 0.99), _errors);
        _http.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server?.DisposeAsync().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    public void Dispose()
    {
        _http?.Dispose();
        GC.SuppressFinalize(this);
    }

    [IterationSetup(Targets = [nameof(InProcessWeighAfterAndComplete), nameof(HttpWeighAfterAndComplete)])]
    public void PrepareRuns()
    {
        PrepareRunsAsync().GetAwaiter().GetResult();
        StartIteration();
    }

    [IterationSetup(Targets = [nameof(InProcessReadRun), nameof(HttpReadRun), nameof(HttpFloor)])]
    public void StartIteration()
    {
        _latencies = [];
    }

    [IterationCleanup]
    public void EndIteration() => _iterations.Add([.. _latencies]);

    /// <summary>In process: <c>RunService.GetRunAsync</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = OperationsPerInvocation)]
    [BenchmarkCategory(Read)]
    public Task InProcessReadRun()
    {
        _method = nameof(InProcessReadRun);
        return RunClientsAsync(_ => _runs.GetRunAsync(_readNumber));
    }

    /// <summary>Over HTTP: <c>GET /api/runs/{number}</c>, the body read.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation)]
    [BenchmarkCategory(Read)]
    public Task HttpReadRun()
    {
        _method = nameof(HttpReadRun);
        return RunClientsAsync(async _ =>
        {
            using var response = await _http.GetAsync($"/api/runs/{_readNumber}");
            await Expect(response);
        });
    }

    /// <summary>The floor of any call over HTTP on this machine: <c>GET /health/live</c>, which does no work (no key, no store).</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation)]
    [BenchmarkCategory(Read)]
    public Task HttpFloor()
    {
        _method = nameof(HttpFloor);
        return RunClientsAsync(async _ =>
        {
            using var response = await _http.GetAsync("/health/live");
            await Expect(response);
        });
    }

    /// <summary>In process: <c>WeighingService.RecordWeightAfterAsync</c> then <c>RunService.CompleteAsync</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = OperationsPerInvocation)]
    [BenchmarkCategory(Write)]
    public Task InProcessWeighAfterAndComplete()
    {
        _method = nameof(InProcessWeighAfterAndComplete);
        return RunClientsAsync(i => WeighAfterAndCompleteInProcessAsync(_prepared[i]));
    }

    /// <summary>Over HTTP: <c>POST /api/runs/{number}/weights/after</c> then <c>POST /api/runs/{number}/complete</c>.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation)]
    [BenchmarkCategory(Write)]
    public Task HttpWeighAfterAndComplete()
    {
        _method = nameof(HttpWeighAfterAndComplete);
        return RunClientsAsync(i => WeighAfterAndCompleteOverHttpAsync(_prepared[i]));
    }

    internal static string Key(string method, StoreDatabase database, int clients) => $"{method}|{database}|{clients}";

    internal static Measured? Find(string key) => Results.TryGetValue(key, out var m) ? m : null;

    private static async Task Expect(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }
    }

    private static string Spool(int run) => $"S-{run}";

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private async Task RunClientsAsync(Func<int, Task> operation)
    {
        var perClient = OperationsPerInvocation / Clients;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var k = 0; k < perClient; k++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(client * perClient + k);
                }
                catch (Exception e) when (e is BatchivoException or HttpRequestException)
                {
                    if (Interlocked.Increment(ref _errors) <= 3)
                    {
                        Console.WriteLine($"// error: {e.Message}");
                    }
                }

                _latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
    }

    private async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("batchivo-bench-web-").FullName;
        var keys = new ApiKeyFile(Path.Combine(_folder, "api-keys.json"));
        var key = keys.Add("bench", ApiScope.Write).Secret;
        var configuration = new Dictionary<string, string?>
        {
            ["Batchivo:Plugins:Directories:0"] = Path.Combine(AppContext.BaseDirectory, "web-plugins"),
            // No line per request: the console logger would measure the terminal (the host logs each request as shipped).
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning",
            [ApiKeyFile.PathSetting] = keys.FilePath,
        };
        if (Database == StoreDatabase.Sqlite)
        {
            configuration["Batchivo:Store:Provider"] = "sqlite";
        }
        else
        {
            _server = new PostgreSqlServer();
            await _server.InitializeAsync();
            configuration["Batchivo:Store:Provider"] = "postgresql";
            configuration["Batchivo:Store:Settings:ConnectionString"] = _server.ConnectionString;
        }

        _app = WebApp.Create(["--urls", "http://127.0.0.1:0", "--db", Path.Combine(_folder, "shop.db")], b => b.Configuration.AddInMemoryCollection(configuration));
        await _app.StartAsync();
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 128 };
        _http = new HttpClient(handler) { BaseAddress = new Uri(_app.Urls.First()) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _runs = _app.Services.GetRequiredService<RunService>();
        _weighing = _app.Services.GetRequiredService<WeighingService>();
        _catalog = _app.Services.GetRequiredService<CatalogService>();

        await _catalog.AddProductAsync("STAND", "Phone Stand", [new BomLine(new MaterialSpec("PLA", "Black"), Mass.FromGrams(45), Mass.FromGrams(5))]);
        _readNumber = await PrepareRunAsync();
        await _weighing.RecordWeightAfterAsync(_readNumber, Spool(_readNumber), Mass.FromGrams(1061.5m));

        // Both ways store the same: one operation each, compared.
        _prepared = [await PrepareRunAsync(), await PrepareRunAsync()];
        await WeighAfterAndCompleteInProcessAsync(_prepared[0]);
        await WeighAfterAndCompleteOverHttpAsync(_prepared[1]);
        var a = await _runs.GetRunAsync(_prepared[0]);
        var b = await _runs.GetRunAsync(_prepared[1]);
        if (a.Status != RunStatus.Completed || b.Status != RunStatus.Completed || a.Totals.Actual != b.Totals.Actual || _errors != 0)
        {
            throw new InvalidOperationException($"The HTTP and in-process operations do not store the same: {a.Status} {a.Totals.Actual} vs {b.Status} {b.Totals.Actual}.");
        }

        var read = await _http.GetFromJsonAsync<RunJson>($"/api/runs/{_readNumber}", ContractJson.Options);
        if (read?.Number != _readNumber)
        {
            throw new InvalidOperationException("GET /api/runs did not answer the run.");
        }
    }

    private async Task WeighAfterAndCompleteInProcessAsync(int number)
    {
        await _weighing.RecordWeightAfterAsync(number, Spool(number), Mass.FromGrams(1061.5m));
        await _runs.CompleteAsync(number, new QualityRating(4));
    }

    private async Task WeighAfterAndCompleteOverHttpAsync(int number)
    {
        using (var weighed = await _http.PostAsJsonAsync($"/api/runs/{number}/weights/after", new { spool = Spool(number), grams = 1061.5m }))
        {
            await Expect(weighed);
        }

        using var completed = await _http.PostAsJsonAsync($"/api/runs/{number}/complete", new { quality = 4 });
        await Expect(completed);
    }

    private async Task PrepareRunsAsync()
    {
        var numbers = new int[OperationsPerInvocation];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = await PrepareRunAsync();
        }

        _prepared = numbers;
    }

    /// <summary>A run in progress with one product and one spool weighed before, its outcome recorded: only the weighing after and the completion are left.</summary>
    private async Task<int> PrepareRunAsync()
    {
        var printer = $"P1S-{++_printers}";
        await _catalog.AddPrinterAsync(printer, "Bambu P1S", 4);
        var run = await _runs.CreateRunAsync(printer, TimeSpan.FromHours(4));
        var spool = Spool(run.Number);
        await _catalog.AddSpoolAsync(new NewSpool(spool, new Material(new MaterialSpec("PLA", "Black")), Mass.FromGrams(1000), new Money(25m, "EUR"), Mass.FromGrams(250), GrossWeight: Mass.FromGrams(1250)));
        await _runs.AddProductToRunAsync(run.Number, "STAND", 3);
        await _runs.AssignSpoolAsync(run.Number, spool);
        await _weighing.RecordWeightBeforeAsync(run.Number, spool, Mass.FromGrams(1250));
        await _runs.StartAsync(run.Number);
        await _runs.RecordOutcomeAsync(run.Number, "STAND", 3, 0);
        return run.Number;
    }

    /// <summary>The latencies and errors of one benchmark case's measured iterations.</summary>
    internal sealed record Measured(double P50, double P99, int Errors);
}

/// <summary>In process (the setup starts a web host and database servers), one invocation per iteration (writes need runs prepared).</summary>
internal sealed class ApiOverheadConfig : StoreBenchmarkJob
{
    public const int Warmups = 3;

    public ApiOverheadConfig()
        : base(RunStrategy.Monitoring, Warmups, IterationsWanted)
    {
        AddColumn(new MeasuredColumn("p50 ms", m => m.P50.ToString("0.00", CultureInfo.InvariantCulture)));
        AddColumn(new MeasuredColumn("p99 ms", m => m.P99.ToString("0.00", CultureInfo.InvariantCulture)));
        AddColumn(new MeasuredColumn("errors", m => m.Errors.ToString(CultureInfo.InvariantCulture)));
        AddColumn(new OpsPerSecondColumn());
    }

    /// <summary>Measured iterations per case (1 for a dry run).</summary>
    public static int Iterations => Environment.GetEnvironmentVariable("BATCHIVO_BENCH_DRY") == "1" ? 1 : IterationsWanted;

    private const int IterationsWanted = 8;
}

/// <summary>A figure of <see cref="ApiOverheadBenchmarks.Measured"/> as a summary column.</summary>
internal sealed class MeasuredColumn(string name, Func<ApiOverheadBenchmarks.Measured, string> format) : IColumn
{
    public string Id => "Batchivo." + ColumnName;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => name switch
    {
        "errors" => "Operations that failed (error status or exception) in the measured iterations",
        _ => $"Latency of one operation, {name[..3]} over the measured iterations",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        ApiOverheadBenchmarks.Find(ApiOverheadBenchmarks.Key(
            benchmarkCase.Descriptor.WorkloadMethod.Name,
            (StoreDatabase)benchmarkCase.Parameters["Database"],
            (int)benchmarkCase.Parameters["Clients"])) is { } measured ? format(measured) : "-";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>Operations per second: the inverse of the median time per operation.</summary>
internal sealed class OpsPerSecondColumn : IColumn
{
    public string Id => "Batchivo.OpsPerSecond";

    public string ColumnName => "ops/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Operations per second at that concurrency: 1 / median";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { } s ? (1e9 / s.Median).ToString("0", CultureInfo.InvariantCulture) : "-";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
