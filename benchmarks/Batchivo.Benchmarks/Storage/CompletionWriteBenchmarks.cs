using System.Data.Common;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.EntityFrameworkCore;

namespace Batchivo.Benchmarks.Storage;

/// <summary>
/// Completing runs (3 items, 2 spools): the run, both spools' new weights and their ledger entries written in one
/// transaction, through <c>EfProductionStore.CommitAsync</c> on SQLite and PostgreSQL, against hand-written ADO.NET
/// doing the same writes (one UPDATE of the run, two version-checked UPDATEs of the spools, two ledger INSERTs), and
/// the least EF Core can do for them (a minimal model, stubs attached, one save).
/// </summary>
/// <remarks>
/// Each iteration completes <see cref="RunsPerIteration"/> runs prepared (started, weighed after, outcomes recorded,
/// completed in memory) by the iteration setup, so only the store's write is measured. Target: EF Core within 1.5x
/// of the hand-written writes.
/// </remarks>
[Config(typeof(CompletionWriteConfig))]
public class CompletionWriteBenchmarks
{
    private const int RunsPerIteration = 100;
    private static readonly MaterialSpec Black = new("PLA", "Black");
    private static readonly MaterialSpec White = new("PLA", "White");
    private static readonly string[] Skus = ["STAND", "CLIP", "HOOK"];

    private readonly List<(ProductionRun Run, Spool[] Spools)> _pending = [];
    private BenchmarkDatabase _database = null!;
    private ProductionService _service = null!;
    private int _spools;
    private DbContextOptions<MinimalCompletionContext> _minimalOptions = null!;

    /// <summary>The database.</summary>
    [Params(StoreDatabase.Sqlite, StoreDatabase.PostgreSql)]
    public StoreDatabase Database { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _database.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationSetup]
    public void PrepareRuns() => PrepareRunsAsync().GetAwaiter().GetResult();

    /// <summary>Hand-written ADO.NET: the same rows, one transaction per completion, versions checked.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RunsPerIteration)]
    public async Task HandWrittenAdoNet()
    {
        foreach (var (run, spools) in _pending)
        {
            await HandWrittenCompletion.WriteAsync(_database, run, spools);
        }
    }

    /// <summary>The least EF Core can do for the same writes (<see cref="MinimalEfCompletion"/>): EF Core's own share of the store's cost.</summary>
    [Benchmark(OperationsPerInvoke = RunsPerIteration)]
    public async Task MinimalEfCore()
    {
        await using var db = new MinimalCompletionContext(_minimalOptions);
        foreach (var (run, spools) in _pending)
        {
            await MinimalEfCompletion.WriteAsync(db, run, spools);
        }
    }

    /// <summary>The EF Core store: <c>CommitAsync</c> of the run and its two spools.</summary>
    [Benchmark(OperationsPerInvoke = RunsPerIteration)]
    public async Task EfCoreStore()
    {
        foreach (var (run, spools) in _pending)
        {
            await ((IProductionStore)_database.Store).CommitAsync(new ChangeSet().Put(run).Put(spools[0]).Put(spools[1]));
        }
    }

    private async Task SetupAsync()
    {
        _database = await BenchmarkDatabase.CreateAsync(Database);
        var minimal = new DbContextOptionsBuilder<MinimalCompletionContext>();
        _minimalOptions = (Database == StoreDatabase.Sqlite ? minimal.UseSqlite(_database.ConnectionString) : minimal.UseNpgsql(_database.ConnectionString)).Options;
        _service = new ProductionService(_database.Store);
        await _service.Catalog.AddProductAsync("STAND", "Phone Stand", [new BomLine(Black, Mass.FromGrams(45), Mass.FromGrams(5))]);
        await _service.Catalog.AddProductAsync("CLIP", "Cable Clip", [new BomLine(White, Mass.FromGrams(5), Mass.Zero)]);
        await _service.Catalog.AddProductAsync("HOOK", "Wall Hook", [new BomLine(Black, Mass.FromGrams(8), Mass.Zero)]);

        // Both ways must leave the same stored result: complete one run each way and compare.
        await PrepareRunsAsync(1);
        await HandWrittenAdoNet();
        var byHand = await ReloadAsync(_pending[0]);
        await PrepareRunsAsync(1);
        await EfCoreStore();
        var byEf = await ReloadAsync(_pending[0]);
        await PrepareRunsAsync(1);
        await MinimalEfCore();
        var byMinimal = await ReloadAsync(_pending[0]);
        if (byHand.Status != RunStatus.Completed || byEf.Status != RunStatus.Completed || byMinimal.Status != RunStatus.Completed
            || !byHand.Spools.SequenceEqual(byEf.Spools) || !byMinimal.Spools.SequenceEqual(byEf.Spools) || byHand.Spools.Any(s => s.InRun))
        {
            throw new InvalidOperationException($"The hand-written completions do not store what the store does: {byHand} and {byMinimal} vs {byEf}.");
        }
    }

