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

    /// <summary>Where <see cref="InitializeAsync"/> logs the database's creation and migrations; the store that uses the provider sets it.</summary>
    /// <value>Default: a logger that logs nothing.</value>
    public Microsoft.Extensions.Logging.ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>
    /// Runs one store call (a read, a commit, a run-number reservation) on the database. The default runs it at once:
    /// a database server or file isolates concurrent calls by itself (each call has its own connection, and a write
    /// its own transaction). A provider whose database does not isolate them overrides this, e.g. to run one call at a
    /// time per database (EF Core InMemory).
    /// </summary>
    /// <typeparam name="T">The call's result.</typeparam>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Cancels the wait to start the call.</param>
    /// <returns>The call's result.</returns>
    public virtual Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call();
    }

    /// <summary>
    /// Begins the transaction a write (a commit, a run-number reservation) reads and saves in. The default is EF
    /// Core's <c>BeginTransactionAsync</c> at the database's default isolation: a concurrent writer's change to a row
    /// read here makes the save's version check (<c>UPDATE ... WHERE Version = @read</c>) touch nothing, and the write
    /// is refused as a concurrency conflict.
    /// </summary>
    /// <param name="context">The write's context.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transaction; the caller commits and disposes it.</returns>
    public virtual Task<IDbContextTransaction> BeginTransactionAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Database.BeginTransactionAsync(cancellationToken);
    }

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
    /// does not know (<see cref="StoreSchemaTooNewException"/>), creates the schema of a new database in one transaction
    /// (<see cref="CreateSchemaAsync"/>), applies the pending EF migrations of an older one, and refuses a database whose
    /// tables are incomplete (<see cref="StoreDamagedException"/>).
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
            throw TranslateError(e) ?? new StoreUnavailableException(Description, e.Message, e);
        }

        try
        {
            bool pending;
            List<string> toApply;
            try
            {
                var applied = await GetAppliedMigrationsAsync(context, cancellationToken).ConfigureAwait(false);
                if (applied.Count == 0)
                {
                    // A new database, or one whose creation was interrupted: created (or started over) in one transaction.
                    applied = await CreateSchemaAsync(context, cancellationToken).ConfigureAwait(false);
                    if (Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information))
                    {
                        var created = string.Join(", ", applied);
                        StoreLog.DatabaseCreated(Logger, Description, created);
                    }
                }

                var known = database.GetMigrations().ToList();
                var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
                if (unknown.Count > 0)
                {
                    throw new StoreSchemaTooNewException(Description, unknown[^1], known.Count > 0 ? known[^1] : "none");
                }

                pending = applied.Count < known.Count;
                toApply = [.. known.Except(applied, StringComparer.Ordinal)];
                if (!pending)
                {
                    await CheckTablesAsync(context, cancellationToken).ConfigureAwait(false);
                }

                var version = await SchemaVersionAsync(context, cancellationToken).ConfigureAwait(false);
                if (version > BatchivoDbContext.SchemaVersion)
                {
                    throw new StoreSchemaTooNewException(Description, version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), BatchivoDbContext.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            catch (DbException e)
            {
                throw TranslateError(e) ?? new NotABatchivoDatabaseException(Description, e.Message, e);
            }

            try
            {
                // Every start opens the store: with nothing to apply, skip the migrator, which builds the model of the last
                // migration to compare with, most of a start's time.
                if (pending)
                {
                    await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                    if (Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information))
                    {
                        var migrated = string.Join(", ", toApply);
                        StoreLog.DatabaseMigrated(Logger, Description, migrated);
                    }

                    await CheckTablesAsync(context, cancellationToken).ConfigureAwait(false);
                }

                await CheckIntegrityAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (TranslateError(e) is { } translated)
            {
                throw translated;
            }
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Turns an error of the database's environment (a full disk, a lock held past the timeout, a read-only file or
    /// folder, damaged pages, a lost connection) into a typed store error with its cause and what to do, or null when
    /// the error is none of these. The store asks on every operation; the provider looks through inner exceptions.
    /// </summary>
    /// <param name="exception">The error, as the operation raised it.</param>
    /// <returns>The error to throw instead, or null.</returns>
    public virtual BatchivoException? TranslateError(Exception exception) => null;

    /// <summary>
    /// The tables of the database (in the schema the store uses), or null when the provider cannot list them; then a
    /// database with tables and no migration history is refused as another application's, and the schema is not checked.
    /// </summary>
    /// <param name="context">A context, its connection open.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The table names, or null.</returns>
    protected virtual Task<IReadOnlyList<string>?> ListTablesAsync(BatchivoDbContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>?>(null);

    /// <summary>
    /// Runs the provider's check of the database's integrity on open (SQLite's <c>quick_check</c>); the default checks
    /// nothing. Throws <see cref="StoreDamagedException"/> when the database is damaged.
    /// </summary>
    /// <param name="context">A context, its connection open.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    protected virtual Task CheckIntegrityAsync(BatchivoDbContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Creates the schema of a database without a migration history in one transaction, the whole script of the
    /// migrations and their history rows at once: an interruption (a kill, a full disk) leaves the database as it was,
    /// and the next start creates it again. A database left half-created by an earlier interrupted start (only EF Core's
    /// migration tables, or empty Batchivo tables) is started over; one with other tables is refused. Inside the
    /// transaction the history is read again: when another process has created the schema meanwhile, nothing is done.
    /// </summary>
    /// <param name="context">A context, its connection open.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The migrations applied afterwards.</returns>
    protected virtual async Task<IReadOnlyList<string>> CreateSchemaAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var database = context.Database;
        var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // Reading a history table that does not exist may fail inside the provider (PostgreSQL: EF Core tries the
            // SELECT and catches the error), which aborts a PostgreSQL transaction: the read runs under a savepoint.
            await transaction.CreateSavepointAsync("history", cancellationToken).ConfigureAwait(false);
            var applied = await GetAppliedMigrationsAsync(context, cancellationToken).ConfigureAwait(false);
            await transaction.RollbackToSavepointAsync("history", cancellationToken).ConfigureAwait(false);
            if (applied.Count > 0)
            {
                return applied;
            }

            var tables = await ListTablesAsync(context, cancellationToken).ConfigureAwait(false);
            if (tables is null)
            {
                if (await context.GetService<IRelationalDatabaseCreator>().HasTablesAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new NotABatchivoDatabaseException(Description, "it holds tables of another application and no Batchivo schema.");
                }
            }
            else
            {
                await DropHalfCreatedSchemaAsync(context, tables, cancellationToken).ConfigureAwait(false);
            }

            var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.NoTransactions);
            await ExecuteAsync(context, script, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await GetAppliedMigrationsAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops what an interrupted creation left (EF Core's migration tables, empty Batchivo tables); refuses anything else.</summary>
    private async Task DropHalfCreatedSchemaAsync(BatchivoDbContext context, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var ours = ModelTables(context).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var migrationTables = new HashSet<string>(StringComparer.Ordinal) { HistoryTable(context).Name, "__EFMigrationsLock" };
        var foreign = tables.Where(t => !ours.Contains(t) && !migrationTables.Contains(t)).ToList();
        if (foreign.Count > 0)
        {
            throw new NotABatchivoDatabaseException(Description, "it holds tables of another application and no Batchivo schema.");
        }

        var sql = context.GetService<ISqlGenerationHelper>();
        var schema = ModelTables(context).Select(t => t.Schema).FirstOrDefault();
        // The seeded tables (schema version, run numbers, change sequence) hold their first rows from the start: data is anything else.
        var seeded = new[] { typeof(SchemaRow), typeof(RunNumberRow), typeof(ChangeSequenceRow) }.Select(t => context.Model.FindEntityType(t)!.GetTableName()).ToHashSet(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => ours.Contains(t) && !seeded.Contains(t)))
        {
            var command = context.Database.GetDbConnection().CreateCommand();
            await using var disposeCommand = command.ConfigureAwait(false);
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"SELECT 1 FROM {sql.DelimitIdentifier(table, schema)} LIMIT 1";
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null and not DBNull)
            {
                throw new NotABatchivoDatabaseException(Description, $"it holds Batchivo data (table {table}) but no record of the schema's migrations. Restore it from a backup.");
            }
        }

        // Dependents first: a table is dropped before the tables its foreign keys point at.
        var order = ModelTables(context).Select(t => t.Name).Reverse().Concat(migrationTables).Distinct(StringComparer.Ordinal);
        var drops = order.Where(tables.Contains).Select(t => $"DROP TABLE {sql.DelimitIdentifier(t, schema)};");
        await ExecuteAsync(context, string.Join("\n", drops), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks that every table of the model is in the database (when the provider can list them).</summary>
    private async Task CheckTablesAsync(BatchivoDbContext context, CancellationToken cancellationToken)
    {
        var tables = await ListTablesAsync(context, cancellationToken).ConfigureAwait(false);
        if (tables is not null)
        {
            var missing = ModelTables(context).Select(t => t.Name).Where(t => !tables.Contains(t, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                throw new StoreDamagedException(Description, $"its table{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing.");
            }
        }
    }

    /// <summary>The model's tables, parents before the tables that refer to them (the order the migrations create them in).</summary>
    private static IEnumerable<(string Name, string? Schema)> ModelTables(BatchivoDbContext context)
    {
        var types = context.Model.GetEntityTypes().Where(t => t.GetTableName() is not null).ToList();
        var placed = new List<Microsoft.EntityFrameworkCore.Metadata.IEntityType>();
        while (placed.Count < types.Count)
        {
            var next = types.Where(t => !placed.Contains(t) && t.GetForeignKeys().All(fk => fk.PrincipalEntityType == t || placed.Contains(fk.PrincipalEntityType) || !types.Contains(fk.PrincipalEntityType))).ToList();
            placed.AddRange(next.Count > 0 ? next : types.Where(t => !placed.Contains(t)));
        }

        return placed.Select(t => (t.GetTableName()!, t.GetSchema())).Distinct();
    }

    private static (string Name, string? Schema) HistoryTable(BatchivoDbContext context)
    {
        var options = RelationalOptionsExtension.Extract(context.GetService<IDbContextOptions>());
        return (options.MigrationsHistoryTableName ?? HistoryRepository.DefaultTableName, options.MigrationsHistoryTableSchema);
    }

    private static async Task ExecuteAsync(BatchivoDbContext context, string sql, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return;
        }

        var command = context.Database.GetDbConnection().CreateCommand();
        await using var disposeCommand = command.ConfigureAwait(false);
        command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
        command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
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
