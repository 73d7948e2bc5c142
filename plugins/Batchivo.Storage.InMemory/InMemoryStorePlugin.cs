using Batchivo.Plugins;
using Batchivo.Storage.EntityFrameworkCore;

namespace Batchivo.Storage.InMemory;

/// <summary>The plugin: provides the store provider <c>efinmemory</c>.</summary>
/// <remarks>
/// Setting: <c>database</c>, the database name (default <c>batchivo</c>); stores with the same name share data within
/// the process. The name differs from Core's own in-memory store on purpose: this one goes through EF Core.
/// </remarks>
public sealed class InMemoryStorePlugin : IBatchivoPlugin
{
    /// <summary>The store provider name.</summary>
    public const string ProviderName = "efinmemory";

    /// <summary>The database name when none is set.</summary>
    public const string DefaultDatabaseName = "batchivo";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(InMemoryStorePlugin), PluginContract.Version, "A store in memory through EF Core, for demos and tests.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddStoreProvider(ProviderName, (_, settings) =>
        {
            var options = PluginSettings.Bind(settings.Settings, new InMemoryStoreOptions(), (_, problem) => new StoreUnavailableException("EF Core in-memory", problem));
            return new EfProductionStore(new InMemoryStoreProvider(string.IsNullOrWhiteSpace(options.Database) ? DefaultDatabaseName : options.Database));
        });
    }
}