    private async Task<Reloaded> ReloadAsync((ProductionRun Run, Spool[] Spools) completed)
    {
        var run = await _database.Store.FindRunAsync(completed.Run.Id) ?? throw new InvalidOperationException("run missing");
        var spools = new List<(decimal?, long, int, bool)>();
        foreach (var s in completed.Spools)
        {
            var spool = await _database.Store.FindSpoolAsync(s.Id) ?? throw new InvalidOperationException("spool missing");
            spools.Add((spool.GrossWeight?.Grams, spool.Version, spool.Ledger.Count, spool.ActiveRunId is not null));
        }

        return new Reloaded(run.Status, [.. spools.Select(s => new ReloadedSpool(s.Item1, s.Item2, s.Item3, s.Item4))]);
    }

    private Task PrepareRunsAsync() => PrepareRunsAsync(RunsPerIteration);

    private async Task PrepareRunsAsync(int count)
    {
        _pending.Clear();
        for (var i = 0; i < count; i++)
        {
            var codes = new[] { $"B-{++_spools}", $"W-{_spools}" };

            // A printer per run: a printer prints one plate at a time, and the prepared runs are all in progress.
            var printer = $"P1S-{_spools}";
            await _service.Catalog.AddPrinterAsync(printer, "Bambu P1S", 4);
            await _service.Catalog.AddSpoolAsync(new NewSpool(codes[0], new Material(Black), Mass.FromGrams(1000), new Money(25m, "EUR"), Mass.FromGrams(250), GrossWeight: Mass.FromGrams(1250)));
            await _service.Catalog.AddSpoolAsync(new NewSpool(codes[1], new Material(White), Mass.FromGrams(1000), new Money(20m, "EUR"), Mass.FromGrams(250), GrossWeight: Mass.FromGrams(1250)));
            var run = await _service.Runs.CreateRunAsync(printer, TimeSpan.FromHours(4));
            foreach (var sku in Skus)
            {
                await _service.Runs.AddProductToRunAsync(run.Number, sku, 3);
            }

            foreach (var code in codes)
            {
                await _service.Runs.AssignSpoolAsync(run.Number, code);
                await _service.Weighing.RecordWeightBeforeAsync(run.Number, code, Mass.FromGrams(1250));
            }

            await _service.Runs.StartAsync(run.Number);
            await _service.Weighing.RecordWeightAfterAsync(run.Number, codes[0], Mass.FromGrams(1061.5m));
            await _service.Weighing.RecordWeightAfterAsync(run.Number, codes[1], Mass.FromGrams(1233.25m));
            await _service.Runs.RecordOutcomeAsync(run.Number, "STAND", 3, 0);
            await _service.Runs.RecordOutcomeAsync(run.Number, "CLIP", 2, 1);
            await _service.Runs.RecordOutcomeAsync(run.Number, "HOOK", 3, 0);

            // What ProductionService.CompleteAsync does before it commits.
            var loaded = await _database.Store.FindRunAsync(run.Id) ?? throw new InvalidOperationException("run missing");
            var spools = new Spool[2];
            for (var s = 0; s < 2; s++)
            {
                spools[s] = await _database.Store.FindSpoolByCodeAsync(codes[s]) ?? throw new InvalidOperationException("spool missing");
            }

            loaded.Complete(spools, loaded.StartedAt!.Value.AddHours(4), new QualityRating(4));
            _pending.Add((loaded, spools));
        }
    }

    private sealed record ReloadedSpool(decimal? Weight, long Version, int LedgerCount, bool InRun);

