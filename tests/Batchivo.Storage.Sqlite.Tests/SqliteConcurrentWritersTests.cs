using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Batchivo.TestSupport;
using Xunit.Abstractions;

namespace Batchivo.Storage.Sqlite.Tests;

/// <summary>The eight writers on a real SQLite file (WAL).</summary>
public sealed class SqliteConcurrentWritersTests(ITestOutputHelper output) : ConcurrentWritersTests(output), IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("batchivo-concurrency-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override async Task<IProductionStore> CreateStoreAsync()
    {
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(Path.Combine(_directory, "batchivo.db")));
        await store.InitializeAsync();
        return store;
    }
}
