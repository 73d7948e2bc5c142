using System.Data.Common;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Batchivo.Testing.Storage;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Batchivo.Storage.Sqlite.Tests;

/// <summary>
/// Completing a run (3 items, 2 spools) is one write: a fault injected at every step of it (before and after each
/// command, at the commit) leaves the file exactly as it was; the first attempt past the last step stores all of it.
/// The store reads the rows it writes in the same transaction, so faults hit its reads too.
/// </summary>
public sealed class FaultInjectionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_fault_at_any_step_of_a_completion_stores_nothing_of_it()
    {
        var path = _folder.File("faults.db");
        var clean = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        var service = new ProductionService(clean);
        await service.Catalog.AddSpoolAsync(new NewSpool("PLA-001", new Material(new MaterialSpec("PLA", "Black")), new Mass(1000m), new Money(20m, "EUR"), new Mass(200m), null, new Mass(1200m)));
        await service.Catalog.AddSpoolAsync(new NewSpool("PETG-001", new Material(new MaterialSpec("PETG", "Red")), new Mass(1000m), new Money(25m, "EUR"), new Mass(200m), null, new Mass(1100m)));
        await service.Catalog.AddPrinterAsync("X1C", "Bambu X1C", 4);
        var run = await service.Runs.CreateRunAsync("X1C");
        for (var i = 1; i <= 3; i++)
        {
            await service.Catalog.AddProductAsync($"P-{i}", $"Part {i}", [new BomLine(new MaterialSpec("PLA", "Black"), new Mass(10m * i)), new BomLine(new MaterialSpec("PETG", "Red"), new Mass(2.5m))]);
            await service.Runs.AddProductToRunAsync(run.Number, $"P-{i}", i);
        }

        await service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        await service.Runs.AssignSpoolAsync(run.Number, "PETG-001");
        await service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-001", new Mass(1200m));
        await service.Weighing.RecordWeightBeforeAsync(run.Number, "PETG-001", new Mass(1100m));
        await service.Runs.StartAsync(run.Number);
        await service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-001", new Mass(1055.5m));
        await service.Weighing.RecordWeightAfterAsync(run.Number, "PETG-001", new Mass(1084m));
        for (var i = 1; i <= 3; i++)
        {
            await service.Runs.RecordOutcomeAsync(run.Number, $"P-{i}", i, 0);
        }

        // The completion, prepared once: a change set holds snapshots, so every attempt writes the same thing.
        var before = await SnapshotAsync(clean, run.Id);
        var toComplete = (await clean.FindRunAsync(run.Id))!;
        var spools = new List<Spool> { (await clean.FindSpoolByCodeAsync("PLA-001"))!, (await clean.FindSpoolByCodeAsync("PETG-001"))! };
        toComplete.Complete(spools, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), new QualityRating(5));
        var changes = new ChangeSet().Put(toComplete).Put(spools[0]).Put(spools[1]);

        var faults = new FaultPlan();
        var injected = 0;
        for (var step = 1; ; step++)
        {
            var faulty = new EfProductionStore(SqliteStoreProvider.ForFile(path), o => o.AddInterceptors(new CommandFaults(faults), new CommitFault(faults)));
            await faulty.InitializeAsync();
            faults.Arm(step);
            try
            {
                await ((IProductionStore)faulty).CommitAsync(changes);
            }
            catch (Exception e) when (IsInjected(e))
            {
                injected++;
                Assert.Equal(before, await SnapshotAsync(new EfProductionStore(SqliteStoreProvider.ForFile(path)), run.Id));
                continue;
            }
            finally
            {
                faults.Disarm();
            }

            Assert.True(faults.Steps < step, $"The commit succeeded although step {step} should have failed.");
            Assert.True(faults.Reads > 0, "The store read nothing before it wrote.");
            break;
        }

        // Reads, the updates of the run, its items and spools, the ledger inserts, and the commit: many steps.
        Assert.True(injected >= 10, $"only {injected} steps");
        var after = await SnapshotAsync(new EfProductionStore(SqliteStoreProvider.ForFile(path)), run.Id);
        Assert.NotEqual(before, after);
        var stored = (await clean.FindRunAsync(run.Id))!;
        Assert.Equal(RunStatus.Completed, stored.Status);
        Assert.Equal(new Mass(1055.5m), (await clean.FindSpoolByCodeAsync("PLA-001"))!.GrossWeight);
        Assert.Equal(3, (await clean.FindSpoolByCodeAsync("PLA-001"))!.Ledger.Count);
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

    /// <summary>Everything the completion touches, as text: the run's state, both spools' states and ledgers.</summary>
    private static async Task<string> SnapshotAsync(EfProductionStore store, RunId runId)
    {
        var run = (await store.FindRunAsync(runId))!;
        var spools = await store.ListSpoolsAsync();
        return string.Join(
            "\n",
            new[] { $"{run.Status} v{run.Version} q{run.Quality} {run.EndedAt} {string.Join(",", run.Items.Select(i => i.OutcomeText()))}" }
                .Concat(spools.Select(s => $"{s.Code} v{s.Version} {s.GrossWeight} {s.ActiveRunId} [{string.Join(";", s.Ledger.Select(l => $"{l.Sequence}:{l.Kind}:{l.GrossAfter}"))}]")));
    }

    public void Dispose() => _folder.Dispose();

    private sealed class InjectedFault(int step) : Exception($"Injected fault at step {step}.");

    private sealed class FaultPlan
    {
        private int _failAt;

        public int Steps { get; private set; }

        /// <summary>SELECTs run while armed.</summary>
        public int Reads { get; private set; }

        public void Arm(int failAt)
        {
            Steps = 0;
            Reads = 0;
            _failAt = failAt;
        }

        public void Read(DbCommand command)
        {
            if (_failAt != 0 && command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                Reads++;
            }
        }

        public void Disarm() => _failAt = 0;

        public void Step()
        {
            if (_failAt == 0)
            {
                return;
            }

            Steps++;
            if (Steps == _failAt)
            {
                throw new InjectedFault(Steps);
            }
        }
    }

    private sealed class CommandFaults(FaultPlan plan) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            plan.Read(command);
            plan.Step();
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            try
            {
                plan.Step();
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
            plan.Step();
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            plan.Step();
            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            plan.Read(command);
            plan.Step();
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            plan.Step();
            return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
        }
    }

    private sealed class CommitFault(FaultPlan plan) : DbTransactionInterceptor
    {
        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            plan.Step();
            return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
        }
    }
}
