using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Batchivo.Storage.EntityFrameworkCore;

/// <summary>What a failed write broke, as a database provider reports it.</summary>
public enum WriteErrorKind
{
    /// <summary>Anything else: the error propagates as it is.</summary>
    Other,

    /// <summary>A primary key was taken: someone else inserted the same entity first (a concurrency conflict).</summary>
    PrimaryKey,

    /// <summary>A unique index was violated (spool code, SKU, printer name, run number).</summary>
    UniqueKey,
}

/// <summary>
/// A database provider for <see cref="EfProductionStore"/>: how to configure the context, how to read its errors and
/// how to create or migrate the schema. Store plugins (SQLite, PostgreSQL, InMemory) derive from it.
/// </summary>
/// <remarks>Instances are shared by every operation of a store: implementations must be thread-safe.</remarks>
public abstract class EfStoreProvider
{
    /// <summary>What the store is, for messages, e.g. <c>SQLite file /data/batchivo.db</c>. Never contains secrets.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// True when the database has transactions. When false (EF InMemory), the store serialises every operation
    /// under one lock per <see cref="ExclusiveGate"/> and validates a whole change set before it saves any of it.
    /// </summary>
    /// <value>True.</value>
    public virtual bool SupportsTransactions => true;

    /// <summary>
    /// True when the provider's <c>SaveChanges</c> sends one command per row anyway (SQLite): the store then writes a
    /// commit's inserts and updates itself, a command per row through EF Core's command pipeline, and leaves to
    /// <c>SaveChanges</c> only the commits that delete rows or move a unique key. False (the default) for providers that
    /// batch a save into few round trips (PostgreSQL) and for those without SQL (InMemory).
    /// </summary>
    /// <value>False.</value>
    public virtual bool SendsOneCommandPerRow => false;

    /// <summary>The lock that serialises operations when <see cref="SupportsTransactions"/> is false; shared by every store on the same database.</summary>
    /// <value>Null.</value>
    public virtual SemaphoreSlim? ExclusiveGate => null;

    /// <summary>Configures the context: the provider (<c>UseSqlite</c>...), its migrations assembly, query splitting.</summary>
    /// <param name="builder">The options builder.</param>
    public abstract void ConfigureDbContext(DbContextOptionsBuilder builder);

    /// <summary>Tells what a failed save broke (a primary key, a unique index, something else).</summary>
    /// <param name="exception">The error from <c>SaveChanges</c>.</param>
    /// <returns>The kind.</returns>
    public virtual WriteErrorKind ClassifyWriteError(DbUpdateException exception) => WriteErrorKind.Other;

    /// <summary>
    /// Creates or migrates the schema on first use. The default, for relational databases, opens the connection
    /// (<see cref="StoreUnavailableException"/> if it cannot), refuses a database with foreign tables and no Batchivo
    /// migrations (<see cref="NotABatchivoDatabaseException"/>) or with migrations or a schema version this version
    /// does not know (<see cref="StoreSchemaTooNewException"/>), then applies the pending EF migrations.
    /// </summary>
    /// <param name="context">A context.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual async Task InitializeAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var database = context.Database;
        try
        {
            await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(Description, e.Message, e);
        }

        bool pending;
        try
        {
            var applied = await GetAppliedMigrationsAsync(context, cancellationToken).ConfigureAwait(false);
            var known = database.GetMigrations().ToList();
            var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new StoreSchemaTooNewException(Description, unknown[^1], known.Count > 0 ? known[^1] : "none");
            }

            pending = applied.Count < known.Count;

            if (applied.Count == 0)
            {
                var creator = context.GetService<IRelationalDatabaseCreator>();
                if (await creator.HasTablesAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new NotABatchivoDatabaseException(Description, "it holds tables of another application and no Batchivo schema.");
                }
            }
            else
            {
                var version = await SchemaVersionAsync(context, cancellationToken).ConfigureAwait(false);
                if (version > BatchivoDbContext.SchemaVersion)
                {
                    throw new StoreSchemaTooNewException(Description, version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), BatchivoDbContext.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

        }
        catch (DbException e)
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
            throw new NotABatchivoDatabaseException(Description, e.Message, e);
        }

        try
        {
            // Every start opens the store: with nothing to apply, skip the migrator, which builds the model of the last
            // migration to compare with, most of a start's time.
            if (pending)
            {
                await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The migrations applied to the database, oldest first. The default asks EF Core (<c>GetAppliedMigrationsAsync</c>).</summary>
    /// <param name="context">A context, its connection open.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The migration ids.</returns>
    protected virtual async Task<IReadOnlyList<string>> GetAppliedMigrationsAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [.. await context.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>
    /// Reads the migrations applied to the database, oldest first, from EF Core's history table with one plain query,
    /// for providers whose history repository tells reliably whether the table exists (SQLite). EF Core's own
    /// <c>GetAppliedMigrationsAsync</c> builds a model of the history table first: most of a start's time for a host
    /// that runs a process per command.
    /// </summary>
    /// <param name="context">A context, its connection open.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The migration ids.</returns>
    protected static async Task<IReadOnlyList<string>> ReadMigrationHistoryAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var history = context.GetService<IHistoryRepository>();
        if (!await history.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var options = RelationalOptionsExtension.Extract(context.GetService<IDbContextOptions>());
        var sql = context.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(options.MigrationsHistoryTableName ?? HistoryRepository.DefaultTableName, options.MigrationsHistoryTableSchema);
        var applied = new List<string>();
        var command = context.Database.GetDbConnection().CreateCommand();
        await using var disposeCommand = command.ConfigureAwait(false);
        command.CommandText = $"SELECT {sql.DelimitIdentifier("MigrationId")} FROM {table} ORDER BY {sql.DelimitIdentifier("MigrationId")}";
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetString(0));
            }
        }

        return applied;
    }

    /// <summary>The schema version the database holds (table <c>BatchivoSchema</c>), or null; one plain query with the model's names.</summary>
    private static async Task<int?> SchemaVersionAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        var type = context.Model.FindEntityType(typeof(SchemaRow))!;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var sql = context.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName(table)!);
        var command = context.Database.GetDbConnection().CreateCommand();
        await using var disposeCommand = command.ConfigureAwait(false);
        command.CommandText = $"SELECT {Column(nameof(SchemaRow.Version))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} WHERE {Column(nameof(SchemaRow.Id))} = 1";
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
