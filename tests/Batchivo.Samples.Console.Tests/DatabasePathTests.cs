using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// Where a database may be created: a read never creates one, a write creates the file but not the missing folders
/// of a path the user gave (unless --create-folders), an empty --db is an error, and only regular files are opened.
/// </summary>
public sealed class DatabasePathTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void A_db_path_with_a_missing_folder_is_an_error_naming_the_folder_and_creates_nothing()
    {
        var result = _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S", "--db", "nope/sub/x.db").Expect(2);

        var folder = Path.Combine(_host.DataFolder, "nope", "sub");
        Assert.Contains(folder, result.Error, StringComparison.Ordinal);
        Assert.Contains("--create-folders", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_host.DataFolder, "nope")));

        // The same folder in $BATCHIVO_DB is no different.
        _host.With("BATCHIVO_DB", Path.Combine(_host.DataFolder, "typo", "shop.db"));
        _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S").Expect(2);
        Assert.False(Directory.Exists(Path.Combine(_host.DataFolder, "typo")));
    }

    [Fact]
    public void Create_folders_creates_the_missing_folders_of_a_write()
    {
        _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S", "--db", "shop/2026/x.db", "--create-folders").Ok();

        var path = Path.Combine(_host.DataFolder, "shop", "2026", "x.db");
        Assert.True(File.Exists(path));
        Assert.Single(_host.Run("catalog", "printer", "list", "--json", "--db", path).Ok().Json.EnumerateArray());
    }

    [Fact]
    public void An_empty_db_option_is_an_error_and_not_the_default_database()
    {
        _host.With("BATCHIVO_DB", null);
        foreach (var args in new[] { new[] { "catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S", "--db", "" }, ["run", "list", "--db", "  "] })
        {
            var result = _host.Run(args).Expect(2);
            Assert.Contains("--db is empty", result.Error, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Path.Combine(_host.DataFolder, "xdg-data", "Batchivo")));
    }

    [Theory]
    [InlineData("catalog", "printer", "list")]
    [InlineData("catalog", "spool", "show", "PLA-001")]
    [InlineData("catalog", "product", "list")]
    [InlineData("catalog", "brand-tare", "list")]
    [InlineData("run", "list")]
    [InlineData("run", "show", "1")]
    [InlineData("run", "check", "1")]
    [InlineData("report", "1")]
    [InlineData("stats")]
    [InlineData("calibrate")]
    public void A_read_command_never_creates_a_database(params string[] args)
    {
        var result = _host.Run(args).Expect(2);

        Assert.Contains("There is no Batchivo database at " + _host.DatabasePath, result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_host.DataFolder));
    }

    [Fact]
    public void A_fifo_or_a_device_as_the_database_is_refused_without_hanging()
    {
        var fifo = Path.Combine(_host.DataFolder, "pipe.db");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        foreach (var path in new[] { fifo, "/dev/null", "/dev/zero" })
        {
            foreach (var args in new[] { new[] { "catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S" }, ["run", "list"] })
            {
                // ConsoleHost ends a run that has not finished within its limit with a TimeoutException: a hang fails.
                var result = _host.Run([.. args, "--db", path]).Expect(2);
                Assert.Contains("not a regular file", result.Error, StringComparison.Ordinal);
            }
        }
    }

    public void Dispose() => _host.Dispose();
}
