using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Benchmarks;

/// <summary>
/// Cold start of a host: AddBatchivo, build the service provider and resolve the production service, in a fresh
/// process each time (BenchmarkDotNet's cold-start strategy: one measured invocation per launched process).
/// The baseline registers its store in code and loads no plugin folder; the measured case loads six real plugin
/// folders produced by the build (the simulated scale, the documentation's example and four fixture plugins).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.ColdStart, launchCount: 15, warmupCount: 0, iterationCount: 1)]
public class PluginHostColdStartBenchmarks
{
    private string _plugins = string.Empty;

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
                return;
            }
        }

        throw new InvalidOperationException("No benchmark-plugins folder found above " + AppContext.BaseDirectory + "; build the benchmarks project first.");
    }

    [Benchmark(Baseline = true)]
    public ProductionService HostWithoutPluginFolders()
    {
        var services = new ServiceCollection();
        services.AddBatchivo().AddPlugin(new CodeStorePlugin()).UseStore(new StoreSettings("code-memory", new Dictionary<string, string?>()));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ProductionService>();
    }

    [Benchmark]
    public ProductionService HostLoadingSixPlugins()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(_plugins);
            o.Store = new Hosting.StoreOptions { Provider = "fixture-memory" };
        });
        if (builder.Diagnostics.Loaded.Count != 6)
        {
            throw new InvalidOperationException("Expected 6 plugins: " + string.Join(" | ", builder.Diagnostics.Describe()));
        }

        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ProductionService>();
    }

    private sealed class CodeStorePlugin : IBatchivoPlugin
    {
        public PluginInfo Info { get; } = new("Benchmarks.CodeStore", "1.0.0", PluginContract.Version);

        public void Register(IPluginRegistry registry) => registry.AddStoreProvider("code-memory", (_, _) => new InMemoryProductionStore());
    }
}
