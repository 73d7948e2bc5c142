using Batchivo.Plugins;
using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Batchivo.Storage.Sqlite;

/// <summary>The plugin: provides the store provider <c>sqlite</c>.</summary>
/// <remarks>Its settings are <see cref="SqliteStoreOptions"/>.</remarks>
public sealed class SqliteStorePlugin : IBatchivoPlugin
{
    /// <summary>The store provider name.</summary>
    public const string ProviderName = "sqlite";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(SqliteStorePlugin), PluginContract.Version, "The embedded default store: one SQLite file.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddStoreProvider(ProviderName, (services, settings) => new EfProductionStore(CreateProvider(settings.Settings), null, services.GetService(typeof(Microsoft.Extensions.Logging.ILoggerFactory)) as Microsoft.Extensions.Logging.ILoggerFactory));
    }

    /// <summary>Binds the settings to <see cref="SqliteStoreOptions"/> and creates the provider they describe.</summary>
    /// <param name="settings">The settings: <c>Path</c> (and optionally <c>Create</c>) or <c>ConnectionString</c>; optionally <c>QuickCheck</c>.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="StoreUnavailableException">Neither setting is given, or both, a setting is unknown or not valid (e.g. <c>Create</c> not true or false), or the connection string is not valid.</exception>
    public static SqliteStoreProvider CreateProvider(IConfiguration settings) =>
        PluginSettings.Bind(settings, new SqliteStoreOptions(), (_, problem) => new StoreUnavailableException("SQLite", problem)).CreateProvider();
}
