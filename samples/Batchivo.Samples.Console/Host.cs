using Batchivo.Plugins;
using Batchivo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Samples.Console;

/// <summary>Composes the console host: configuration, the plugin host and its plugins.</summary>
internal static class Host
{
    /// <summary>
    /// Builds the services from appsettings.json next to the program and BATCHIVO__* environment variables
    /// (e.g. BATCHIVO__STORE__PROVIDER).
    /// </summary>
    public static ServiceProvider Build(Action<IBatchivoBuilder>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(configuration);

        // Until the storage plugins land, the host offers a store in memory (nothing is kept after the program ends).
        builder.AddPlugin(new MemoryStorePlugin());
        configure?.Invoke(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private sealed class MemoryStorePlugin : IBatchivoPlugin
    {
        public PluginInfo Info { get; } = new("Batchivo.Samples.Console.MemoryStore", "1.0.0", PluginContract.Version, "A store in memory for the console host.");

        public void Register(IPluginRegistry registry) =>
            registry.AddStoreProvider("memory", (_, _) => new InMemoryProductionStore());
    }
}
