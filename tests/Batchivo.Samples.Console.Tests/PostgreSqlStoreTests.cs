using Batchivo.Samples.Console.Tests.Support;
using Batchivo.Testing.Storage;
using Batchivo.TestSupport;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// The host on PostgreSQL, chosen by configuration alone (BATCHIVO__STORE__PROVIDER and the connection string), on a
/// real server: a session is stored in the database (another process on another data folder reads it back), no
/// SQLite file is written, and bad input and a server that cannot be reached get their exit codes.
/// </summary>
public sealed class PostgreSqlStoreTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>, IDisposable
{
    private readonly ConsoleHost _host = new();
    private readonly ConsoleHost _other = new();

    [Fact]
    public async Task A_session_is_stored_in_the_server_and_read_by_another_process()
    {
        var database = await server.CreateDatabaseAsync();
        foreach (var host in new[] { _host, _other })
        {
            host.With("BATCHIVO__STORE__PROVIDER", "postgresql").With("BATCHIVO__STORE__SETTINGS__CONNECTIONSTRING", database);
        }

        Seed.Catalog(_host);
        Seed.PrintedRun(_host);
        _host.Run("run", "complete", "1", "--quality", "4", "--notes", "Minor stringing on cable clips").Ok();

        var report = _other.Run("report", "1", "--json").Ok().Json;
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal(185m, report.GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal(192m, report.GetProperty("actualGrams").GetDecimal());
        Assert.Equal(711m, _other.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Json.GetProperty("grossGrams").GetDecimal());
        Assert.False(File.Exists(_host.DatabasePath), "A SQLite file was written although the store is PostgreSQL.");
        Assert.False(File.Exists(_other.DatabasePath), "A SQLite file was written although the store is PostgreSQL.");

        // Bad input on the shared database: refused with exit code 2 and nothing stored.
        var twice = _other.Run("run", "complete", "1").Expect(2);
        Assert.Contains("#1", twice.Error, StringComparison.Ordinal);
        Assert.Equal("completed", _host.Run("run", "show", "1", "--json").Ok().Json.GetProperty("status").GetString());
    }

    [Fact]
    public void A_server_that_cannot_be_reached_is_a_failure_that_hides_the_password()
    {
        _host.With("BATCHIVO__STORE__PROVIDER", "postgresql")
            .With("BATCHIVO__STORE__SETTINGS__CONNECTIONSTRING", "Host=127.0.0.1;Port=1;Database=batchivo;Username=shop;Password=s3cret-pw;Timeout=2");

        var result = _host.Run("run", "list").Expect(1);

        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("PostgreSQL", line, StringComparison.Ordinal);
        Assert.DoesNotContain(". .", line, StringComparison.Ordinal);
        Assert.Matches(@"127\.0\.0\.1:1\b.*\. Check the path", line);
        Assert.DoesNotContain("s3cret-pw", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_host.DatabasePath));
    }

    public void Dispose()
    {
        _host.Dispose();
        _other.Dispose();
    }
}
