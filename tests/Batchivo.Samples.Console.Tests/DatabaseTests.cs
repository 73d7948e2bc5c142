using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>Where the embedded store keeps its file, and what happens with a file that is not Batchivo's.</summary>
public sealed class DatabaseTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void By_default_the_database_is_in_the_users_data_folder()
    {
        _host.With("BATCHIVO_DB", null);
        _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S").Ok();

        var expected = Path.Combine(_host.DataFolder, "xdg-data", "Batchivo", "batchivo.db");
        Assert.True(File.Exists(expected), $"No database at {expected}.");
        Assert.False(File.Exists(_host.DatabasePath));
        Assert.Single(_host.Run("catalog", "printer", "list", "--json").Ok().Json.EnumerateArray());
    }

    [Fact]
    public void The_db_option_wins_over_the_environment_variable()
    {
        var other = Path.Combine(_host.DataFolder, "other", "shop.db");
        _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S", "--db", other, "--create-folders").Ok();

        Assert.True(File.Exists(other));
        Assert.Single(_host.Run("catalog", "printer", "list", "--json", "--db", other).Ok().Json.EnumerateArray());

        // $BATCHIVO_DB names a file that was never written: a read does not create it.
        _host.Run("catalog", "printer", "list", "--json").Expect(2);
        Assert.False(File.Exists(_host.DatabasePath));
    }

    [Fact]
    public void A_file_that_is_not_a_Batchivo_database_is_bad_input_and_left_untouched()
    {
        var foreign = Path.Combine(_host.DataFolder, "notes.db");
        File.WriteAllText(foreign, "These are my notes, not a database.\n");
        var bytes = File.ReadAllBytes(foreign);

        var result = _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S", "--db", foreign).Expect(2);

        Assert.Equal(string.Empty, result.Out);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("not a Batchivo database", line, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(foreign));
    }

    [Fact]
    public void Another_applications_SQLite_database_is_bad_input_and_left_untouched()
    {
        var foreign = Path.Combine(_host.DataFolder, "crm.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada');";
            command.ExecuteNonQuery();
        }

        var bytes = File.ReadAllBytes(foreign);

        var result = _host.Run("run", "list", "--db", foreign).Expect(2);

        Assert.Contains("not a Batchivo database", result.Error, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(foreign));
    }

    [Fact]
    public void The_store_is_chosen_by_configuration_alone()
    {
        // The EF in-memory store plugin: nothing is kept between processes, and no file is written.
        _host.With("BATCHIVO__STORE__PROVIDER", "efinmemory");
        _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S").Ok();
        Assert.Empty(_host.Run("catalog", "printer", "list", "--json").Ok().Json.EnumerateArray());
        Assert.False(File.Exists(_host.DatabasePath));

        var result = _host.Run("catalog", "printer", "list", "--db", Path.Combine(_host.DataFolder, "x.db")).Expect(2);
        Assert.Contains("efinmemory", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_store_provider_is_a_failure_naming_the_loaded_ones()
    {
        _host.With("BATCHIVO__STORE__PROVIDER", "oracle");
        var result = _host.Run("run", "list").Expect(1);
        Assert.Contains("oracle", result.Error, StringComparison.Ordinal);
        Assert.Contains("sqlite", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
