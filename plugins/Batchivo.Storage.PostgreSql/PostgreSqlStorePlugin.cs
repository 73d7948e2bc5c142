using Batchivo.Plugins;
using Batchivo.Storage.EntityFrameworkCore;

namespace Batchivo.Storage.PostgreSql;

/// <summary>
/// The plugin: provides the store provider <c>postgresql</c>, with one setting, <c>ConnectionString</c> (Npgsql form).
/// The schema is created or migrated when the store is first used.
/// </summary>
public sealed class PostgreSqlStorePlugin : IBatchivoPlugin
{
    /// <summary>The store provider's name.</summary>
    public const string ProviderName = "postgresql";

    /// <summary>The setting holding the connection string.</summary>
    public const string ConnectionStringSetting = "ConnectionString";

    /// <inheritdoc />
    public PluginInfo Info { get; } = PluginInfo.FromAssembly(typeof(PostgreSqlStorePlugin), PluginContract.Version, "PostgreSQL store (EF Core, Npgsql) for several hosts sharing one database.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddStoreProvider(ProviderName, (services, settings) => new EfProductionStore(
            new PostgreSqlStoreProvider(PluginSettings.Bind(settings.Settings, new PostgreSqlStoreOptions(), (key, problem) => new ArgumentException(problem, nameof(settings))).ConnectionString),
            null,
            services.GetService(typeof(Microsoft.Extensions.Logging.ILoggerFactory)) as Microsoft.Extensions.Logging.ILoggerFactory));
    }

    /// <summary>Creates a PostgreSQL store without a host; the schema is created or migrated on first use.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or not valid.</exception>
    public static EfProductionStore CreateStore(string connectionString) =>
        new(new PostgreSqlStoreProvider(connectionString));
}
