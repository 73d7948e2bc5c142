using Batchivo.Hosting;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Storage.Sqlite.Tests;

/// <summary>The SQLite store plugin loads from the real plugin folder the build produced, and works as a package reference too.</summary>
public sealed class SqlitePluginTests : IDisposable
{
    private static readonly string PluginsDirectory = Path.Combine(AppContext.BaseDirectory, "store-plugins");
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_sqlite_plugin_loads_from_its_folder_and_stores_in_the_file()
    {
        var path = _folder.File("plugin.db");
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(PluginsDirectory));
        builder.UseStore(new StoreSettings("sqlite", PluginSettings.Of(new Dictionary<string, string?> { ["path"] = path })));
        var loaded = Assert.Single(builder.Diagnostics.Loaded, p => p.Name == "Batchivo.Storage.Sqlite");
        Assert.Equal(Path.Combine(PluginsDirectory, "Batchivo.Storage.Sqlite", "Batchivo.Storage.Sqlite.dll"), loaded.File);
        Assert.Equal(["store:sqlite"], loaded.Provides);

        // The host provides Batchivo.Core; the folder carries no copy of it (its package still depends on it).
        Assert.False(File.Exists(Path.Combine(PluginsDirectory, "Batchivo.Storage.Sqlite", "Batchivo.Core.dll")), "The plugin folder carries its own Batchivo.Core.dll.");
        Assert.Empty(builder.Diagnostics.Refused);
        await using (var provider = services.BuildServiceProvider())
        {
            var production = provider.GetRequiredService<ProductionService>();
            await production.Catalog.AddPrinterAsync("X1C", "Bambu X1C", 4);
            var run = await production.Runs.CreateRunAsync("X1C", TimeSpan.FromHours(1), "through the plugin");
            var store = provider.GetRequiredService<IProductionStore>();
            // Loaded in the plugin's own context: same contract, different copy of the EF store type.
            Assert.NotEqual(typeof(EfProductionStore).Assembly, store.GetType().Assembly);
            Assert.IsAssignableFrom<IStatisticsStore>(store);
            Assert.Equal(1, (await production.Analytics.GetStatisticsAsync()).RunsByStatus.Draft);
            Assert.Equal(run.Id, (await production.Runs.GetRunAsync(run.Number)).Id);
        }

        // The file holds it: read back by the store referenced as a package.
        var direct = new EfProductionStore(Batchivo.Storage.Sqlite.SqliteStoreProvider.ForFile(path));
        Assert.Equal("through the plugin", (await direct.FindRunByNumberAsync(1))!.Notes);
        Assert.Equal("X1C", (await direct.FindPrinterByNameAsync("x1c"))!.Name);
    }

    [Fact]
    public async Task UseSqliteStore_registers_the_store_in_code()
    {
        var path = _folder.File("code.db");
        var services = new ServiceCollection();
        services.AddBatchivo().UseSqliteStore(path);
        await using var provider = services.BuildServiceProvider();
        var production = provider.GetRequiredService<ProductionService>();
        await production.Catalog.AddPrinterAsync("X1C", "Bambu X1C", 4);
        Assert.IsType<EfProductionStore>(provider.GetRequiredService<IProductionStore>());
        Assert.Equal("X1C", (await new EfProductionStore(Batchivo.Storage.Sqlite.SqliteStoreProvider.ForFile(path)).ListPrintersAsync()).Single().Name);
    }

    [Fact]
    public async Task AddSqliteStore_registers_the_provider_once_for_the_configuration_to_select()
    {
        var path = _folder.File("configured.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Batchivo:Store:Provider"] = "sqlite",
            ["Batchivo:Store:Settings:Path"] = path,
        }).Build();
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(configuration);

        // Called twice, and once more by UseSqliteStore: one plugin, nothing refused as a duplicate.
        builder.AddSqliteStore().AddSqliteStore();
        builder.UseSqliteStore(path);

        var loaded = Assert.Single(builder.Diagnostics.Loaded);
        Assert.Equal("Batchivo.Storage.Sqlite", loaded.Name);
        Assert.Empty(builder.Diagnostics.Refused);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ProductionService>().Catalog.AddPrinterAsync("X1C", "Bambu X1C", 4);
        Assert.Equal("X1C", (await new EfProductionStore(Batchivo.Storage.Sqlite.SqliteStoreProvider.ForFile(path)).ListPrintersAsync()).Single().Name);
    }

    public void Dispose() => _folder.Dispose();
}
