using Batchivo.Plugins;
using Batchivo.Storage.EntityFrameworkCore;

namespace Batchivo.Storage.Sqlite;

/// <summary>The plugin: provides the store provider <c>sqlite</c>.</summary>
/// <remarks>
/// Settings: <c>path</c> (the database file; created on first use) or <c>connectionString</c>
/// (a Microsoft.Data.Sqlite connection string). One of them is required.
/// </remarks>
public sealed class SqliteStorePlugin : IBatchivoPlugin
{
    /// <summary>The store provider name.</summary>
    public const string ProviderName = "sqlite";

    /// <inheritdoc />
    public PluginInfo Info { get; } = new("Batchivo.Storage.Sqlite", "1.0.0", PluginContract.Version, "The embedded default store: one SQLite file.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddStoreProvider(ProviderName, (_, settings) => new EfProductionStore(CreateProvider(settings.Settings)));
    }

    /// <summary>Reads the settings.</summary>
    /// <param name="settings">The settings: <c>path</c> or <c>connectionString</c>.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="StoreUnavailableException">Neither setting is given, or both.</exception>
    public static SqliteStoreProvider CreateProvider(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? Get(string key) => settings.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        var path = Get("path");
        var connectionString = Get("connectionString");
        return (string.IsNullOrWhiteSpace(path), string.IsNullOrWhiteSpace(connectionString)) switch
        {
            (false, true) => SqliteStoreProvider.ForFile(path!),
            (true, false) => SqliteStoreProvider.ForConnectionString(connectionString!),
            (false, false) => throw new StoreUnavailableException("SQLite", "both 'path' and 'connectionString' are set. Set one of them."),
            _ => throw new StoreUnavailableException("SQLite", "no database is given. Set 'path' (e.g. batchivo.db) or 'connectionString' in the store settings."),
        };
    }
}
