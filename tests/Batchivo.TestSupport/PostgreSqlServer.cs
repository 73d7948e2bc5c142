using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Batchivo.TestSupport;

/// <summary>
/// A real PostgreSQL server for tests, as an xunit class or collection fixture: the server named by
/// <c>BATCHIVO_TEST_POSTGRES</c> when that variable is set, otherwise a throwaway cluster started from the installed
/// PostgreSQL binaries (initdb, pg_ctl) on a free loopback port. Each fixture gets a fresh database
/// (<see cref="ConnectionString"/>) and may create more (<see cref="CreateDatabaseAsync"/>); all of them are dropped,
/// and a throwaway cluster is stopped and deleted, when the fixture is disposed.
/// </summary>
/// <remarks>
/// <para>Where no PostgreSQL is found, <see cref="InitializeAsync"/> fails with the reason and what to install: the
/// tests that use the fixture fail rather than pass or skip without a server (<c>.ci/run</c> installs one).</para>
/// <para>As root the cluster runs as the <c>postgres</c> user (through <c>runuser</c>), as PostgreSQL refuses to run
/// as root. Durability is off (<c>fsync=off</c>): the cluster is for tests only.</para>
/// <para>Thread-safe after <see cref="InitializeAsync"/>. The fixture owns the cluster and the databases it created.</para>
/// </remarks>
public sealed class PostgreSqlServer : IAsyncLifetime
{
    /// <summary>The environment variable holding a connection string to an existing server to use instead of a throwaway cluster.</summary>
    public const string ConnectionStringVariable = "BATCHIVO_TEST_POSTGRES";

    private const string ClusterUser = "batchivo";
    private static readonly Lazy<Locator> Located = new(Locate);
    private readonly List<string> _databases = [];
    private readonly Lock _gate = new();
    private string? _clusterRoot;
    private string? _binDirectory;
    private bool _asPostgres;
    private string? _serverConnectionString;
    private string? _connectionString;

    /// <summary>
    /// Why no PostgreSQL server can be had on this machine, or null when one can (the environment variable is set,
    /// or initdb and pg_ctl were found).
    /// </summary>
    public static string? UnavailableReason => Located.Value.Reason;

    /// <summary>True when this fixture started its own throwaway cluster (false when it uses <c>BATCHIVO_TEST_POSTGRES</c>).</summary>
    public bool IsThrowawayCluster => _clusterRoot is not null;

    /// <summary>
    /// The throwaway cluster's directory (data in <c>data/</c>, the server's log in <c>server.log</c>), or null when
    /// the fixture uses <c>BATCHIVO_TEST_POSTGRES</c> or has not started. Deleted when the fixture is disposed.
    /// </summary>
    public string? ClusterDirectory => _clusterRoot;

    /// <summary>The connection string of the fresh database created for this fixture.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not available (the message says why), or the fixture is not initialized.</exception>
    public string ConnectionString => _connectionString ?? throw NotStarted();

    /// <summary>The connection string of the server's maintenance database (<c>postgres</c>), for creating and dropping databases.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not available (the message says why), or the fixture is not initialized.</exception>
    public string ServerConnectionString => _serverConnectionString ?? throw NotStarted();

    /// <summary>Starts the throwaway cluster (or checks the configured server) and creates this fixture's database.</summary>
    /// <returns>A task that completes when the database is ready.</returns>
    /// <exception cref="InvalidOperationException">PostgreSQL is not available (the message says why and what to install), or the cluster did not start.</exception>
    public async Task InitializeAsync()
    {
        var located = Located.Value;
        if (located.Reason is not null)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not available: {located.Reason} Install PostgreSQL's server binaries (apt-get install postgresql: the tests start their own throwaway cluster) or set {ConnectionStringVariable} to the connection string of a server the tests may create databases on.");
        }

        if (located.ConnectionString is not null)
        {
            _serverConnectionString = new NpgsqlConnectionStringBuilder(located.ConnectionString) { Pooling = false }.ConnectionString;
        }
        else
        {
            _binDirectory = located.BinDirectory;
            _asPostgres = located.AsPostgres;
            _serverConnectionString = await StartClusterAsync(located).ConfigureAwait(false);
        }

