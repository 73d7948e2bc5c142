using Batchivo.Plugins;
using Batchivo.Storage.InMemory;

namespace Batchivo;

/// <summary>Selects the EF Core in-memory store in code (as a package reference, without a plugin folder).</summary>
public static class InMemoryStoreBuilderExtensions
{
    /// <summary>Adds the EF Core in-memory store plugin and selects a named in-memory database as the store.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="databaseName">The database name; stores with the same name share data within the process.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder UseEfInMemoryStore(this IBatchivoBuilder builder, string databaseName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        builder.AddPlugin(new InMemoryStorePlugin());
        return builder.UseStore(new StoreSettings(InMemoryStorePlugin.ProviderName, new Dictionary<string, string?> { ["database"] = databaseName }));
    }
}
