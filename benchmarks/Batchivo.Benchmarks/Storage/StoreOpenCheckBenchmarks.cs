using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Batchivo.Benchmarks.Storage;

/// <summary>
/// What the checks on open cost: opening an existing SQLite file of a busy shop's several years (100,000 runs with 3
/// items each, tens of megabytes) through the store, with and without SQLite's <c>PRAGMA quick_check</c> (the check
/// that every table of the model exists runs in both). Each invocation is a new store, so its one open is measured;
/// the file's pages are in the OS cache, as for a host that runs a command after another.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/Batchivo.Benchmarks -- --filter '*StoreOpenCheck*'</c>.</remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class StoreOpenCheckBenchmarks
{
    private const int Runs = 100_000;
    private string _path = string.Empty;

    /// <summary>Whether the store runs the quick check as it opens the file.</summary>
    [Params(false, true)]
    public bool QuickCheck { get; set; }

    /// <summary>The file's size, for the cost per megabyte.</summary>
    public static double Megabytes { get; private set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Opens the file through a new store (schema, history and version checks, the quick check or not).</summary>
    /// <returns>A task.</returns>
    [Benchmark]
    public Task Open() => new EfProductionStore(SqliteStoreProvider.ForFile(_path).WithQuickCheck(QuickCheck)).InitializeAsync();

    private async Task SetupAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"batchivo-bench-open-{Runs}.db");
        await new EfProductionStore(SqliteStoreProvider.ForFile(_path)).InitializeAsync();
        await using (var connection = new SqliteConnection($"Data Source={_path}"))
        {
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM \"Runs\"";
            if ((long)(await count.ExecuteScalarAsync())! != Runs)
            {
                await StorageStatisticsBenchmarks.SeedAsync(connection, Runs);
            }

            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        Megabytes = new FileInfo(_path).Length / 1048576.0;
        Console.WriteLine($"// {_path}: {Megabytes:F1} MB, {Runs:N0} runs.");
    }
}
