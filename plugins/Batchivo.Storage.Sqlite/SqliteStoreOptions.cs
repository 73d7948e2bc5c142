using System.ComponentModel.DataAnnotations;
using Batchivo.Storage.EntityFrameworkCore;

namespace Batchivo.Storage.Sqlite;

/// <summary>
/// The SQLite store's settings (<c>Batchivo:Store:Settings</c>), bound from configuration: give <see cref="Path"/> or
/// <see cref="ConnectionString"/>, e.g. <c>"Settings": { "Path": "batchivo.db" }</c>.
/// </summary>
public sealed class SqliteStoreOptions : IValidatableObject
{
    /// <summary>The database file; created on first use (its folder never). Give this or <see cref="ConnectionString"/>.</summary>
    /// <value>Default: none.</value>
    public string? Path { get; set; }

    /// <summary>A Microsoft.Data.Sqlite connection string, instead of <see cref="Path"/>.</summary>
    /// <value>Default: none.</value>
    public string? ConnectionString { get; set; }

    /// <summary>With <see cref="Path"/>: false opens an existing file only (a missing one is refused), e.g. for commands that only read.</summary>
    /// <value>Default: true.</value>
    public bool Create { get; set; } = true;

    /// <summary>False skips SQLite's quick check on open (about 4 ms per megabyte of the file, measured on 86 MB).</summary>
    /// <value>Default: true.</value>
    public bool QuickCheck { get; set; } = true;

    /// <summary>The store provider these settings describe.</summary>
    /// <returns>The provider.</returns>
    /// <exception cref="StoreUnavailableException">The connection string is not valid.</exception>
    public SqliteStoreProvider CreateProvider()
    {
        var provider = string.IsNullOrWhiteSpace(Path) ? SqliteStoreProvider.ForConnectionString(ConnectionString!) : SqliteStoreProvider.ForFile(Path, Create);
        return QuickCheck ? provider : provider.WithQuickCheck(false);
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        switch (string.IsNullOrWhiteSpace(Path), string.IsNullOrWhiteSpace(ConnectionString))
        {
            case (false, false):
                yield return new ValidationResult("both Path and ConnectionString are set. Set one of them.", [nameof(Path)]);
                break;
            case (true, true):
                yield return new ValidationResult("no database is given. Set Path (e.g. batchivo.db) or ConnectionString in the store settings.", [nameof(Path)]);
                break;
        }
    }
}
