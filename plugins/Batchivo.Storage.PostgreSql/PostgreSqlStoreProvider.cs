using System.Data.Common;
using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Batchivo.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL database provider of <see cref="EfStoreProvider"/>: Npgsql, this assembly's migrations, PostgreSQL's
/// error codes, and a migration that is safe when several hosts start at once (a PostgreSQL advisory lock).
/// </summary>
/// <remarks>Thread-safe: one instance serves every operation of a store.</remarks>
public sealed class PostgreSqlStoreProvider : EfStoreProvider
{
    /// <summary>The key of the advisory lock held while the schema is checked and migrated ("Batchivo" in ASCII).</summary>
    internal const long MigrationLockKey = 0x4261746368697666;


    /// <summary>Creates the provider.</summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=batchivo;Username=batchivo;Password=...</c>.</param>
    /// <exception cref="ArgumentException">The connection string is empty or not a valid Npgsql connection string.</exception>
    public PostgreSqlStoreProvider(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {e.Message} Use the Npgsql form, e.g. Host=db;Database=batchivo;Username=batchivo;Password=....", nameof(connectionString), e);
        }

        ConnectionString = builder.ConnectionString;
        Description = $"PostgreSQL database {builder.Database ?? builder.Username ?? "(default)"} on {builder.Host ?? "localhost"}:{builder.Port}";
    }

    /// <inheritdoc />
    public override string Description { get; }

    /// <summary>The connection string (it may hold a password: do not log it).</summary>
    public string ConnectionString { get; }

    /// <inheritdoc />
    public override void ConfigureDbContext(DbContextOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlStoreProvider).Assembly.GetName().Name));
    }

    /// <inheritdoc />
    public override WriteErrorKind ClassifyWriteError(DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException is PostgresException e ? Classify(e) : WriteErrorKind.Other;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Holds a session advisory lock while it checks and migrates the schema, so hosts starting at once migrate one
    /// after the other, and none mistakes a half-created schema for another application's tables.
    /// </remarks>
    public override async Task InitializeAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = new NpgsqlConnection(ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or IOException or TimeoutException)
            {
                throw new StoreUnavailableException(Description, e.Message, e);
            }

            await AdvisoryAsync(connection, "SELECT pg_advisory_lock(@key)", cancellationToken).ConfigureAwait(false);
            try
            {
                await base.InitializeAsync(context, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await AdvisoryAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A lost connection (the server shut down or crashed, the network failed mid-command) becomes
    /// <see cref="StoreConnectionLostException"/> in plain words; the store then finds out whether a commit was stored.
    /// </remarks>
    public override BatchivoException? TranslateError(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" } p:
                    return new StoreConnectionLostException(Description, $"the server is shutting down or restarting ({p.MessageText})", exception);
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return new StoreConnectionLostException(Description, $"the connection failed ({p.MessageText})", exception);
                case NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException or EndOfStreamException } n:
                    return new StoreConnectionLostException(Description, $"the server closed the connection or stopped answering ({n.InnerException!.Message})", exception);
                case NpgsqlException { IsTransient: true } n when n is not PostgresException:
                    return new StoreConnectionLostException(Description, $"the server closed the connection or stopped answering ({n.Message})", exception);
                default:
                    break;
            }
        }

        return null;
    }

    /// <inheritdoc />
    /// <remarks>The base tables of the connection's current schema.</remarks>
    protected override async Task<IReadOnlyList<string>?> ListTablesAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tables = new List<string>();
        var command = context.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
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

    internal static WriteErrorKind Classify(PostgresException e) => e.SqlState switch
    {
        // A primary key taken means someone else inserted the same entity first.
        PostgresErrorCodes.UniqueViolation when e.ConstraintName?.StartsWith("PK_", StringComparison.Ordinal) == true => WriteErrorKind.PrimaryKey,
        PostgresErrorCodes.UniqueViolation => WriteErrorKind.UniqueKey,

        // Two transactions that touched the same rows: the database refused one; it is a concurrency conflict too.
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => WriteErrorKind.PrimaryKey,
        _ => WriteErrorKind.Other,
    };

    private static async Task AdvisoryAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
