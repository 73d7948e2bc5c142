using System.Data.Common;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Batchivo.Production;
using Batchivo.Statistics;

namespace Batchivo.Benchmarks.Storage;

/// <summary>
/// Statistics over 1,000,000 stored runs (3 items each) in one SQLite file: <c>EfProductionStore.ComputeStatisticsAsync</c>
/// (SQL aggregates through EF Core) against a hand-written SQL aggregate doing the same three queries (runs by status,
/// items by product, started runs by printer) with plain ADO.NET on the same file.
/// </summary>
/// <remarks>
/// The file is seeded once with raw ADO.NET (schema from the store's migrations) and kept in the temp directory
/// for later runs. Target: EF Core within 1.2x of the hand-written aggregate.
/// </remarks>
[Config(typeof(StatisticsConfig))]
public class StorageStatisticsBenchmarks
{
    private const int Runs = 1_000_000;
    private static readonly DateTimeOffset Origin = new(2024, 1, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid[] Printers = [new("8a0d3c52-0000-4000-8000-000000000001"), new("8a0d3c52-0000-4000-8000-000000000002"), new("8a0d3c52-0000-4000-8000-000000000003")];
    private static readonly (Guid Id, string Sku, string Name)[] Products =
    [
        (new("5b1e0c11-0000-4000-8000-000000000001"), "STAND", "Phone Stand"),
        (new("5b1e0c11-0000-4000-8000-000000000002"), "CLIP", "Cable Clip"),
        (new("5b1e0c11-0000-4000-8000-000000000003"), "HOOK", "Wall Hook"),
        (new("5b1e0c11-0000-4000-8000-000000000004"), "COASTER", "Logo Coaster"),
    ];

    private readonly StatisticsQuery _query = new();
    private BenchmarkDatabase _database = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _database.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The hand-written SQL: the same three aggregates, read with a data reader.</summary>
    /// <returns>The figures.</returns>
    [Benchmark(Baseline = true)]
    public Task<HandWrittenFigures> HandWrittenSql() => HandWrittenAsync();

    /// <summary>The store's statistics, computed by the database through EF Core.</summary>
    /// <returns>The statistics.</returns>
    [Benchmark]
    public Task<ProductionStatistics> EfCoreStore() => _database.Store.ComputeStatisticsAsync(_query);

    private async Task SetupAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"batchivo-bench-statistics-{Runs}.db");
        _database = await BenchmarkDatabase.CreateAsync(StoreDatabase.Sqlite, file);
        await using (var connection = await _database.OpenAsync())
        {
            if (await ScalarAsync(connection, "SELECT count(*) FROM \"Runs\"") != Runs)
            {
                await SeedAsync(connection, Runs);
            }

            // A database at rest: the seed's one big transaction moved from the write-ahead log into the file, so that
            // both sides read the file's pages rather than look each one up in a log of the same size.
            await ScalarAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }

