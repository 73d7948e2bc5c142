using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.PostgreSql;
using Batchivo.Testing.Storage;
using Batchivo.TestSupport;

namespace Batchivo.Storage.PostgreSql.Tests;

/// <summary>The store conformance kit on a real PostgreSQL server, a fresh database per test.</summary>
public sealed class PostgreSqlConformanceTests(PostgreSqlServer server) : ProductionStoreConformanceTests, IClassFixture<PostgreSqlServer>
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    protected override async Task<IProductionStore> CreateStoreAsync() =>
        PostgreSqlStorePlugin.CreateStore(await server.CreateDatabaseAsync());

    protected override Task<IProductionStore> ReopenAsync(IProductionStore store)
    {
        var provider = Assert.IsType<PostgreSqlStoreProvider>(Assert.IsType<EfProductionStore>(store).Provider);
        return Task.FromResult<IProductionStore>(new EfProductionStore(new PostgreSqlStoreProvider(provider.ConnectionString)));
    }
}
