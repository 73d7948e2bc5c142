using Batchivo.Testing.Storage;
using Npgsql;
using Batchivo.TestSupport;

namespace Batchivo.Storage.PostgreSql.Tests;

/// <summary>The test fixture itself: it starts a real server, gives fresh databases, and removes everything afterwards.</summary>
public sealed class PostgreSqlServerTests
{
    [Fact]
    public async Task Fixture_gives_fresh_databases_on_a_real_server_and_removes_them()
    {
        var server = new PostgreSqlServer();
        await server.InitializeAsync();
        string other;
        var cluster = server.ClusterDirectory;
        try
        {
            Assert.Equal("batchivo_test_", (await ScalarAsync<string>(server.ConnectionString, "SELECT current_database()"))[..14]);
            Assert.StartsWith("PostgreSQL ", await ScalarAsync<string>(server.ConnectionString, "SELECT version()"));
            await ScalarAsync<int>(server.ConnectionString, "CREATE TABLE probe (id int); INSERT INTO probe VALUES (7); SELECT id FROM probe");

            other = await server.CreateDatabaseAsync();
            Assert.NotEqual(new NpgsqlConnectionStringBuilder(server.ConnectionString).Database, new NpgsqlConnectionStringBuilder(other).Database);
            Assert.Equal(0L, await ScalarAsync<long>(other, "SELECT count(*) FROM pg_tables WHERE tablename = 'probe'"));
        }
        finally
        {
            await server.DisposeAsync();
        }

        // Gone afterwards: the throwaway cluster is stopped, or the databases on the configured server dropped.
        await Assert.ThrowsAnyAsync<Exception>(() => ScalarAsync<int>(other, "SELECT 1"));
        if (cluster is not null)
        {
            Assert.False(Directory.Exists(cluster), $"The cluster directory {cluster} is still there.");
        }
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
