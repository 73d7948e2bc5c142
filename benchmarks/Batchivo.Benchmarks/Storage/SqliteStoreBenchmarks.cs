using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Batchivo.Benchmarks.Storage;

/// <summary>
/// Completing runs (3 items, 2 spools) on the SQLite store: <see cref="EfProductionStore.CommitAsync"/> against
/// hand-written ADO.NET doing the same writes (run, two spools, two ledger entries, one transaction, version checks)
/// on a copy of the same file.
/// </summary>
/// <remarks>Target: the EF store within 1.5x of the hand-written writes. Each iteration starts from a fresh copy of a
/// database holding <see cref="Runs"/> runs in progress, weighed and with outcomes, and completes all of them.</remarks>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(StorageBenchmarkConfig))]
public class SqliteCompletionBenchmarks
{
    /// <summary>Completions per iteration.</summary>
    public const int Runs = 100;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "batchivo-bench-completions-" + Environment.ProcessId);
    private List<ChangeSet> _completions = [];
    private string _template = "";
    private string _work = "";
    private EfProductionStore? _store;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_folder);
        _template = Path.Combine(_folder, "template.db");
        _work = Path.Combine(_folder, "work.db");
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(_template));
        _completions = PrepareAsync(store).GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
    }

    [IterationSetup]
    public void CopyTemplate()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_work + suffix);
        }

        File.Copy(_template, _work);
        _store = new EfProductionStore(SqliteStoreProvider.ForFile(_work));
        _store.InitializeAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The hand-written baseline: per run one transaction of version-checked updates and the ledger inserts.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Runs)]
    public async Task HandWrittenAdoNet()
    {
        await using var connection = new SqliteConnection(SqliteStoreProvider.ForFile(_work).ConnectionString);
        await connection.OpenAsync();
        foreach (var changes in _completions)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            var run = changes.Runs[0];
            var totals = ProductionRun.Restore(run).Totals;
            await using (var update = connection.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = "UPDATE Runs SET Status = $status, EndedAt = $ended, Quality = $quality, Notes = $notes, ActivityAt = $ended, PrintTicks = $ticks, FailedUnits = $failed, FiguresExact = 1, HasVariancePercent = $hasPct, EstimatedUnits = $est, VarianceUnits = $var, VariancePercentUnits = $pct, ActualRecordedUnits = $rec, PurgeWasteUnits = $purge, FailedWasteUnits = $fw, Version = $version + 1 WHERE Id = $id AND Version = $version";
                update.Parameters.AddWithValue("$status", (int)run.Status);
                update.Parameters.AddWithValue("$ended", run.EndedAt!.Value.UtcTicks);
                update.Parameters.AddWithValue("$quality", (object?)run.Quality?.Stars ?? DBNull.Value);
                update.Parameters.AddWithValue("$notes", (object?)run.Notes ?? DBNull.Value);
                update.Parameters.AddWithValue("$ticks", (run.EndedAt!.Value - run.StartedAt!.Value).Ticks);
                update.Parameters.AddWithValue("$failed", run.Items.Sum(i => i.Failed ?? 0));
                update.Parameters.AddWithValue("$hasPct", totals.VariancePercent is null ? 0 : 1);
                update.Parameters.AddWithValue("$est", (long)(totals.Estimated.Grams * 10_000m));
                update.Parameters.AddWithValue("$var", (long)((totals.Variance ?? Mass.Zero).Grams * 10_000m));
                update.Parameters.AddWithValue("$pct", (long)((totals.VariancePercent ?? 0m) * 10_000m));
                update.Parameters.AddWithValue("$rec", (long)(totals.ActualRecorded.Grams * 10_000m));
                update.Parameters.AddWithValue("$purge", (long)(totals.PurgeWaste.Grams * 10_000m));
                update.Parameters.AddWithValue("$fw", (long)(totals.FailedUnitsWaste.Grams * 10_000m));
                update.Parameters.AddWithValue("$version", run.Version);
                update.Parameters.AddWithValue("$id", Text(run.Id.Value));
                Check(await update.ExecuteNonQueryAsync());
            }

            foreach (var spool in changes.Spools)
            {
                await using (var update = connection.CreateCommand())
                {
                    update.Transaction = transaction;
                    update.CommandText = "UPDATE Spools SET GrossWeight = $gross, ActiveRunId = NULL, Version = $version + 1 WHERE Id = $id AND Version = $version";
                    update.Parameters.AddWithValue("$gross", spool.GrossWeight!.Value.Grams.ToString(CultureInfo.InvariantCulture));
                    update.Parameters.AddWithValue("$version", spool.Version);
                    update.Parameters.AddWithValue("$id", Text(spool.Id.Value));
                    Check(await update.ExecuteNonQueryAsync());
                }

                var entry = spool.Ledger[^1];
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO SpoolLedger (SpoolId, Sequence, At, Kind, GrossBefore, GrossAfter, RunId, RunNumber, Note) VALUES ($spool, $seq, $at, $kind, $before, $after, $run, $number, $note)";
                insert.Parameters.AddWithValue("$spool", Text(spool.Id.Value));
                insert.Parameters.AddWithValue("$seq", entry.Sequence);
                insert.Parameters.AddWithValue("$at", entry.At.UtcTicks);
                insert.Parameters.AddWithValue("$kind", (int)entry.Kind);
                insert.Parameters.AddWithValue("$before", entry.GrossBefore!.Value.Grams.ToString(CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$after", entry.GrossAfter.Grams.ToString(CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$run", Text(entry.RunId!.Value.Value));
                insert.Parameters.AddWithValue("$number", entry.RunNumber!.Value);
                insert.Parameters.AddWithValue("$note", (object?)entry.Note ?? DBNull.Value);
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }
    }

    /// <summary>The EF Core store: one <see cref="EfProductionStore.CommitAsync"/> per run.</summary>
    [Benchmark(OperationsPerInvoke = Runs)]
    public async Task EfCoreStore()
    {
        foreach (var changes in _completions)
        {
            await _store!.CommitAsync(changes);
        }
    }

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static void Check(int rows)
    {
        if (rows != 1)
        {
            throw new ConcurrencyConflictException("row", "?", 0);
        }
    }

    /// <summary>Runs in progress, each with 3 items and its own 2 spools, weighed after, outcomes recorded; and their completions.</summary>
    private static async Task<List<ChangeSet>> PrepareAsync(EfProductionStore store)
    {
        var at = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        var service = new ProductionService(store);
        var pla = new MaterialSpec("PLA", "Black");
        var petg = new MaterialSpec("PETG", "Red");
        await service.AddPrinterAsync("X1C", "Bambu X1C", 4);
        for (var p = 1; p <= 3; p++)
        {
            await service.AddProductAsync($"P-{p}", $"Part {p}", [new BomLine(pla, new Mass(10m * p)), new BomLine(petg, new Mass(2.5m))]);
        }

        var numbers = new List<int>();
        for (var i = 0; i < Runs; i++)
        {
            await service.AddSpoolAsync(new NewSpool($"PLA-{i}", new Material(pla), new Mass(1000m), new Money(20m, "EUR"), new Mass(200m), null, new Mass(1200m)));
            await service.AddSpoolAsync(new NewSpool($"PETG-{i}", new Material(petg), new Mass(1000m), new Money(25m, "EUR"), new Mass(200m), null, new Mass(1100m)));
            var run = await service.CreateRunAsync("X1C");
            for (var p = 1; p <= 3; p++)
            {
                await service.AddProductToRunAsync(run.Number, $"P-{p}", p);
            }

            await service.AssignSpoolAsync(run.Number, $"PLA-{i}");
            await service.AssignSpoolAsync(run.Number, $"PETG-{i}");
            await service.RecordWeightBeforeAsync(run.Number, $"PLA-{i}", new Mass(1200m));
            await service.RecordWeightBeforeAsync(run.Number, $"PETG-{i}", new Mass(1100m));
            await service.StartAsync(run.Number);
            await service.RecordWeightAfterAsync(run.Number, $"PLA-{i}", new Mass(1055.5m));
            await service.RecordWeightAfterAsync(run.Number, $"PETG-{i}", new Mass(1084m));
            for (var p = 1; p <= 3; p++)
            {
                await service.RecordOutcomeAsync(run.Number, $"P-{p}", p, 0);
            }

            numbers.Add(run.Number);
        }

        var completions = new List<ChangeSet>();
        foreach (var number in numbers)
        {
            var run = (await store.FindRunByNumberAsync(number))!;
            var spools = new List<Spool>();
            foreach (var m in run.Materials)
            {
                spools.Add((await store.FindSpoolAsync(m.SpoolId))!);
            }

            run.Complete(spools, at.AddHours(number), new QualityRating(4));
            var changes = new ChangeSet().Put(run);
            foreach (var spool in spools)
            {
                changes.Put(spool);
            }

            completions.Add(changes);
        }

        return completions;
    }
}
