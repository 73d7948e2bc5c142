using Microsoft.Extensions.Configuration;

namespace Batchivo.Samples.Contracts;

/// <summary>Where the sample hosts keep the embedded store, so the console and the web host share one database.</summary>
public static class SampleStore
{
    /// <summary>The environment variable that points a host at a database file.</summary>
    public const string DatabaseVariable = "BATCHIVO_DB";

    /// <summary>Store providers that keep their data in one file, so a database path applies to them.</summary>
    private static readonly HashSet<string> FileProviders = new(StringComparer.OrdinalIgnoreCase) { "sqlite" };

    /// <summary>Where the embedded store lives by default: the user's local data folder.</summary>
    public static string DefaultDatabasePath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "Batchivo", "batchivo.db");

    /// <summary>Whether the store provider keeps its data in one file.</summary>
    /// <param name="provider">The provider's name, e.g. sqlite.</param>
    /// <returns>True for a file store.</returns>
    public static bool IsFileStore(string? provider) => provider is not null && FileProviders.Contains(provider);

    /// <summary>
    /// The database file of a file store: <paramref name="option"/> (a host's own option, e.g. <c>--db</c>), else
    /// <see cref="DatabaseVariable"/>, else <c>Batchivo:Store:Settings:Path</c>, else <see cref="DefaultDatabasePath"/>; as a full path.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="option">The host's own option, if given.</param>
    /// <returns>The full path of the database file.</returns>
    public static string DatabaseFile(IConfiguration configuration, string? option = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = new[] { option, Environment.GetEnvironmentVariable(DatabaseVariable), configuration["Batchivo:Store:Settings:Path"] }
            .FirstOrDefault(p => !string.IsNullOrWhiteSpace(p)) ?? DefaultDatabasePath;
        return Path.GetFullPath(path);
    }
}
