using Batchivo.Plugins;
using Batchivo.Storage.EntityFrameworkCore;

namespace Batchivo.Storage.Sqlite;

/// <summary>The plugin: provides the store provider <c>sqlite</c>.</summary>
/// <remarks>
/// Settings: <c>path</c> (the database file; created on first use, its folder never) or <c>connectionString</c>
/// (a Microsoft.Data.Sqlite connection string). One of them is required. With <c>path</c>, <c>create</c> = <c>false</c>
/// opens an existing file only (a missing one is refused), e.g. for a host's commands that only read. <c>quickCheck</c> =
/// <c>false</c> skips SQLite's quick check on open (about 4 ms per megabyte of the file, measured on 86 MB).
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
    /// <param name="settings">The settings: <c>path</c> (and optionally <c>create</c>: true or false) or <c>connectionString</c>; optionally <c>quickCheck</c>.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="StoreUnavailableException">Neither setting is given, or both, or <c>create</c> or <c>quickCheck</c> is not true or false.</exception>
    public static SqliteStoreProvider CreateProvider(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? Get(string key) => settings.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        var path = Get("path");
        var connectionString = Get("connectionString");
        var create = Flag(Get("create"), "create");
        var quickCheck = Flag(Get("quickCheck"), "quickCheck");
        var provider = (string.IsNullOrWhiteSpace(path), string.IsNullOrWhiteSpace(connectionString)) switch
        {
            (false, true) => SqliteStoreProvider.ForFile(path!, create),
            (true, false) => SqliteStoreProvider.ForConnectionString(connectionString!),
            (false, false) => throw new StoreUnavailableException("SQLite", "both 'path' and 'connectionString' are set. Set one of them."),
            _ => throw new StoreUnavailableException("SQLite", "no database is given. Set 'path' (e.g. batchivo.db) or 'connectionString' in the store settings."),
        };
        return quickCheck ? provider : provider.WithQuickCheck(false);
    }

    /// <summary>A true/false setting, true when not given.</summary>
    private static bool Flag(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) || (bool.TryParse(text.Trim(), out var value)
            ? value
            : throw new StoreUnavailableException("SQLite", $"the setting '{name}' is '{text}'. Set it to true or false."));
}
