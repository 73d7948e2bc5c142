using Batchivo.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Samples.Console;

/// <summary>Composes the console host: configuration, the store selection, the plugin host and its plugins.</summary>
/// <remarks>
/// The store is chosen by configuration only (Batchivo:Store:Provider): switching from the embedded SQLite file to
/// PostgreSQL is a change of appsettings.json or of BATCHIVO__STORE__PROVIDER, never of code. For a file store the
/// path comes from, in order: <c>--db PATH</c>, the BATCHIVO_DB environment variable, Batchivo:Store:Settings:Path,
/// else <see cref="DefaultDatabasePath"/>.
/// </remarks>
internal static class Host
{
    /// <summary>The environment variable that points the host at a database file.</summary>
    public const string DatabaseVariable = "BATCHIVO_DB";

    /// <summary>Store providers that keep their data in one file, so <c>--db</c> applies to them.</summary>
    private static readonly HashSet<string> FileProviders = new(StringComparer.OrdinalIgnoreCase) { "sqlite" };

    /// <summary>Where the embedded store lives by default: the user's local data folder.</summary>
    public static string DefaultDatabasePath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "Batchivo", "batchivo.db");

    /// <summary>Reads appsettings.json next to the program and BATCHIVO__* environment variables (e.g. BATCHIVO__STORE__PROVIDER).</summary>
    public static IConfigurationRoot Configuration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>The store the configuration selects, and the file it uses when it is a file store.</summary>
    /// <exception cref="InputException">No store is configured, or <c>--db</c> is given for a store that is not a file.</exception>
    public static (string Provider, string? Path) Store(IConfiguration configuration, string? dbOption)
    {
        var provider = configuration["Batchivo:Store:Provider"];
        if (string.IsNullOrWhiteSpace(provider))
        {
            throw new InputException("No store is configured. Set Batchivo:Store:Provider in appsettings.json (sqlite, postgresql) or the BATCHIVO__STORE__PROVIDER environment variable.");
        }

        if (!FileProviders.Contains(provider))
        {
            return dbOption is null
                ? (provider, null)
                : throw new InputException($"--db names a database file, but the configured store is '{provider}', which is not a file. Leave out --db, or select the sqlite store (Batchivo:Store:Provider).");
        }

        var path = FirstOf(dbOption, Environment.GetEnvironmentVariable(DatabaseVariable), configuration["Batchivo:Store:Settings:Path"]) ?? DefaultDatabasePath;
        return (provider, System.IO.Path.GetFullPath(path));
    }

    /// <summary>Builds the services.</summary>
    /// <param name="dbOption">The <c>--db</c> option, if given.</param>
    /// <param name="configure">Changes to the builder (e.g. the demo's clock).</param>
    /// <param name="embeddedFile">Use the embedded SQLite store in this file, whatever the configuration says (the demo's throwaway database).</param>
    public static ServiceProvider Build(string? dbOption = null, Action<IBatchivoBuilder>? configure = null, string? embeddedFile = null)
    {
        IConfiguration configuration = Configuration();
        if (embeddedFile is not null)
        {
            configuration = Override(configuration, ("Batchivo:Store:Provider", "sqlite"));
            dbOption = embeddedFile;
        }

        var (_, path) = Store(configuration, dbOption);
        if (path is not null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            configuration = Override(configuration, ("Batchivo:Store:Settings:Path", path));
        }

        var services = new ServiceCollection();
        var builder = services.AddBatchivo(configuration);
        configure?.Invoke(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static IConfiguration Override(IConfiguration configuration, (string Key, string Value) setting) =>
        new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection([new(setting.Key, setting.Value)])
            .Build();

    private static string? FirstOf(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
