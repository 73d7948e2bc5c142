using System.ComponentModel.DataAnnotations;

namespace Batchivo.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL store's settings (<c>Batchivo:Store:Settings</c>), bound from configuration, e.g.
/// <c>"Settings": { "ConnectionString": "Host=db;Database=batchivo;Username=batchivo;Password=..." }</c>.
/// </summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>An Npgsql connection string. The database must exist; its schema is created or migrated on first use. Required.</summary>
    /// <value>Default: none.</value>
    [Required(ErrorMessage = "The postgresql store needs the setting ConnectionString (e.g. Batchivo:Store:Settings:ConnectionString = \"Host=db;Database=batchivo;Username=batchivo;Password=...\").")]
    public string ConnectionString { get; set; } = string.Empty;
}
