using Batchivo.Plugins;
using System.Data.Common;
using System.Diagnostics;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Batchivo.Storage.Sqlite.Tests;

/// <summary>
/// Damaged files are refused on open and left byte-identical; only regular files are opened; a missing file is
/// created only when the store may; the environment's failures (full disk, a lock held too long) are typed errors.
/// </summary>
public sealed class SqliteDamageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("SpoolLedger")]
    [InlineData("Printers")]
    public async Task A_database_with_a_table_dropped_is_refused_and_left_untouched(string table)
    {
        var path = await SeededAsync("dropped.db");
        await ExecuteAsync(path, $"DROP TABLE \"{table}\";");
        var hash = SqliteCreationTests.Hash(path);

        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        var error = await Assert.ThrowsAsync<StoreDamagedException>(() => new ProductionService(store).Catalog.AddPrinterAsync("P2", "Bambu P1S", 4));
        Assert.Contains(table, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(hash, SqliteCreationTests.Hash(path));
    }

    [Fact]
    public async Task A_database_with_corrupt_pages_is_refused_and_left_untouched()
    {
        var path = await SeededAsync("corrupt.db");

        // Garbage over the middle of the spools table's first page: nothing read at start-up touches it, the check does.
        var (page, pageSize) = await RootPageAsync(path, "Spools");
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = ((page - 1) * pageSize) + 8;
            file.Write(Enumerable.Repeat((byte)0xA5, 64).ToArray());
        }

        var hash = SqliteCreationTests.Hash(path);
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        var error = await Assert.ThrowsAsync<StoreDamagedException>(() => new ProductionService(store).Catalog.AddPrinterAsync("P2", "Bambu P1S", 4));
        Assert.Contains("integrity check", error.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(hash, SqliteCreationTests.Hash(path));
    }

    [Fact]
    public async Task A_store_that_may_not_create_refuses_a_missing_file_and_creates_nothing()
    {
        var path = _folder.File("absent.db");
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => new EfProductionStore(SqliteStoreProvider.ForFile(path, create: false)).InitializeAsync());
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));

        var settings = new Dictionary<string, string?> { ["path"] = path, ["create"] = "false" };
        await Assert.ThrowsAsync<StoreUnavailableException>(() => new EfProductionStore(SqliteStorePlugin.CreateProvider(PluginSettings.Of(settings))).ListPrintersAsync());
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));

        // The same store opens the file once it exists.
        await new EfProductionStore(SqliteStoreProvider.ForFile(path)).InitializeAsync();
        Assert.Empty(await new EfProductionStore(SqliteStoreProvider.ForFile(path, create: false)).ListPrintersAsync());
    }

    [Fact]
    public async Task A_fifo_or_a_device_is_refused_without_opening_it()
    {
        var fifo = _folder.File("pipe.db");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        foreach (var path in new[] { fifo, "/dev/null", "/dev/zero" })
        {
            // Opening a FIFO for reading would wait for a writer for ever: the refusal must come first.
            var open = new EfProductionStore(SqliteStoreProvider.ForFile(path)).InitializeAsync();
            var error = await Assert.ThrowsAsync<NotABatchivoDatabaseException>(() => open.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_full_disk_is_a_typed_error_and_stores_nothing()
    {
        var path = await SeededAsync("full.db");

        // SQLite's own limit on the file's pages: the database is full exactly as on a full disk (SQLITE_FULL).
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path), o => o.AddInterceptors(new FileLimit(new FileInfo(path).Length / 4096 + 4)));
        var service = new ProductionService(store);
        var error = await Assert.ThrowsAsync<StoreEnvironmentException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await service.Catalog.AddProductAsync($"SKU-{i}", new string('x', Limits.MaxNameLength), [new BomLine(new MaterialSpec("PLA", "Black"), Mass.FromGrams(10))]);
            }
        });
        Assert.Contains("disk is full", error.Message, StringComparison.Ordinal);
        Assert.Contains("Free some space", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_locked_past_the_timeout_is_a_typed_error()
    {
        var path = await SeededAsync("locked.db");
        await using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        await holder.OpenAsync();
        await using (var command = holder.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE;";
            await command.ExecuteNonQueryAsync();
        }

        var store = new EfProductionStore(SqliteStoreProvider.ForConnectionString($"Data Source={path};Default Timeout=1"));
        var error = await Assert.ThrowsAsync<StoreEnvironmentException>(() => new ProductionService(store).Catalog.AddPrinterAsync("P2", "Bambu P1S", 4));
        Assert.Contains("locked by another program for longer than 1 s", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<string> SeededAsync(string name)
    {
        var path = _folder.File(name);
        var service = new ProductionService(new EfProductionStore(SqliteStoreProvider.ForFile(path)));
        await service.Catalog.AddPrinterAsync("P1", "Bambu P1S", 4);
        for (var i = 0; i < 40; i++)
        {
            await service.Catalog.AddSpoolAsync(new NewSpool($"PLA-{i:000}", new Material(new MaterialSpec("PLA", "Black")), Mass.FromGrams(1000), new Money(20m, "EUR"), Mass.FromGrams(200), null, Mass.FromGrams(1200)));
        }

        SqliteConnection.ClearAllPools();
        await ExecuteAsync(path, "PRAGMA wal_checkpoint(TRUNCATE);");
        return path;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql + " PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(long Page, long PageSize)> RootPageAsync(string path, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT (SELECT rootpage FROM sqlite_master WHERE name = '{table}'), (SELECT page_size FROM pragma_page_size());";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Caps the file at a number of pages on every connection the store opens.</summary>
    private sealed class FileLimit(long pages) : DbConnectionInterceptor
    {
        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var limit = connection.CreateCommand();
            limit.CommandText = $"PRAGMA max_page_count = {pages};";
            await limit.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
