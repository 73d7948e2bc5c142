using Batchivo.Plugins;
using Batchivo.Storage.PostgreSql;

namespace Batchivo;

/// <summary>The PostgreSQL store as a package reference, without a plugin folder.</summary>
public static class PostgreSqlStoreBuilderExtensions
{
    /// <summary>
    /// Registers the PostgreSQL store provider (<c>postgresql</c>), once. Select it in configuration
    /// (<c>Batchivo:Store:Provider</c> = <c>postgresql</c> with <c>Batchivo:Store:Settings:ConnectionString</c>) or
    /// with <see cref="UsePostgreSqlStore"/>.
    /// </summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddPostgreSqlStore(this IBatchivoBuilder builder) => builder.TryAddPlugin<PostgreSqlStorePlugin>();

    /// <summary>Registers the PostgreSQL store provider and selects it as the store.</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=batchivo;Username=batchivo;Password=...</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The database must exist; its schema is created or migrated when the store is first used.</remarks>
    public static IBatchivoBuilder UsePostgreSqlStore(this IBatchivoBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.AddPostgreSqlStore().UseStore(new StoreSettings(
            PostgreSqlStorePlugin.ProviderName,
            PluginSettings.Of([new(PostgreSqlStorePlugin.ConnectionStringSetting, connectionString)])));
    }
}
