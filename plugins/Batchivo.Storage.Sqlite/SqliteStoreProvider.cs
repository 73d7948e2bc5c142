using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Batchivo.Storage.Sqlite;

/// <summary>The SQLite provider of <see cref="EfProductionStore"/>: one database file in WAL mode.</summary>
/// <remarks>Thread-safe. Connections are pooled by Microsoft.Data.Sqlite; a busy database is waited for up to the command timeout.</remarks>
public sealed class SqliteStoreProvider : EfStoreProvider
{
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;
    private const int SqlitePermission = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteReadOnlyDirectory = 1544;
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>Creates the provider for a database file, created with its schema on first use.</summary>
    /// <param name="path">The file. A relative path is resolved against the current directory. Its folder must exist.</param>
    /// <returns>The provider.</returns>
    public static SqliteStoreProvider ForFile(string path) => ForFile(path, create: true);

    /// <summary>Creates the provider for a database file that the store may, or may not, create.</summary>
    /// <param name="path">The file. A relative path is resolved against the current directory. Its folder must exist.</param>
    /// <param name="create">
    /// True to create the file (never its folder) when it does not exist; false to refuse a missing file with
    /// <see cref="StoreUnavailableException"/> (SQLite's <c>Mode=ReadWrite</c>), e.g. for commands that only read.
    /// </param>
    /// <returns>The provider.</returns>
    public static SqliteStoreProvider ForFile(string path, bool create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Default,
            DefaultTimeout = 30,
        };
        return new SqliteStoreProvider(builder.ToString());
    }

    /// <summary>Creates the provider for a connection string (e.g. <c>Data Source=/data/batchivo.db</c>).</summary>
    /// <param name="connectionString">The Microsoft.Data.Sqlite connection string.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="StoreUnavailableException">The connection string cannot be read.</exception>
    public static SqliteStoreProvider ForConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                throw new StoreUnavailableException("SQLite", "the connection string names no Data Source.");
            }

            return new SqliteStoreProvider(builder.ToString());
        }
        catch (ArgumentException e)
        {
            throw new StoreUnavailableException("SQLite", $"the connection string is not valid ({e.Message}).", e);
        }
    }

    private SqliteStoreProvider(string connectionString)
    {
        ConnectionString = connectionString;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        FilePath = builder.DataSource is ":memory:" || builder.Mode == SqliteOpenMode.Memory ? null : Path.GetFullPath(builder.DataSource);
        Creates = builder.Mode == SqliteOpenMode.ReadWriteCreate;
        Timeout = builder.DefaultTimeout;
    }

    /// <summary>
    /// True (the default) when the store runs SQLite's <c>PRAGMA quick_check</c> as it opens the database, and refuses
    /// a damaged one with <see cref="StoreDamagedException"/> before anything is written.
    /// </summary>
    public bool QuickCheckOnOpen { get; private init; } = true;

    /// <summary>A provider for the same database that does, or does not, run the quick check on open (see <see cref="QuickCheckOnOpen"/>).</summary>
    /// <param name="enabled">Whether to run it.</param>
    /// <returns>The provider.</returns>
    public SqliteStoreProvider WithQuickCheck(bool enabled) => new(ConnectionString) { QuickCheckOnOpen = enabled };

    /// <summary>True when the store creates a missing file (<c>Mode=ReadWriteCreate</c>, the default).</summary>
    public bool Creates { get; }

    private int Timeout { get; }

    /// <summary>The connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? FilePath { get; }

    /// <inheritdoc />
    public override string Description => FilePath is null ? "SQLite in memory" : $"SQLite file {FilePath}";

    /// <inheritdoc />
    /// <remarks>
    /// <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's serializable transaction): the write lock is taken at the start,
    /// waiting up to the timeout for another writer, so a write's reads see the rows it saves. A deferred transaction
    /// would read first and fail to take the lock at its first write (<c>SQLITE_BUSY</c>, not waited for) whenever
    /// another writer committed meanwhile.
    /// </remarks>
    public override Task<IDbContextTransaction> BeginTransactionAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Uses the compiled model of <see cref="BatchivoDbContext"/> for SQLite, so a store starts without building the model.</remarks>
    public override void ConfigureDbContext(DbContextOptionsBuilder builder) => ConfigureDbContext(builder, compiledModel: true);

    /// <summary>Configures the context, with the compiled model or (for dotnet-ef, which builds the model itself) without.</summary>
    internal void ConfigureDbContext(DbContextOptionsBuilder builder, bool compiledModel)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSqlite(ConnectionString, sqlite => sqlite
            .MigrationsAssembly(typeof(SqliteStoreProvider).Assembly)
            .UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
        if (compiledModel)
        {
            builder.UseModel(CompiledModel.BatchivoDbContextModel.Instance);
        }
    }

    /// <inheritdoc />
    public override WriteErrorKind ClassifyWriteError(DbUpdateException exception) =>
        exception?.InnerException is SqliteException sqlite
            ? sqlite.SqliteExtendedErrorCode switch
            {
                ConstraintPrimaryKey => WriteErrorKind.PrimaryKey,
                ConstraintUnique => WriteErrorKind.UniqueKey,
                _ => WriteErrorKind.Other,
            }
            : WriteErrorKind.Other;

    /// <inheritdoc />
    /// <remarks>One plain query of the history table (SQLite tells reliably whether it exists), not EF Core's, which builds a model of it first.</remarks>
    protected override Task<IReadOnlyList<string>> GetAppliedMigrationsAsync(BatchivoDbContext context, CancellationToken cancellationToken) =>
        ReadMigrationHistoryAsync(context, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Refuses before opening: a missing folder, a folder, a FIFO or device (only regular files are opened), a missing
    /// file when the provider does not create one, and a file that is not an SQLite database by its header. Then
    /// creates or migrates the schema, checks it, and turns on WAL.
    /// </remarks>
    public override async Task InitializeAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (FilePath is { } path)
        {
            CheckFile(path);
        }

        await base.InitializeAsync(context, cancellationToken).ConfigureAwait(false);
        if (FilePath is not null)
        {
            try
            {
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e) when (TranslateError(e) is { } translated)
            {
                throw translated;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>?> ListTablesAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tables = new List<string>();
        var command = context.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tables.Add(reader.GetString(0));
                }
            }
        }

        return tables;
    }

    /// <inheritdoc />
    /// <remarks>SQLite's <c>PRAGMA quick_check</c>: every page and record is read and checked (not the indexes' contents against their tables).</remarks>
    protected override async Task CheckIntegrityAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!QuickCheckOnOpen)
        {
            return;
        }

        var problems = new List<string>();
        var command = context.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "PRAGMA quick_check(3);";
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    problems.Add(reader.GetString(0));
                }
            }
        }

        if (problems is not ["ok"])
        {
            throw new StoreDamagedException(Description, $"SQLite's integrity check found: {string.Join("; ", problems)}.");
        }
    }

    /// <inheritdoc />
    public override BatchivoException? TranslateError(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite)
            {
                return Translate(sqlite);
            }
        }

        return null;
    }

    private BatchivoException? Translate(SqliteException e)
    {
        var folder = FilePath is null ? null : Path.GetDirectoryName(FilePath);
        return e.SqliteErrorCode switch
        {
            SqliteFull or SqliteIoError when e.SqliteErrorCode == SqliteFull || IsDiskFull(folder) => new StoreEnvironmentException(Description, "the disk is full.", $"Free some space on the disk that holds {folder ?? "the database"}, then run the command again.", e),
            SqliteBusy or SqliteLocked => new StoreEnvironmentException(Description, $"the database stayed locked by another program for longer than {Timeout} s.", "Run the command again once the other program (another batchivo, a backup, a database browser) has finished with the file.", e),
            SqliteReadOnly => new StoreEnvironmentException(Description, ReadOnlyCause(e), "Give this user write permission there, or copy the database to a writable place and point --db at the copy.", e),
            SqliteCorrupt or SqliteNotADatabase => new StoreDamagedException(Description, $"pages of the file are corrupt ({e.Message.TrimEnd('.')}).", e),
            SqliteIoError => new StoreEnvironmentException(Description, $"the storage failed to read or write the file ({e.Message.TrimEnd('.')}).", "Check the disk (its free space and health) and run the command again.", e),
            SqliteCantOpen when FilePath is not null && !Creates && !File.Exists(FilePath) => new StoreUnavailableException(Description, "the file does not exist, and this command does not create databases.", e),
            SqliteCantOpen or SqlitePermission => new StoreEnvironmentException(Description, CantOpenCause(), "Give this user read and write permission on the file and its folder, then run the command again.", e),
            _ => null,
        };
    }

    private string ReadOnlyCause(SqliteException e)
    {
        var folder = FilePath is null ? null : Path.GetDirectoryName(FilePath);
        if (e.SqliteExtendedErrorCode == SqliteReadOnlyDirectory || (folder is not null && !CanWriteIn(folder)))
        {
            return $"the folder {folder} is read-only: SQLite needs permission to create its journal files there (or the file system is mounted read-only).";
        }

        return $"the file {FilePath} is read-only: this user has no permission to write it (or the file system is mounted read-only).";
    }

    private string CantOpenCause()
    {
        var folder = FilePath is null ? null : Path.GetDirectoryName(FilePath);
        return folder is not null && !CanWriteIn(folder)
            ? $"the folder {folder} is read-only: SQLite needs permission to create the file and its journal files there (or the file system is mounted read-only)."
            : $"the file {FilePath} cannot be opened for reading and writing: this user lacks the permission (or the file system is mounted read-only).";
    }

    /// <summary>
    /// Whether the disk that holds the folder is (nearly) full: SQLite reports a full disk as an I/O error when it is
    /// its shared-memory or journal file that cannot grow.
    /// </summary>
    private static bool IsDiskFull(string? folder)
    {
        try
        {
            return folder is not null && new DriveInfo(folder).AvailableFreeSpace < 1 << 20;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Whether a file can be created in the folder (tried, then removed): permissions and read-only mounts alike.</summary>
    private static bool CanWriteIn(string folder)
    {
        try
        {
            var probe = Path.Combine(folder, $".batchivo-write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void CheckFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new StoreUnavailableException(Description, "the path is a folder, not a file.");
        }

        var folder = Path.GetDirectoryName(path);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new StoreUnavailableException(Description, $"the folder {folder} does not exist.");
        }

        if (!File.Exists(path))
        {
            if (!Creates)
            {
                throw new StoreUnavailableException(Description, "the file does not exist, and this command does not create databases.");
            }

            return;
        }

        // Opening a FIFO waits for a writer for ever, and a device is not a database: only regular files are opened.
        if (FileKind.IsRegularFile(path) == false)
        {
            throw new NotABatchivoDatabaseException(Description, "the path names a FIFO, socket or device, not a regular file; only files are opened.");
        }

        var header = new byte[Header.Length];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreEnvironmentException(Description, $"this user has no permission to read the file {path}.", "Give this user read and write permission on the file, then run the command again.", e);
        }
        catch (IOException e)
        {
            throw new StoreUnavailableException(Description, e.Message, e);
        }

        if (read > 0 && !header.AsSpan(0, read).SequenceEqual(Header.AsSpan(0, read)) || read is > 0 and < 16)
        {
            throw new NotABatchivoDatabaseException(Description, "the file is not an SQLite database.");
        }
    }
}
