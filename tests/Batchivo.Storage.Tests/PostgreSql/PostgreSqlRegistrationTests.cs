using Batchivo.Production;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.PostgreSql;
using Batchivo.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Storage.Tests.PostgreSql;

/// <summary>The plugin registered in code (<c>UsePostgreSqlStore</c>) serves the host's ProductionService.</summary>
public sealed class PostgreSqlRegistrationTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    [PostgreSqlFact]
    public async Task UsePostgreSqlStore_gives_the_host_a_postgresql_store()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo().UsePostgreSqlStore(server.ConnectionString);
        Assert.Contains(((Batchivo.Hosting.BatchivoBuilder)builder).Diagnostics.Loaded, p => p.Name == "Batchivo.Storage.PostgreSql");

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var store = Assert.IsType<EfProductionStore>(provider.GetRequiredService<IProductionStore>());
        Assert.IsType<PostgreSqlStoreProvider>(store.Provider);
        var production = provider.GetRequiredService<ProductionService>();
        await production.AddPrinterAsync("P1S-1", "Bambu P1S");
        var run = await production.CreateRunAsync("P1S-1");

        var reopened = PostgreSqlStorePlugin.CreateStore(server.ConnectionString);
        Assert.Equal(run.Id, (await reopened.FindRunByNumberAsync(run.Number))!.Id);
    }

    [Fact]
    public void The_provider_without_a_connection_string_is_refused_with_what_to_set()
    {
        var services = new ServiceCollection();
        services.AddBatchivo().UseStore(new Batchivo.Plugins.StoreSettings("postgresql", new Dictionary<string, string?>())).AddPlugin(new PostgreSqlStorePlugin());
        using var provider = services.BuildServiceProvider();
        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IProductionStore>());
        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
