using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Batchivo.Benchmarks.Storage;

/// <summary>
/// Cold start of the SQLite store, as a host that runs a process per command (the console) pays it: in a fresh process
/// each time, open an existing Batchivo file and list its printers. The store opens it through the plugin's provider
/// (compiled model, the migration history and schema version checked, no migration pending) and reads with EF Core;
/// the baseline opens the same file with Microsoft.Data.Sqlite and reads the same rows with a hand-written SELECT.
/// </summary>
/// <remarks>
/// The file is written before the measured processes start, by this program in a process of its own
/// (<c>--seed-store PATH</c>), so that nothing of EF Core runs in a measured process before the measured call.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.ColdStart, launchCount: 15, warmupCount: 0, iterationCount: 1)]
public class StoreColdStartBenchmarks
{
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "batchivo-bench-coldstart.db");
        if (File.Exists(_path))
        {
            return;
        }

        // BenchmarkDotNet runs a generated copy of this program below our output folder: look upwards for the program.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var program = Path.Combine(dir.FullName, "Batchivo.Benchmarks.dll");
            if (File.Exists(program) && Directory.Exists(Path.Combine(dir.FullName, "benchmark-plugins")))
            {
                using var seeding = Process.Start(new ProcessStartInfo("dotnet", [program, "--seed-store", _path]))
                    ?? throw new InvalidOperationException("The seeding process did not start.");
                seeding.WaitForExit();
                if (seeding.ExitCode != 0 || !File.Exists(_path))
                {
                    throw new InvalidOperationException($"Seeding {_path} failed with exit code {seeding.ExitCode}.");
                }

                return;
            }
        }

        throw new InvalidOperationException("No built Batchivo.Benchmarks.dll found above " + AppContext.BaseDirectory + "; build the benchmarks project first.");
    }

    /// <summary>Microsoft.Data.Sqlite: open the file, read the printers' rows.</summary>
    [Benchmark(Baseline = true)]
    public int HandWrittenAdoNet()
    {
        using var connection = new SqliteConnection($"Data Source={_path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Id", "Name", "Model", "MaterialSlots", "Version" FROM "Printers" ORDER BY "Name" """;
        using var reader = command.ExecuteReader();
        var count = 0;
        while (reader.Read())
        {
            count += reader.GetString(1).Length > 0 ? 1 : 0;
        }

        return Check(count);
    }

    /// <summary>The store: open the file through the SQLite provider, list the printers.</summary>
    [Benchmark]
    public int EfCoreStore()
    {
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(_path));
        return Check(store.ListPrintersAsync().GetAwaiter().GetResult().Count);
    }

    /// <summary>Writes the file the benchmark opens: a Batchivo database with three printers.</summary>
    /// <param name="path">The file.</param>
    /// <returns>A task.</returns>
    public static async Task SeedAsync(string path)
    {
        var service = new ProductionService(new EfProductionStore(SqliteStoreProvider.ForFile(path)));
        foreach (var name in new[] { "P1S-1", "P1S-2", "X1C-1" })
        {
            await service.Catalog.AddPrinterAsync(name, "Bambu Lab", 4);
        }
    }

    private static int Check(int printers) => printers == 3 ? printers : throw new InvalidOperationException($"Expected 3 printers, read {printers}.");
}
