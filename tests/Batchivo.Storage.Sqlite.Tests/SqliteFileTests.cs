using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Batchivo.Storage.Sqlite.Tests;

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
    public async Task A_database_of_schema_1_keeps_its_data_on_open_and_its_next_commit_is_in_the_change_log()
    {
        // A file as the previous version left it: the first migration only, with a printer in it.
        var path = _folder.File("schema1.db");
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        await using (var db = store.CreateDbContext())
        {
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
        }

        await ScalarAsync(path, "INSERT INTO Printers (Id, Name, NameKey, Model, MaterialSlots, Version) VALUES ('0F8FAD5B-D9CB-469F-A165-70867728950E', 'P1S-1', 'P1S-1', 'Bambu P1S', 4, 3);");
        Assert.Equal("1", await ScalarAsync(path, "SELECT Version FROM BatchivoSchema;"));
        Assert.Null(await ScalarAsync(path, "SELECT name FROM sqlite_master WHERE name = 'Changes';"));

        var reopened = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        var service = new Batchivo.Production.ProductionService(reopened);
        var edited = await service.Catalog.EditPrinterAsync("P1S-1", new Batchivo.Catalog.PrinterEdit(MaterialSlots: 1));

        Assert.Equal(4, edited.Version);
        Assert.Equal(BatchivoDbContext.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(path, "SELECT Version FROM BatchivoSchema;"));
        var change = Assert.Single(await reopened.ReadChangesAsync(0, 10));
        Assert.Equal(new StoreChange(1, StoreEntity.Printer, "P1S-1", 4, StoreChangeKind.Changed), change);
    }

    [Fact]
    public async Task The_history_read_at_start_up_is_what_EF_Core_reads()
    {
        // A migrated file, a file of another application, and a file with a history but none of Batchivo's migrations.
        var migrated = _folder.File("migrated.db");
        await new EfProductionStore(SqliteStoreProvider.ForFile(migrated)).InitializeAsync();
        var foreign = _folder.File("foreign.db");
        await ScalarAsync(foreign, "CREATE TABLE Customers (Id INTEGER PRIMARY KEY);");
        var other = _folder.File("other.db");
        await ScalarAsync(other, "CREATE TABLE \"__EFMigrationsHistory\" (\"MigrationId\" TEXT PRIMARY KEY, \"ProductVersion\" TEXT); INSERT INTO \"__EFMigrationsHistory\" VALUES ('20990101000000_B', '10.0'), ('20990101000000_A', '10.0');");

        foreach (var path in new[] { migrated, foreign, other })
        {
            await using var db = new EfProductionStore(SqliteStoreProvider.ForFile(path)).CreateDbContext();
            await db.Database.OpenConnectionAsync();
            var expected = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            Assert.Equal(expected, await HistoryReader.ReadAsync(db));
        }

        await using var check = new EfProductionStore(SqliteStoreProvider.ForFile(migrated)).CreateDbContext();
        Assert.NotEmpty(await HistoryReader.ReadAsync(check));
        await using var check2 = new EfProductionStore(SqliteStoreProvider.ForFile(other)).CreateDbContext();
        Assert.Equal(["20990101000000_A", "20990101000000_B"], await HistoryReader.ReadAsync(check2));
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

/// <summary>Calls the provider's history reader the SQLite provider starts with.</summary>
internal sealed class HistoryReader : EfStoreProvider
{
    public override string Description => "history reader";

    public static async Task<IReadOnlyList<string>> ReadAsync(BatchivoDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        return await ReadMigrationHistoryAsync(db, CancellationToken.None);
    }

    public override void ConfigureDbContext(DbContextOptionsBuilder builder) => throw new NotSupportedException();
}
