using Batchivo.Plugins;
using Batchivo.Storage.InMemory;

namespace Batchivo;

/// <summary>The EF Core in-memory store as a package reference, without a plugin folder.</summary>
public static class InMemoryStoreBuilderExtensions
{
    /// <summary>
    /// Registers the EF Core in-memory store provider (<c>efinmemory</c>), once. Select it in configuration
    /// (<c>Batchivo:Store:Provider</c> = <c>efinmemory</c>) or with <see cref="UseEfInMemoryStore"/>.
    /// </summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddEfInMemoryStore(this IBatchivoBuilder builder) => builder.TryAddPlugin<InMemoryStorePlugin>();

    /// <summary>Registers the EF Core in-memory store provider and selects a named in-memory database as the store.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="databaseName">The database name; stores with the same name share data within the process.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder UseEfInMemoryStore(this IBatchivoBuilder builder, string databaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        return builder.AddEfInMemoryStore().UseStore(new StoreSettings(InMemoryStorePlugin.ProviderName, PluginSettings.Of([new("Database", databaseName)])));
    }
}
