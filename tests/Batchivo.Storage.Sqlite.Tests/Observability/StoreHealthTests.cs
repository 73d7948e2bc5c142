using Batchivo.Hosting.Health;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Batchivo.Storage.Sqlite.Tests.Observability;

/// <summary>The store health check on real files: a database that reads is healthy, a file that is no database is not.</summary>
public sealed class StoreHealthTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_store_that_reads_is_healthy()
    {
        var report = await CheckAsync(_folder.File("good.db"));

        var entry = report.Entries[BatchivoHealthCheckOptions.StoreCheckName];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains(BatchivoHealthCheckOptions.Tag, entry.Tags);
        Assert.Equal(HealthStatus.Healthy, report.Status);
    }

    [Fact]
    public async Task A_store_file_that_cannot_be_read_as_a_database_is_unhealthy_and_says_why()
    {
        var path = _folder.File("garbage.db");
        await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);

        var report = await CheckAsync(path);

        var entry = report.Entries[BatchivoHealthCheckOptions.StoreCheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains(path, entry.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
    }

    private static async Task<HealthReport> CheckAsync(string path)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBatchivo(o => o.Plugins.Directories.Add(Path.Combine(AppContext.BaseDirectory, "store-plugins")))
            .UseStore(new StoreSettings("sqlite", PluginSettings.Of(new Dictionary<string, string?> { ["path"] = path })));
        // A generous limit: a busy machine may take seconds to create the database; this is not a timing test.
        services.AddHealthChecks().AddBatchivoChecks(o => o.StoreTimeout = TimeSpan.FromSeconds(60));
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }
}
