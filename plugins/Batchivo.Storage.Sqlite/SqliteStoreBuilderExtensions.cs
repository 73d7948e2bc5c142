using Batchivo.Plugins;
using Batchivo.Storage.Sqlite;

namespace Batchivo;

/// <summary>Selects the SQLite store in code (as a package reference, without a plugin folder).</summary>
public static class SqliteStoreBuilderExtensions
{
    /// <summary>Adds the SQLite store plugin and selects a database file as the store.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="path">The database file; created with its schema on first use.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder UseSqliteStore(this IBatchivoBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        builder.AddPlugin(new SqliteStorePlugin());
        return builder.UseStore(new StoreSettings(SqliteStorePlugin.ProviderName, new Dictionary<string, string?> { ["path"] = path }));
    }
}
