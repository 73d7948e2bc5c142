using Batchivo.Plugins;
using System.Security.Cryptography;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Batchivo.Storage.Sqlite.Tests;

/// <summary>Files and settings the SQLite store must refuse with a typed error, leaving every file as it was.</summary>
public sealed class SqliteBadInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_and_left_untouched()
    {
        var path = _folder.File("notes.db");
        await File.WriteAllTextAsync(path, "These are my notes, not a database. They must survive.");
        var hash = Hash(path);

        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        var error = await Assert.ThrowsAsync<NotABatchivoDatabaseException>(() => store.InitializeAsync());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not an SQLite database", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotABatchivoDatabaseException>(() => store.ListSpoolsAsync());
        Assert.Equal(hash, Hash(path));
        Assert.Equal(["notes.db"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_sqlite_database_of_another_application_is_refused_and_left_untouched()
    {
        var path = _folder.File("crm.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT); INSERT INTO Customers (Name) VALUES ('Ada');";
            await command.ExecuteNonQueryAsync();
        }

        var hash = Hash(path);
        var error = await Assert.ThrowsAsync<NotABatchivoDatabaseException>(() => new EfProductionStore(SqliteStoreProvider.ForFile(path)).InitializeAsync());
        Assert.Contains("another application", error.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(hash, Hash(path));
    }

    [Fact]
    public async Task A_database_with_a_migration_this_version_does_not_know_is_refused_and_left_untouched()
    {
        var path = _folder.File("future.db");
        await new EfProductionStore(SqliteStoreProvider.ForFile(path)).InitializeAsync();
        await ExecuteAsync(path, "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29990101000000_FutureSchema', '99.0.0');");
        var hash = Hash(path);

        var error = await Assert.ThrowsAsync<StoreSchemaTooNewException>(() => new EfProductionStore(SqliteStoreProvider.ForFile(path)).InitializeAsync());
        Assert.Equal("29990101000000_FutureSchema", error.Found);
        Assert.Contains("Upgrade Batchivo", error.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(hash, Hash(path));
    }

    [Fact]
    public async Task A_database_marked_with_a_newer_schema_version_is_refused()
    {
        var path = _folder.File("marked.db");
        await new EfProductionStore(SqliteStoreProvider.ForFile(path)).InitializeAsync();
        await ExecuteAsync(path, $"UPDATE BatchivoSchema SET Version = {BatchivoDbContext.SchemaVersion + 1};");
        var hash = Hash(path);

        var error = await Assert.ThrowsAsync<StoreSchemaTooNewException>(() => new EfProductionStore(SqliteStoreProvider.ForFile(path)).InitializeAsync());
        Assert.Equal((BatchivoDbContext.SchemaVersion + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Found);
        SqliteConnection.ClearAllPools();
        Assert.Equal(hash, Hash(path));
    }

    [Fact]
    public async Task A_folder_that_does_not_exist_is_refused_without_creating_it()
    {
        var path = Path.Combine(_folder.Path, "missing", "batchivo.db");
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => new EfProductionStore(SqliteStoreProvider.ForFile(path)).InitializeAsync());
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public async Task A_folder_given_as_the_file_is_refused()
    {
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => new EfProductionStore(SqliteStoreProvider.ForFile(_folder.Path)).InitializeAsync());
        Assert.Contains("folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_that_cannot_be_opened_is_a_typed_error()
    {
        var path = _folder.File("absent.db");
        var provider = SqliteStoreProvider.ForConnectionString($"Data Source={path};Mode=ReadOnly");
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => new EfProductionStore(provider).InitializeAsync());
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(null, null, "no database is given")]
    [InlineData("a.db", "Data Source=b.db", "both")]
    [InlineData(null, "Foo=Bar", "not valid")]
    [InlineData(null, "Cache=Shared", "no Data Source")]
    public void Bad_plugin_settings_are_typed_errors(string? path, string? connectionString, string expected)
    {
        var settings = new Dictionary<string, string?> { ["path"] = path, ["connectionString"] = connectionString };
        var error = Assert.Throws<StoreUnavailableException>(() => SqliteStorePlugin.CreateProvider(PluginSettings.Of(settings)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_becomes_a_batchivo_database()
    {
        var path = _folder.File("empty.db");
        await File.WriteAllBytesAsync(path, []);
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        Assert.Empty(await store.ListSpoolsAsync());
        Assert.True(new FileInfo(path).Length > 0);
    }

    public void Dispose() => _folder.Dispose();

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task ExecuteAsync(string path, string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync();
    }
}
