using Batchivo.Storage.PostgreSql;
using Batchivo.TestSupport;
using Batchivo.Testing.Storage;
using Xunit.Abstractions;

namespace Batchivo.Storage.PostgreSql.Tests;

/// <summary>The eight writers on a real PostgreSQL server.</summary>
public sealed class PostgreSqlConcurrentWritersTests(PostgreSqlServer server, ITestOutputHelper output) : ConcurrentWritersTests(output), IClassFixture<PostgreSqlServer>
{
    protected override async Task<IProductionStore> CreateStoreAsync()
    {
        var store = PostgreSqlStorePlugin.CreateStore(await server.CreateDatabaseAsync());
        await store.InitializeAsync();
        return store;
    }
}
