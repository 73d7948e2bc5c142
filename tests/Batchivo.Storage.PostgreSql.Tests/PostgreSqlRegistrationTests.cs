using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.PostgreSql;
using Batchivo.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Batchivo.TestSupport;

namespace Batchivo.Storage.PostgreSql.Tests;

/// <summary>The plugin registered in code (<c>UsePostgreSqlStore</c>) serves the host's ProductionService.</summary>
public sealed class PostgreSqlRegistrationTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    [Fact]
    public async Task UsePostgreSqlStore_gives_the_host_a_postgresql_store()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo().UsePostgreSqlStore(server.ConnectionString);
        Assert.Contains(((Batchivo.Hosting.BatchivoBuilder)builder).Diagnostics.Loaded, p => p.Name == "Batchivo.Storage.PostgreSql");

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var store = Assert.IsType<EfProductionStore>(provider.GetRequiredService<IProductionStore>());
        Assert.IsType<PostgreSqlStoreProvider>(store.Provider);
        var production = provider.GetRequiredService<ProductionService>();
        await production.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S");
        var run = await production.Runs.CreateRunAsync("P1S-1");

        var reopened = PostgreSqlStorePlugin.CreateStore(server.ConnectionString);
        Assert.Equal(run.Id, (await reopened.FindRunByNumberAsync(run.Number))!.Id);
    }

    [Fact]
    public async Task The_plugin_loads_from_its_folder_and_stores_in_the_database()
    {
        var pluginsDirectory = Path.Combine(AppContext.BaseDirectory, "store-plugins");
        var database = await server.CreateDatabaseAsync();
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(pluginsDirectory));
        builder.UseStore(new Batchivo.Plugins.StoreSettings("postgresql", PluginSettings.Of(new Dictionary<string, string?> { ["connectionstring"] = database })));
        var loaded = Assert.Single(builder.Diagnostics.Loaded, p => p.Name == "Batchivo.Storage.PostgreSql");
        Assert.Equal(Path.Combine(pluginsDirectory, "Batchivo.Storage.PostgreSql", "Batchivo.Storage.PostgreSql.dll"), loaded.File);
        Assert.Equal(["store:postgresql"], loaded.Provides);
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IProductionStore>();
            Assert.NotEqual(typeof(EfProductionStore).Assembly, store.GetType().Assembly);
            var production = provider.GetRequiredService<ProductionService>();
            await production.Catalog.AddPrinterAsync("X1C", "Bambu X1C", 4);
            await production.Runs.CreateRunAsync("X1C", TimeSpan.FromHours(1), "through the plugin folder");
        }

        Assert.Equal("through the plugin folder", (await PostgreSqlStorePlugin.CreateStore(database).FindRunByNumberAsync(1))!.Notes);
    }

    [Fact]
    public void The_provider_without_a_connection_string_is_refused_with_what_to_set()
    {
        var services = new ServiceCollection();
        services.AddBatchivo().UseStore(new Batchivo.Plugins.StoreSettings("postgresql", PluginSettings.Of(new Dictionary<string, string?>()))).AddPlugin(new PostgreSqlStorePlugin());
        using var provider = services.BuildServiceProvider();
        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IProductionStore>());
        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
