using System.Data.Common;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.PostgreSql;
using Batchivo.Storage.Sqlite;
using Batchivo.Testing.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using Batchivo.TestSupport;

namespace Batchivo.Benchmarks.Storage;

/// <summary>The databases the storage benchmarks run on.</summary>
public enum StoreDatabase
{
    /// <summary>A SQLite file (WAL) in the temp directory.</summary>
    Sqlite,

    /// <summary>A throwaway PostgreSQL cluster (or BATCHIVO_TEST_POSTGRES), through the test fixture.</summary>
    PostgreSql,
}

/// <summary>A fresh database of one kind, its EF Core store and plain ADO.NET connections to the same data.</summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly PostgreSqlServer? _server;
    private readonly string? _directory;

    private BenchmarkDatabase(StoreDatabase kind, EfProductionStore store, string connectionString, PostgreSqlServer? server, string? directory)
    {
        Kind = kind;
        Store = store;
        ConnectionString = connectionString;
        _server = server;
        _directory = directory;
    }

    public StoreDatabase Kind { get; }

    public EfProductionStore Store { get; }

    public string ConnectionString { get; }

    public static async Task<BenchmarkDatabase> CreateAsync(StoreDatabase kind, string? sqliteFile = null)
    {
        EfProductionStore store;
        BenchmarkDatabase database;
        if (kind == StoreDatabase.Sqlite)
        {
            var directory = sqliteFile is null ? Directory.CreateTempSubdirectory("batchivo-bench-").FullName : null;
            var path = sqliteFile ?? Path.Combine(directory!, "batchivo.db");
            var provider = SqliteStoreProvider.ForFile(path);
            store = new EfProductionStore(provider);
            database = new BenchmarkDatabase(kind, store, provider.ConnectionString, null, directory);
        }
        else
        {
            var server = new PostgreSqlServer();
            await server.InitializeAsync();
            var connectionString = server.ConnectionString;
            store = PostgreSqlStorePlugin.CreateStore(connectionString);
            database = new BenchmarkDatabase(kind, store, connectionString, server, null);
        }

        await store.InitializeAsync();
        return database;
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Kind == StoreDatabase.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
