using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Batchivo.Storage.Sqlite;

/// <summary>The SQLite provider of <see cref="EfProductionStore"/>: one database file in WAL mode.</summary>
/// <remarks>Thread-safe. Connections are pooled by Microsoft.Data.Sqlite; a busy database is waited for up to the command timeout.</remarks>
public sealed class SqliteStoreProvider : EfStoreProvider
{
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>Creates the provider for a database file.</summary>
    /// <param name="path">The file; created with its schema on first use. A relative path is resolved against the current directory.</param>
    /// <returns>The provider.</returns>
    public static SqliteStoreProvider ForFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
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
    }

    /// <summary>The connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? FilePath { get; }

    /// <inheritdoc />
    public override string Description => FilePath is null ? "SQLite in memory" : $"SQLite file {FilePath}";

    /// <inheritdoc />
    /// <value>True: EF Core's SQLite provider saves every row with a command of its own.</value>
    public override bool SendsOneCommandPerRow => true;

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
    /// <remarks>Refuses a file that is not an SQLite database by its header before opening it, and a folder that does not exist; then migrates and turns on WAL.</remarks>
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
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
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
            return;
        }

        var header = new byte[Header.Length];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(Description, e.Message, e);
        }

        if (read > 0 && !header.AsSpan(0, read).SequenceEqual(Header.AsSpan(0, read)) || read is > 0 and < 16)
        {
            throw new NotABatchivoDatabaseException(Description, "the file is not an SQLite database.");
        }
    }
}