        _connectionString = await CreateDatabaseAsync().ConfigureAwait(false);
    }

    /// <summary>Creates another fresh, empty database on the server, dropped when the fixture is disposed.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its connection string.</returns>
    /// <exception cref="InvalidOperationException">PostgreSQL is not available (the message says why), or the fixture is not initialized.</exception>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var server = ServerConnectionString;
        var name = "batchivo_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"", cancellationToken).ConfigureAwait(false);

        lock (_gate)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops the databases this fixture created and stops and deletes a throwaway cluster.</summary>
    /// <returns>A task that completes when everything is removed.</returns>
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterRoot is not null)
        {
            // The whole cluster goes: no need to drop its databases one by one.
            await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", Path.Combine(_clusterRoot, "data"), "-m", "immediate", "-w", "stop"], _asPostgres, throwOnError: false).ConfigureAwait(false);
            Directory.Delete(_clusterRoot, recursive: true);
            _clusterRoot = null;
            return;
        }

        if (_serverConnectionString is null)
        {
            return;
        }

        string[] names;
        lock (_gate)
        {
            names = [.. _databases];
            _databases.Clear();
        }

        foreach (var name in names)
        {
            await ExecuteAsync(_serverConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static InvalidOperationException NotStarted() =>
        new(UnavailableReason is { } reason
            ? $"PostgreSQL is not available: {reason}"
            : "The PostgreSQL fixture is not initialized: use it as an xunit class or collection fixture, or call InitializeAsync first.");

    private async Task<string> StartClusterAsync(Locator located)
    {
        var root = Path.Combine(Path.GetTempPath(), "batchivo-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        _clusterRoot = root;
        try
        {
            if (located.AsPostgres)
            {
                await RunAsync("chown", ["postgres:", root], asPostgres: false, throwOnError: true).ConfigureAwait(false);
            }

            var data = Path.Combine(root, "data");
            await RunAsync(
                Path.Combine(located.BinDirectory!, "initdb"),
                ["-D", data, "-A", "trust", "-U", ClusterUser, "-E", "UTF8", "--locale=C", "--no-sync"],
                located.AsPostgres,
                throwOnError: true).ConfigureAwait(false);

            // A free port can be taken between looking and starting: try a few.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var options = string.Join(' ', [
                    "-p", port.ToString(CultureInfo.InvariantCulture), "-k", root,
                    "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off", "-c", "max_connections=200"]);
                var (code, _) = await RunAsync(
                    Path.Combine(located.BinDirectory!, "pg_ctl"),
                    ["-D", data, "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "-t", "60", "start"],
                    located.AsPostgres,
                    throwOnError: attempt == 3).ConfigureAwait(false);
                if (code == 0)
                {
                    return new NpgsqlConnectionStringBuilder
                    {
                        Host = "127.0.0.1",
                        Port = port,
                        Username = ClusterUser,
                        Database = "postgres",
                        Pooling = false,
                    }.ConnectionString;
                }
            }
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            _clusterRoot = null;
            throw;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres, bool throwOnError)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var prefix in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{start.FileName} {string.Join(' ', start.ArgumentList)}' exited with {process.ExitCode}: {output.Trim()}");
        }

        return (process.ExitCode, output);
    }

    private static Locator Locate()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured)
        {
            return new Locator(null, configured, null, false);
        }

        var bin = FindBinDirectory();
        if (bin is null)
        {
            return new Locator(
                $"no PostgreSQL server: {ConnectionStringVariable} is not set and initdb/pg_ctl were found neither on PATH nor in /usr/lib/postgresql/*/bin. Install PostgreSQL (e.g. apt-get install postgresql) or set {ConnectionStringVariable} to a connection string of a user allowed to create databases.",
                null,
                null,
                false);
        }

        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            if (FindOnPath("runuser") is null)
            {
                return new Locator($"running as root, PostgreSQL must run as the postgres user, but runuser was not found on PATH (initdb in {bin}).", null, null, false);
            }

            if (!File.Exists("/etc/passwd") || !File.ReadLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)))
            {
                return new Locator($"running as root, PostgreSQL must run as the postgres user, but there is no such user (initdb in {bin}); create it or run the tests as another user.", null, null, false);
            }
        }

        return new Locator(null, null, bin, asRoot);
    }

    private static string? FindBinDirectory()
    {
        var initdb = FindOnPath("initdb");
        if (initdb is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb))!;
            if (File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                return directory;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(debianRoot)
            .Select(d => (Directory: Path.Combine(d, "bin"), Version: decimal.TryParse(Path.GetFileName(d), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : 0m))
            .Where(d => File.Exists(Path.Combine(d.Directory, "initdb")) && File.Exists(Path.Combine(d.Directory, "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Directory)
            .FirstOrDefault();
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Append("/sbin")
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);

    private sealed record Locator(string? Reason, string? ConnectionString, string? BinDirectory, bool AsPostgres);
}
