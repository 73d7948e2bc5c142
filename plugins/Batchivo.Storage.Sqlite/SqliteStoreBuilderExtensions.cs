using Batchivo.Plugins;
using Batchivo.Storage.Sqlite;

namespace Batchivo;

/// <summary>The SQLite store as a package reference, without a plugin folder.</summary>
public static class SqliteStoreBuilderExtensions
{
    /// <summary>
    /// Registers the SQLite store provider (<c>sqlite</c>), once. Select it in configuration
    /// (<c>Batchivo:Store:Provider</c> = <c>sqlite</c> with <c>Batchivo:Store:Settings:Path</c>) or with
    /// <see cref="UseSqliteStore"/>.
    /// </summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddSqliteStore(this IBatchivoBuilder builder) => builder.TryAddPlugin<SqliteStorePlugin>();

    /// <summary>Registers the SQLite store provider and selects a database file as the store.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="path">The database file; created with its schema on first use.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder UseSqliteStore(this IBatchivoBuilder builder, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.AddSqliteStore().UseStore(new StoreSettings(SqliteStorePlugin.ProviderName, PluginSettings.Of([new("Path", path)])));
    }
}
