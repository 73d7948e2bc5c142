using System.Net;
using System.Net.Sockets;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.PostgreSql;
using Batchivo.Testing.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Batchivo.TestSupport;

namespace Batchivo.Storage.PostgreSql.Tests;

/// <summary>What the PostgreSQL store does with a server it cannot reach and with databases it must not touch.</summary>
public sealed class PostgreSqlBadInputTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    [Fact]
    public async Task A_server_that_cannot_be_reached_is_a_typed_error_naming_the_store()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        // Nothing listens on the port any more.
        var store = PostgreSqlStorePlugin.CreateStore($"Host=127.0.0.1;Port={port};Database=batchivo;Username=batchivo;Password=secret;Timeout=5");
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ListSpoolsAsync());
        Assert.Contains($"PostgreSQL database batchivo on 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_that_is_not_one_is_refused_when_the_store_is_created()
    {
        var error = Assert.Throws<ArgumentException>(() => PostgreSqlStorePlugin.CreateStore("Host=db;NoSuchKeyword=1"));
        Assert.Contains("connection string is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_with_a_newer_schema_is_refused_and_left_untouched()
    {
        var database = await server.CreateDatabaseAsync();
        var first = PostgreSqlStorePlugin.CreateStore(database);
        await first.InitializeAsync();
        await ExecuteAsync(database, "UPDATE \"BatchivoSchema\" SET \"Version\" = 99; INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '99.0.0')");
        var before = await DumpAsync(database);

        var error = await Assert.ThrowsAsync<StoreSchemaTooNewException>(() => PostgreSqlStorePlugin.CreateStore(database).ListSpoolsAsync());

        Assert.Contains("29991231000000_FromTheFuture", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DumpAsync(database));
    }

    [Fact]
    public async Task A_database_of_another_application_is_refused_and_left_untouched()
    {
        var database = await server.CreateDatabaseAsync();
        await ExecuteAsync(database, "CREATE TABLE invoices (id int PRIMARY KEY, total numeric); INSERT INTO invoices VALUES (1, 9.5)");
        var before = await DumpAsync(database);

        await Assert.ThrowsAsync<NotABatchivoDatabaseException>(() => PostgreSqlStorePlugin.CreateStore(database).ListSpoolsAsync());

        Assert.Equal(before, await DumpAsync(database));
    }

    [Fact]
    public async Task Hosts_starting_at_once_migrate_the_schema_once()
    {
        var database = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 6).Select(_ => PostgreSqlStorePlugin.CreateStore(database)).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));

        await using var context = new EfProductionStore(new PostgreSqlStoreProvider(database)).CreateDbContext();
        var migrations = context.Database.GetMigrations().Count();
        Assert.Equal((long)migrations, await ScalarAsync<long>(database, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Equal(1L, await ScalarAsync<long>(database, "SELECT count(*) FROM \"BatchivoSchema\""));
        Assert.Empty(await stores[^1].ListSpoolsAsync());
    }

    /// <summary>Every table's name and rows, as text: equal dumps mean nothing was changed.</summary>
    private static async Task<string> DumpAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM \"{table}\" t", connection);
            dump.Append(table).Append(": ").Append(await rows.ExecuteScalarAsync()).Append('\n');
        }

        return dump.ToString();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
