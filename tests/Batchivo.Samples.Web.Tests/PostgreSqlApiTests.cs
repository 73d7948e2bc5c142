using System.Net;
using Batchivo.Samples.Web.Tests.Support;
using Batchivo.TestSupport;

namespace Batchivo.Samples.Web.Tests;

/// <summary>The API on a real PostgreSQL server, chosen by configuration alone.</summary>
public sealed class PostgreSqlApiTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    [Fact]
    public async Task The_seed_run_over_http_on_postgresql_gives_the_pages_figures_and_writes_no_sqlite_file()
    {
        await using var host = await StartAsync();
        await Seed.CatalogAsync(host.Client);

        var number = await Seed.RunAsync(host.Client);

        var report = await (await host.Client.GetAsync($"/api/runs/{number}/report")).JsonAsync();
        Assert.Equal(185m, report.GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal(192m, report.GetProperty("actualGrams").GetDecimal());
        Assert.False(File.Exists(host.Database), "A SQLite file was written although the store is PostgreSQL.");
        var health = await (await host.Client.GetAsync("/health")).JsonAsync();
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Two_clients_on_postgresql_one_gets_412_and_a_broken_rule_stores_nothing()
    {
        await using var host = await StartAsync();
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        var tag = (await host.Client.GetAsync("/api/runs/1")).Headers.ETag!.Tag;
        using var other = host.NewClient();

        var first = await host.Client.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", grams = 850 }, tag);
        var second = await other.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", grams = 851 }, tag);
        var negative = await host.Client.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", grams = -1 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await second.ProblemAsync(412);
        await negative.ProblemAsync(422);
        var run = await (await host.Client.GetAsync("/api/runs/1")).JsonAsync();
        Assert.Equal(850m, run.GetProperty("spools")[0].GetProperty("weightBeforeGrams").GetDecimal());
    }

    [Fact]
    public async Task A_change_the_console_host_makes_on_the_same_postgresql_database_reaches_the_feed()
    {
        var database = await server.CreateDatabaseAsync();
        await using var host = await StartAsync(database);
        await Seed.CatalogAsync(host.Client);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var display = host.ClientWith(host.ReadKey);
        await using var feed = await EventStream.OpenAsync(display, bound.Token);
        Assert.Equal("ready", (await feed.NextAsync()).Kind);

        var console = new Dictionary<string, string> { ["BATCHIVO__STORE__PROVIDER"] = "postgresql", ["BATCHIVO__STORE__SETTINGS__CONNECTIONSTRING"] = database };
        await ConsoleProcess.RunAsync(console, "catalog", "spool", "adjust", "PLA-002", "--grams", "777", "--reason", "recount");

        var adjusted = (await feed.UntilAsync(e => e.Kind == "spool-ledger-entry")).Last();
        Assert.Equal("PLA-002", adjusted.Data.GetProperty("code").GetString());
        Assert.Equal(777m, adjusted.Data.GetProperty("grossGrams").GetDecimal());
    }

    private async Task<WebHost> StartAsync(string? database = null) =>
        await WebHost.StartAsync(("Batchivo:Store:Provider", "postgresql"), ("Batchivo:Store:Settings:ConnectionString", database ?? await server.CreateDatabaseAsync()));
}
