using Batchivo.Storage.PostgreSql;
using Batchivo.Testing.Storage;
using Xunit.Abstractions;
using Batchivo.TestSupport;

namespace Batchivo.Storage.Tests.Concurrency;

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
