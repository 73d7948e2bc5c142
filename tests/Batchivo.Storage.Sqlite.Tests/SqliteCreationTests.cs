using System.Data.Common;
using System.Security.Cryptography;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Batchivo.Storage.Sqlite.Tests;

/// <summary>
/// The first start creates the schema in one transaction: whatever interrupts it (a fault at any command, a file left
/// half-created by an older version's interrupted start), the next start finishes the database instead of calling it
/// another application's.
/// </summary>
public sealed class SqliteCreationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_holding_only_the_migration_lock_and_history_tables_opens_fine(bool lockHeld)
    {
        // What EF Core's migrator leaves when the process dies after taking its lock and creating the history table,
        // before the migration's transaction commits: made here by EF Core itself, stopped at the first Batchivo table.
        var path = _folder.File("half.db");
        var stopping = new EfProductionStore(SqliteStoreProvider.ForFile(path), o => o.AddInterceptors(new StopAtFirstBatchivoTable()));
        await using (var db = stopping.CreateDbContext())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.MigrateAsync());
        }

        if (lockHeld)
        {
            // A killed process never releases the lock: its row stays.
            await ExecuteAsync(path, "INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '2026-12-01 10:00:00+00:00');");
        }

        Assert.Equal(["__EFMigrationsHistory", "__EFMigrationsLock"], await TablesAsync(path));

        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        Assert.Equal(1, await store.ReserveRunNumberAsync());
        Assert.DoesNotContain("__EFMigrationsLock", await TablesAsync(path));
        Assert.Equal(2, await new EfProductionStore(SqliteStoreProvider.ForFile(path)).ReserveRunNumberAsync());
    }

    [Fact]
    public async Task A_file_with_an_empty_part_of_the_schema_and_no_history_is_started_over()
    {
        var path = _folder.File("partial.db");
        await ExecuteAsync(path, "CREATE TABLE \"Printers\" (\"Id\" TEXT NOT NULL PRIMARY KEY); CREATE TABLE \"BatchivoSchema\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Version\" INTEGER NOT NULL); INSERT INTO \"BatchivoSchema\" VALUES (1, 1);");

        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        Assert.Empty(await store.ListPrintersAsync());
        Assert.Equal(1, await store.ReserveRunNumberAsync());
    }

    [Fact]
    public async Task Batchivo_tables_with_data_and_no_history_are_refused_and_left_untouched()
    {
        var path = _folder.File("orphan.db");
        await ExecuteAsync(path, "CREATE TABLE \"Printers\" (\"Id\" TEXT NOT NULL PRIMARY KEY); INSERT INTO \"Printers\" VALUES ('x');");
        var hash = Hash(path);

        var error = await Assert.ThrowsAsync<NotABatchivoDatabaseException>(() => new EfProductionStore(SqliteStoreProvider.ForFile(path)).InitializeAsync());
        Assert.Contains("Printers", error.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(hash, Hash(path));
    }

    [Fact]
    public async Task A_fault_at_any_step_of_the_first_creation_leaves_a_file_the_next_start_creates()
    {
        var faults = 0;
        for (var step = 1; ; step++)
        {
            var path = _folder.File($"faults-{step}.db");
            var fault = new FaultAtStep(step);
            var faulty = new EfProductionStore(SqliteStoreProvider.ForFile(path), o => o.AddInterceptors(fault, new FaultAtCommit(fault)));
            try
            {
                await faulty.InitializeAsync();
            }
            catch (Exception e) when (IsInjected(e))
            {
                faults++;
                SqliteConnection.ClearAllPools();
                var next = new EfProductionStore(SqliteStoreProvider.ForFile(path));
                Assert.Equal(1, await next.ReserveRunNumberAsync());
                continue;
            }

            Assert.True(fault.Steps < step, $"The creation succeeded although step {step} should have failed.");
            break;
        }

        // Reads of the history, the tables, the creation script, its commit, the schema checks, WAL: many steps.
        Assert.True(faults >= 8, $"only {faults} steps");
    }

    [Fact]
    public async Task Two_stores_creating_the_same_new_file_at_once_both_open_it()
    {
        var path = _folder.File("race.db");
        var stores = Enumerable.Range(0, 4).Select(_ => new EfProductionStore(SqliteStoreProvider.ForFile(path))).ToList();
        var numbers = await Task.WhenAll(stores.Select(s => Task.Run(() => s.ReserveRunNumberAsync())));
        Assert.Equal([1L, 2, 3, 4], numbers.Select(n => (long)n).Order());
    }

    public void Dispose() => _folder.Dispose();

    internal static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    internal static async Task ExecuteAsync(string path, string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> TablesAsync(string path)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static bool IsInjected(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is InjectedFault)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class InjectedFault(int step) : Exception($"Injected fault at step {step}.");

    /// <summary>Fails the n-th step: before or after any command, or at a commit.</summary>
    private sealed class FaultAtStep(int failAt) : DbCommandInterceptor
    {
        public int Steps { get; private set; }

        public void Step()
        {
            if (++Steps == failAt)
            {
                throw new InjectedFault(Steps);
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Step();
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            try
            {
                Step();
            }
            catch (InjectedFault)
            {
                await result.DisposeAsync();
                throw;
            }

            return await base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Step();
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Step();
            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Step();
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Step();
            return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
        }
    }

    private sealed class FaultAtCommit(FaultAtStep plan) : DbTransactionInterceptor
    {
        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            plan.Step();
            return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
        }
    }

    /// <summary>Stops EF Core's migrator at its first command that creates a Batchivo table.</summary>
    private sealed class StopAtFirstBatchivoTable : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("CREATE TABLE", StringComparison.Ordinal) && !command.CommandText.Contains("__EFMigrations", StringComparison.Ordinal)
                ? throw new InvalidOperationException("Stopped before the first Batchivo table.")
                : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
