using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Batchivo.Hosting;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Benchmarks;

/// <summary>
/// Cold start of a host: AddBatchivo, build the service provider and resolve services, in a fresh process each time
/// (BenchmarkDotNet's cold-start strategy: one measured invocation per launched process, nothing run before it but
/// the setup). The baseline registers its store in code, loads no plugin folder and resolves the production service.
/// The measured cases load six real plugin folders produced by the build (the simulated scale, the documentation's
/// example and four fixture plugins): each folder's path checked, its contract version read, its load context built,
/// its plugin class created and registered; then the provider is built and something each plugin provides is
/// resolved (the store through the production service, two scales, a printer connector, a slicer reader and a
/// plugin's own service). Without an allowlist the host hashes plugin files only when their diagnostics are read, as
/// the sample hosts do; the allow-listed case checks the six folders' SHA-256 (over every file of each) before loading them.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.ColdStart, launchCount: 15, warmupCount: 0, iterationCount: 1)]
public class PluginHostColdStartBenchmarks
{
    private string _plugins = string.Empty;
    private string[] _allowed = [];

    [GlobalSetup]
    public void Setup()
    {
        // BenchmarkDotNet runs a generated copy of this program below our output folder: look upwards for the plugins.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "benchmark-plugins");
            if (Directory.Exists(candidate))
            {
                _plugins = candidate;
                _allowed = [.. Directory.GetDirectories(candidate).Select(FolderSha256Elsewhere)];
                return;
            }
        }

        throw new InvalidOperationException("No benchmark-plugins folder found above " + AppContext.BaseDirectory + "; build the benchmarks project first.");
    }

    [Benchmark(Baseline = true)]
    public ProductionService HostWithoutPluginFolders()
    {
        var services = new ServiceCollection();
        services.AddBatchivo().AddPlugin(new CodeStorePlugin()).UseStore(new StoreSettings("code-memory", PluginSettings.Of(new Dictionary<string, string?>())));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ProductionService>();
    }

    [Benchmark]
    public object[] HostLoadingSixPlugins() => LoadSixPlugins(allowed: []);

    [Benchmark]
    public object[] HostLoadingSixAllowListedPlugins() => LoadSixPlugins(_allowed);

    private object[] LoadSixPlugins(string[] allowed)
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(_plugins);
            foreach (var hash in allowed)
            {
                o.Plugins.AllowedSha256.Add(hash);
            }

            o.Store = new Hosting.StoreOptions { Provider = "fixture-memory" };
            o.Scales.Add(new Hosting.ScaleOptions { Name = "bench", Driver = "simulated" });
            o.Scales.Add(new Hosting.ScaleOptions { Name = "hello", Driver = "hello" });
            o.Printers.Add(new Hosting.PrinterConnectionOptions { Printer = "P1S-1", Connector = "fixture-printer" });
        });
        if (builder.Diagnostics.Loaded.Count != 6)
        {
            throw new InvalidOperationException("Expected 6 plugins: " + string.Join(" | ", builder.Diagnostics.Describe()));
        }

        // Fixture.Services registers a type of its own, which this program cannot name.
        var greeting = services.First(d => d.ServiceType.FullName == "Fixture.Services.FixtureGreeting").ServiceType;
        using var provider = services.BuildServiceProvider();
        var devices = provider.GetRequiredService<BatchivoDevices>();
        return
        [
            provider.GetRequiredService<ProductionService>(),
            devices.GetScale("bench"),
            devices.GetScale("hello"),
            devices.GetPrinterConnector("P1S-1"),
            devices.GetSlicerReader("fixture-slicer"),
            provider.GetRequiredService(greeting),
        ];
    }

    // The allowlist is written before the host starts, as an operator would with sha256sum (the folder hash command of
    // docs/plugin-authors.md); hashing in this process would warm up the cryptography the measured host has to start cold.
    private static string FolderSha256Elsewhere(string folder)
    {
        const string Command = "cd \"$1\" && find . -type f ! -path ./plugin-files.sha256 -printf '%P\\n' | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum";
        using var sha256sum = Process.Start(new ProcessStartInfo("bash", ["-c", Command, "bash", folder]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("sha256sum did not start.");
        var output = sha256sum.StandardOutput.ReadToEnd();
        sha256sum.WaitForExit();
        return sha256sum.ExitCode == 0 && output.Length >= 64
            ? output[..64]
            : throw new InvalidOperationException($"sha256sum failed for {folder}: {output}");
    }

    private sealed class CodeStorePlugin : IBatchivoPlugin
    {
        public PluginInfo Info { get; } = new("Benchmarks.CodeStore", "1.0.0", PluginContract.Version);

        public void Register(IPluginRegistry registry) => registry.AddStoreProvider("code-memory", (_, _) => new InMemoryProductionStore());
    }
}
