using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Batchivo.Benchmarks;

/// <summary>
/// Cold start of a console command as a user meets it: <c>batchivo catalog printer list --db FILE</c> on an existing
/// file with three printers, one new process per invocation, against a plain Microsoft.Data.Sqlite program
/// (benchmarks/Batchivo.Benchmarks.PlainSqlite) reading the same rows. Both run in their shipped form: batchivo
/// installed with <c>dotnet tool install</c> from its package (ReadyToRun, as released), the baseline published.
/// </summary>
/// <remarks>
/// Set-up packs and installs the tool, publishes the baseline and writes the file with the installed tool, all in a
/// temporary folder (minutes on a busy machine). BATCHIVO_PACKAGES may name a folder that already holds a
/// batchivo.*.nupkg to install instead of packing one.
/// </remarks>
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 20)]
public class ConsoleColdStartBenchmarks
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "batchivo-bench-console");
    private string _batchivo = string.Empty;
    private string _plain = string.Empty;
    private string _database = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var repository = RepositoryRoot();
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }

        Directory.CreateDirectory(_work);
        var packages = Environment.GetEnvironmentVariable("BATCHIVO_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(_work, "artifacts", "package", "release");
            Run("dotnet", "pack", Path.Combine(repository, "samples", "Batchivo.Samples.Console"), "-c", "Release", "-r", "linux-x64", "-p:PublishReadyToRun=true", "--artifacts-path", Path.Combine(_work, "artifacts"), "-m:1", "-v", "q");
        }

        var package = Directory.GetFiles(packages, "batchivo.*.nupkg").Single();
        var version = Path.GetFileNameWithoutExtension(package)["batchivo.".Length..];
        File.WriteAllText(Path.Combine(_work, "nuget.config"), "<configuration><packageSources><clear /></packageSources></configuration>");
        Run("dotnet", "tool", "install", "--tool-path", Path.Combine(_work, "tool"), "batchivo", "--add-source", packages, "--version", version, "--configfile", Path.Combine(_work, "nuget.config"));
        _batchivo = Path.Combine(_work, "tool", "batchivo");

        Run("dotnet", "publish", Path.Combine(repository, "benchmarks", "Batchivo.Benchmarks.PlainSqlite"), "-c", "Release", "-o", Path.Combine(_work, "plain"), "-m:1", "-v", "q");
        _plain = Path.Combine(_work, "plain", "plain-sqlite");

        _database = Path.Combine(_work, "printers.db");
        foreach (var printer in new[] { "P1S-1", "P1S-2", "MK4-1" })
        {
            Run(_batchivo, "catalog", "printer", "add", printer, "--model", "Bambu P1S", "--db", _database);
        }
    }

    /// <summary>The plain program: open the file with Microsoft.Data.Sqlite, print the printers.</summary>
    [Benchmark(Baseline = true)]
    public int PlainSqliteProgram() => Listed(Run(_plain, _database));

    /// <summary>The installed tool: <c>batchivo catalog printer list --db FILE</c>.</summary>
    [Benchmark]
    public int BatchivoPrinterList() => Listed(Run(_batchivo, "catalog", "printer", "list", "--db", _database));

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_work, recursive: true);

    private static int Listed(string output) =>
        output.Contains("MK4-1", StringComparison.Ordinal) ? output.Length : throw new InvalidOperationException("The printers were not listed: " + output);

    private string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "nuget-packages");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output}");
    }

    private static string RepositoryRoot()
    {
        // BenchmarkDotNet runs a generated copy of this program below our output folder: look upwards for the repository.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Batchivo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository (Batchivo.sln) was not found above " + AppContext.BaseDirectory + ".");
    }
}
