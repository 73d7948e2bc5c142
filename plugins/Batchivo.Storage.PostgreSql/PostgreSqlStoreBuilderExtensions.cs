using Batchivo.Plugins;
using Batchivo.Storage.PostgreSql;

namespace Batchivo;

/// <summary>Registers the PostgreSQL store in code (as a package reference, without a plugin folder).</summary>
public static class PostgreSqlStoreBuilderExtensions
{
    /// <summary>Adds the PostgreSQL store plugin and selects it as the store.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=batchivo;Username=batchivo;Password=...</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The database must exist; its schema is created or migrated when the store is first used.</remarks>
    public static IBatchivoBuilder UsePostgreSqlStore(this IBatchivoBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.AddPlugin(new PostgreSqlStorePlugin());
        return builder.UseStore(new StoreSettings(
            PostgreSqlStorePlugin.ProviderName,
            new Dictionary<string, string?> { [PostgreSqlStorePlugin.ConnectionStringSetting] = connectionString }));
    }
}
