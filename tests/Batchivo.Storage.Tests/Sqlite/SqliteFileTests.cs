using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Batchivo.Storage.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Batchivo.Storage.Tests.Sqlite;

/// <summary>The database is one file in WAL mode, created with the EF migrations of the plugin and marked with the schema version.</summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task First_use_creates_the_file_with_every_migration_in_WAL_mode()
    {
        var path = _folder.File("new.db");
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        Assert.False(File.Exists(path));

        Assert.Equal(1, await store.ReserveRunNumberAsync());

        Assert.True(File.Exists(path));
        await using var db = store.CreateDbContext();
        var known = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(known);
        Assert.Equal(known, await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal("wal", await ScalarAsync(path, "PRAGMA journal_mode;"));
        Assert.Equal(BatchivoDbContext.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(path, "SELECT Version FROM BatchivoSchema;"));
    }

    [Fact]
    public async Task Opening_an_existing_database_keeps_its_data()
    {
        var path = _folder.File("kept.db");
        Assert.Equal(1, await new EfProductionStore(SqliteStoreProvider.ForFile(path)).ReserveRunNumberAsync());
        Assert.Equal(2, await new EfProductionStore(SqliteStoreProvider.ForFile(path)).ReserveRunNumberAsync());
        Assert.Equal(3, await new EfProductionStore(SqliteStoreProvider.ForConnectionString($"Data Source={path}")).ReserveRunNumberAsync());
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<string?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
