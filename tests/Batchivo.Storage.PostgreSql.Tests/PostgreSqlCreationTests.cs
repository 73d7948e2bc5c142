using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.PostgreSql;
using Batchivo.Testing.Storage;
using Npgsql;
using Batchivo.TestSupport;

namespace Batchivo.Storage.PostgreSql.Tests;

/// <summary>A PostgreSQL database left half-created by an interrupted first start is started over; one missing a table is refused.</summary>
public sealed class PostgreSqlCreationTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    [Fact]
    public async Task A_database_holding_only_the_migration_lock_and_history_tables_opens_fine()
    {
        var database = await server.CreateDatabaseAsync();
        await ExecuteAsync(database, """
            CREATE TABLE "__EFMigrationsLock" ("Id" integer NOT NULL PRIMARY KEY, "Timestamp" text NOT NULL);
            INSERT INTO "__EFMigrationsLock" VALUES (1, '2026-12-01 10:00:00+00:00');
            CREATE TABLE "__EFMigrationsHistory" ("MigrationId" varchar(150) NOT NULL PRIMARY KEY, "ProductVersion" varchar(32) NOT NULL);
            """);

        Assert.Equal(1, await PostgreSqlStorePlugin.CreateStore(database).ReserveRunNumberAsync());
        Assert.Equal(2, await PostgreSqlStorePlugin.CreateStore(database).ReserveRunNumberAsync());
    }

    [Fact]
    public async Task A_database_with_a_table_dropped_is_refused()
    {
        var database = await server.CreateDatabaseAsync();
        await PostgreSqlStorePlugin.CreateStore(database).InitializeAsync();
        await ExecuteAsync(database, "DROP TABLE \"SpoolLedger\"");

        var error = await Assert.ThrowsAsync<StoreDamagedException>(() => PostgreSqlStorePlugin.CreateStore(database).ListPrintersAsync());
        Assert.Contains("SpoolLedger", error.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