    private sealed record Reloaded(RunStatus Status, ReloadedSpool[] Spools)
    {
        public override string ToString() => $"{Status} [{string.Join(", ", Spools.Select(s => s.ToString()))}]";
    }
}

/// <summary>The hand-written completion: what a developer would write with plain ADO.NET for the same schema.</summary>
internal static class HandWrittenCompletion
{
    private const decimal Scale = 10_000m;

    public static async Task WriteAsync(BenchmarkDatabase database, ProductionRun run, Spool[] spools)
    {
        var sqlite = database.Kind == StoreDatabase.Sqlite;
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var state = run.ToState();
        var totals = run.Totals;
        await ExecuteOneAsync(connection, transaction, """
            UPDATE "Runs" SET "Status" = @status, "EndedAt" = @ended, "Quality" = @quality, "Notes" = @notes, "Version" = @version + 1,
                "ActivityAt" = @activity, "PrintTicks" = @ticks, "FailedUnits" = @failed, "FiguresExact" = @exact,
                "HasVariancePercent" = @hasPct, "EstimatedUnits" = @estimated, "VarianceUnits" = @variance,
                "VariancePercentUnits" = @pct, "ActualRecordedUnits" = @actual, "PurgeWasteUnits" = @purge, "FailedWasteUnits" = @failedWaste
            WHERE "Id" = @id AND "Version" = @version
            """,
            ("status", (int)state.Status), ("ended", state.EndedAt!.Value.UtcTicks), ("quality", (int?)state.Quality?.Stars), ("notes", state.Notes),
            ("version", state.Version), ("activity", run.ActivityAt.UtcTicks), ("ticks", (state.EndedAt.Value - state.StartedAt!.Value).Ticks),
            ("failed", state.Items.Sum(i => i.Failed ?? 0)), ("exact", true), ("hasPct", totals.VariancePercent is not null),
            ("estimated", Units(totals.Estimated.Grams)), ("variance", Units((totals.Actual ?? totals.Estimated).Grams - totals.Estimated.Grams)),
            ("pct", Units(totals.VariancePercent ?? 0m)), ("actual", Units(totals.ActualRecorded.Grams)), ("purge", Units(totals.PurgeWaste.Grams)),
            ("failedWaste", Units(totals.FailedUnitsWaste.Grams)), ("id", Id(run.Id.Value, sqlite)));

        foreach (var spool in spools)
        {
            await ExecuteOneAsync(connection, transaction, """
                UPDATE "Spools" SET "GrossWeight" = @gross, "ActiveRunId" = NULL, "Version" = @version + 1 WHERE "Id" = @id AND "Version" = @version
                """,
                ("gross", Grams(spool.GrossWeight!.Value.Grams, sqlite)), ("version", spool.Version), ("id", Id(spool.Id.Value, sqlite)));
            var entry = spool.Ledger[^1];
            await ExecuteOneAsync(connection, transaction, """
                INSERT INTO "SpoolLedger" ("SpoolId", "Sequence", "At", "Kind", "GrossBefore", "GrossAfter", "RunId", "RunNumber", "Note")
                VALUES (@spool, @sequence, @at, @kind, @before, @after, @run, @number, @note)
                """,
                ("spool", Id(spool.Id.Value, sqlite)), ("sequence", entry.Sequence), ("at", entry.At.UtcTicks), ("kind", (int)entry.Kind),
                ("before", entry.GrossBefore is { } b ? Grams(b.Grams, sqlite) : null), ("after", Grams(entry.GrossAfter.Grams, sqlite)),
                ("run", Id(run.Id.Value, sqlite)), ("number", entry.RunNumber), ("note", entry.Note));
        }

        await transaction.CommitAsync();
    }

    private static long Units(decimal value) => (long)(value * Scale);

    // EF Core's SQLite provider keeps GUIDs as upper-case text and decimals as invariant text.
    private static object Id(Guid id, bool sqlite) => sqlite ? id.ToString().ToUpperInvariant() : id;

    private static object Grams(decimal grams, bool sqlite) => sqlite ? grams.ToString("0.0###########################", CultureInfo.InvariantCulture) : grams;

    private static async Task ExecuteOneAsync(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        if (await command.ExecuteNonQueryAsync() != 1)
        {
            throw new InvalidOperationException("A row changed since it was read (concurrency conflict).");
        }
    }
}
