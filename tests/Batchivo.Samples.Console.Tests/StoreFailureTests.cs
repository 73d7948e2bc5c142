using Batchivo.Samples.Console.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// A damaged database, a full disk, a read-only mount, a lock held too long and a broken appsettings.json: each is
/// a one-line typed error with its cause and what to do (exit 1), never "Unexpected ... Please report this", and a
/// damaged file is left byte-identical. The disk and the mount are real: a small tmpfs in a mount namespace of the
/// program's own (util-linux unshare; the tests run as root, as CI does).
/// </summary>
public sealed class StoreFailureTests : IDisposable
{
    private readonly ConsoleHost _host = new ConsoleHost().From(Seed.WithCatalog);

    [Fact]
    public void A_database_with_a_table_dropped_takes_no_write_and_is_left_untouched()
    {
        Execute(_host.DatabasePath, "DROP TABLE \"SpoolLedger\";");
        var bytes = File.ReadAllBytes(_host.DatabasePath);

        var result = _host.Run("catalog", "printer", "add", "X1C-1", "--model", "Bambu X1C").Expect(1);

        AssertOneLine(result, "is damaged", "SpoolLedger");
        Assert.Equal(bytes, File.ReadAllBytes(_host.DatabasePath));
    }

    [Fact]
    public void A_database_with_corrupt_pages_takes_no_write_and_is_left_untouched()
    {
        Execute(_host.DatabasePath, string.Empty);
        long page;
        using (var connection = new SqliteConnection($"Data Source={_host.DatabasePath};Pooling=False;Mode=ReadOnly"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = 'Products';";
            page = (long)command.ExecuteScalar()!;
        }

        using (var file = new FileStream(_host.DatabasePath, FileMode.Open, FileAccess.Write))
        {
            file.Position = ((page - 1) * 4096) + 8;
            file.Write(Enumerable.Repeat((byte)0x5A, 64).ToArray());
        }

        var bytes = File.ReadAllBytes(_host.DatabasePath);
        var result = _host.Run("catalog", "printer", "add", "X1C-1", "--model", "Bambu X1C").Expect(1);

        AssertOneLine(result, "is damaged", "integrity check");
        Assert.Equal(bytes, File.ReadAllBytes(_host.DatabasePath));
    }

    [Fact]
    public void A_full_disk_is_a_typed_error_saying_so()
    {
        // The database on a 2 MB disk of its own, filled up before the command.
        var result = InMountNamespace("cp \"$DB\" \"$MNT/shop.db\" && (dd if=/dev/zero of=\"$MNT/filler\" bs=4096 2>/dev/null || true) && sync", "catalog", "product", "add", "BIG", "--name", new string('x', 100), "--bom", "PLA Black:45", "--db", "$MNT/shop.db");

        result.Expect(1);
        AssertOneLine(result, "disk is full", "Free some space");
    }

    [Fact]
    public void A_read_only_mount_is_a_store_failure_naming_the_path_and_permission()
    {
        var result = InMountNamespace("cp \"$DB\" \"$MNT/shop.db\" && mount -o remount,ro \"$MNT\"", "catalog", "printer", "add", "X1C-1", "--model", "Bambu X1C", "--db", "$MNT/shop.db");

        result.Expect(1);
        AssertOneLine(result, "read-only", "/mnt-shop");
        Assert.DoesNotContain("not a Batchivo database", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_locked_past_the_timeout_is_a_typed_error()
    {
        using var holder = new SqliteConnection($"Data Source={_host.DatabasePath};Pooling=False");
        holder.Open();
        using (var command = holder.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE;";
            command.ExecuteNonQuery();
        }

        var result = _host.Run("catalog", "printer", "add", "X1C-1", "--model", "Bambu X1C").Expect(1);

        AssertOneLine(result, "locked by another program", "Run the command again");
    }

    [Fact]
    public void An_invalid_appsettings_json_is_a_configuration_error()
    {
        // A copy of the program whose appsettings.json is cut off in the middle.
        var copy = Path.Combine(_host.DataFolder, "program");
        CopyFolder(Path.GetDirectoryName(ConsoleHost.Program)!, copy);
        File.WriteAllText(Path.Combine(copy, "appsettings.json"), "{ \"Batchivo\": { \"Store\": { \"Provider\": \"sqlite\" ");

        var result = _host.Exec("dotnet", Path.Combine(copy, Path.GetFileName(ConsoleHost.Program)), "run", "list").Expect(1);

        AssertOneLine(result, "appsettings.json cannot be read", "valid JSON");
    }

    public void Dispose() => _host.Dispose();

    private static void AssertOneLine(Result result, params string[] expected)
    {
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (var text in expected)
        {
            Assert.Contains(text, line, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Unexpected", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the program in a mount namespace of its own with a 2 MB tmpfs at /mnt-shop ($MNT), after a shell step
    /// that prepares it ($DB is the host's database); the mount vanishes with the namespace.
    /// </summary>
    private Result InMountNamespace(string prepare, params string[] args)
    {
        Execute(_host.DatabasePath, string.Empty);
        var mount = Path.Combine(_host.DataFolder, "mnt-shop");
        Directory.CreateDirectory(mount);
        var quoted = string.Join(' ', args.Select(a => a.Contains("$MNT", StringComparison.Ordinal) ? "\"" + a + "\"" : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var script = $"set -e; MNT='{mount}'; DB='{_host.DatabasePath}'; mount -t tmpfs -o size=2m tmpfs \"$MNT\"; {prepare}; exec dotnet '{ConsoleHost.Program}' {quoted}";
        return _host.Exec("unshare", "--mount", "--propagation", "private", "sh", "-c", script);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    /// <summary>Runs SQL on the file and folds the WAL into it, so the file alone holds the database.</summary>
    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql + " PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }
}