        // Both must give the same figures.
        var ef = await EfCoreStore();
        var hand = await HandWrittenSql();
        if (ef.RunsByStatus.Total != Runs || ef.RunsByStatus.Total != hand.Runs || ef.UnitsSuccessful != hand.UnitsSuccessful
            || ef.UnitsFailed != hand.UnitsFailed || ef.MaterialUsed.Grams != hand.MaterialUsed || ef.BusiestPrinters.Sum(p => p.Runs) != hand.StartedRuns)
        {
            throw new InvalidOperationException($"The hand-written aggregate does not agree with the store: {hand} vs runs {ef.RunsByStatus.Total}, ok {ef.UnitsSuccessful}, failed {ef.UnitsFailed}, material {ef.MaterialUsed}.");
        }
    }

    private async Task<HandWrittenFigures> HandWrittenAsync()
    {
        await using var connection = await _database.OpenAsync();
        int runs = 0, final = 0;
        long material = 0;
        await using (var command = Command(connection, """
            SELECT "Status", count(*), sum(CASE WHEN "FiguresExact" THEN 0 ELSE 1 END), sum(CASE WHEN "Quality" IS NOT NULL THEN 1 ELSE 0 END), sum(coalesce("Quality", 0)),
                   sum("ActualRecordedUnits"), sum("PurgeWasteUnits"), sum("FailedWasteUnits"), sum(CASE WHEN "HasVariancePercent" THEN 1 ELSE 0 END),
                   sum(CASE WHEN "HasVariancePercent" THEN "VariancePercentUnits" ELSE 0 END), sum(CASE WHEN "HasVariancePercent" THEN "EstimatedUnits" ELSE 0 END),
                   sum(CASE WHEN "HasVariancePercent" THEN "VarianceUnits" ELSE 0 END), sum(CASE WHEN "FailedUnits" > 0 THEN 1 ELSE 0 END)
            FROM "Runs" GROUP BY "Status"
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                runs += reader.GetInt32(1);
                if (reader.GetInt32(0) is (int)RunStatus.Completed or (int)RunStatus.Failed or (int)RunStatus.Cancelled)
                {
                    final += reader.GetInt32(1);
                    material += reader.GetInt64(5);
                }
            }
        }

        int ok = 0, failed = 0;
        await using (var command = Command(connection, """
            SELECT i."ProductId", i."Sku", i."Name", min(r."Number"), sum(coalesce(i."Successful", 0)), sum(coalesce(i."Failed", 0)), count(*), sum(i."Quantity"),
                   sum(CASE WHEN r."OriginalRunId" IS NOT NULL THEN i."Quantity" ELSE 0 END), sum(CASE WHEN coalesce(i."Failed", 0) > 0 THEN 1 ELSE 0 END)
            FROM "RunItems" i JOIN "Runs" r ON r."Id" = i."RunId"
            WHERE r."Status" IN (2, 3)
            GROUP BY i."Sku", i."Name", i."ProductId"
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ok += reader.GetInt32(4);
                failed += reader.GetInt32(5);
            }
        }

        var started = 0;
        await using (var command = Command(connection, """
            SELECT "PrinterId", "PrinterName", min("Number"), count(*), sum(coalesce("PrintTicks", 0))
            FROM "Runs" WHERE "StartedAt" IS NOT NULL GROUP BY "PrinterId", "PrinterName"
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                started += reader.GetInt32(3);
            }
        }

        return new HandWrittenFigures(runs, final, ok, failed, material / 10_000m, started);
    }

    /// <summary>Seeds the runs and their items with prepared INSERTs in one transaction.</summary>
    /// <param name="connection">An open connection to a SQLite file with the store's schema.</param>
    /// <param name="runs">How many runs (3 items each).</param>
    /// <param name="origin">When the first run was created (1 January 2024 by default).</param>
    /// <param name="spacing">The time between two runs' creation (a minute by default).</param>
    /// <returns>A task.</returns>
    internal static async Task SeedAsync(DbConnection connection, int runs, DateTimeOffset? origin = null, TimeSpan? spacing = null)
    {
        var clock = Stopwatch.StartNew();
        await using (var clear = Command(connection, "DELETE FROM \"RunItems\"; DELETE FROM \"Runs\";"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await using var run = Command(connection, """
            INSERT INTO "Runs" ("Id", "Number", "PrinterId", "PrinterName", "Status", "CreatedAt", "StartedAt", "EndedAt", "EstimatedDuration", "Quality", "Notes",
                "OriginalRunId", "EstimateSource", "EstimateSourceName", "Version", "ActivityAt", "PrintTicks", "FailedUnits", "FiguresExact", "HasVariancePercent",
                "EstimatedUnits", "VarianceUnits", "VariancePercentUnits", "ActualRecordedUnits", "PurgeWasteUnits", "FailedWasteUnits")
            VALUES ($id, $number, $printer, $printerName, $status, $created, $started, $ended, NULL, $quality, NULL, NULL, 0, NULL, 3, $activity, $ticks, $failed, 1, $hasPct,
                $estimated, $variance, $pct, $actual, $purge, $failedWaste)
            """, transaction);
        await using var item = Command(connection, """
            INSERT INTO "RunItems" ("RunId", "Position", "ProductId", "Sku", "Name", "Quantity", "BedPosition", "Successful", "Failed")
            VALUES ($run, $position, $product, $sku, $name, $quantity, NULL, $ok, $failed)
            """, transaction);
        var runParameters = new[] { "id", "number", "printer", "printerName", "status", "created", "started", "ended", "quality", "activity", "ticks", "failed", "hasPct", "estimated", "variance", "pct", "actual", "purge", "failedWaste" }
            .ToDictionary(n => n, n => Add(run, n));
        var itemParameters = new[] { "run", "position", "product", "sku", "name", "quantity", "ok", "failed" }.ToDictionary(n => n, n => Add(item, n));
        await run.PrepareAsync();
        await item.PrepareAsync();

        var random = new Random(20240101);
        for (var n = 1; n <= runs; n++)
        {
            var id = Guid.NewGuid().ToString().ToUpperInvariant();
            var roll = random.Next(100);
            var status = roll < 80 ? RunStatus.Completed : roll < 90 ? RunStatus.Failed : roll < 95 ? RunStatus.Cancelled : roll < 98 ? RunStatus.InProgress : RunStatus.Draft;
            var created = (origin ?? Origin) + ((spacing ?? TimeSpan.FromMinutes(1)) * n);
            var started = status == RunStatus.Draft ? (DateTimeOffset?)null : created.AddMinutes(5);
            var ended = status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled ? started!.Value.AddMinutes(60 + random.Next(300)) : (DateTimeOffset?)null;
            var printer = Printers[random.Next(Printers.Length)];
            var finished = status is RunStatus.Completed or RunStatus.Failed;
            var estimated = 50_0000L + random.Next(2_000_000);
            var actual = ended is null ? 0L : estimated + random.Next(-50_000, 100_000);
            // The run row first (the items reference it), so the failures are drawn before either is written.
            var failures = new int[3];
            for (var position = 0; position < 3; position++)
            {
                failures[position] = !finished ? 0 : status == RunStatus.Failed ? 3 : random.Next(10) == 0 ? 1 : 0;
            }

            var itemFailures = failures.Sum();
            Set(runParameters, ("id", id), ("number", n), ("printer", printer.ToString().ToUpperInvariant()), ("printerName", $"Printer-{Array.IndexOf(Printers, printer) + 1}"),
                ("status", (int)status), ("created", created.UtcTicks), ("started", started?.UtcTicks), ("ended", ended?.UtcTicks),
                ("quality", status == RunStatus.Completed ? 1 + random.Next(5) : null), ("activity", (ended ?? started ?? created).UtcTicks),
                ("ticks", started is { } s && ended is { } e ? (e - s).Ticks : null), ("failed", itemFailures), ("hasPct", status == RunStatus.Completed ? 1 : 0),
                ("estimated", estimated), ("variance", status == RunStatus.Completed ? actual - estimated : 0L),
                ("pct", status == RunStatus.Completed ? (actual - estimated) * 100 * 10_000 / estimated : 0L), ("actual", actual),
                ("purge", ended is null ? 0L : 30_000L), ("failedWaste", status == RunStatus.Failed ? actual : itemFailures * 5_0000L));
            await run.ExecuteNonQueryAsync();
            for (var position = 0; position < 3; position++)
            {
                var product = Products[(n + position) % Products.Length];
                var failedUnits = failures[position];
                Set(itemParameters, ("run", id), ("position", position), ("product", product.Id.ToString().ToUpperInvariant()), ("sku", product.Sku), ("name", product.Name),
                    ("quantity", 3), ("ok", finished ? 3 - failedUnits : null), ("failed", finished ? failedUnits : null));
                await item.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
        Console.WriteLine($"// Seeded {runs:N0} runs with 3 items each in {clock.Elapsed.TotalSeconds:F0} s.");
    }

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$" + name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static void Set(Dictionary<string, DbParameter> parameters, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            parameters[name].Value = value ?? DBNull.Value;
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = Command(connection, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>What the hand-written aggregate returns (enough to check it against the store's statistics).</summary>
/// <param name="Runs">Runs of every status.</param>
/// <param name="FinalRuns">Completed, failed and cancelled runs.</param>
/// <param name="UnitsSuccessful">Successful units of finished runs.</param>
/// <param name="UnitsFailed">Failed units of finished runs.</param>
/// <param name="MaterialUsed">Grams recorded by final runs.</param>
/// <param name="StartedRuns">Runs that started, over all printers.</param>
public sealed record HandWrittenFigures(int Runs, int FinalRuns, int UnitsSuccessful, int UnitsFailed, decimal MaterialUsed, int StartedRuns);
