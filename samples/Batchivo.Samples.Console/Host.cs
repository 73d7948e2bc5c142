using Batchivo.Hosting;
using Batchivo.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Samples.Console;

/// <summary>Composes the console host: configuration, the store selection, the plugin host and its plugins.</summary>
/// <remarks>
/// The store is chosen by configuration only (Batchivo:Store:Provider): switching from the embedded SQLite file to
/// PostgreSQL is a change of appsettings.json or of BATCHIVO__STORE__PROVIDER, never of code. For a file store the
/// path comes from, in order: <c>--db PATH</c>, the BATCHIVO_DB environment variable, Batchivo:Store:Settings:Path,
/// else <see cref="DefaultDatabasePath"/>. Commands that only read never create a database; commands that write create
/// the file, and the folders of the default path (the product's own), but not the missing folders of a path the user
/// gave, unless <c>--create-folders</c> says so.
/// </remarks>
internal static class Host
{
    /// <summary>The environment variable that points the host at a database file.</summary>
    public const string DatabaseVariable = SampleStore.DatabaseVariable;

    /// <summary>What a command does with the store, so the host knows whether it may create the database.</summary>
    public enum Access
    {
        /// <summary>The command does not open the store (e.g. <c>plugins</c>): nothing is checked or created.</summary>
        None,

        /// <summary>The command only reads: the database must exist; nothing is created.</summary>
        Read,

        /// <summary>The command writes: the database file is created if missing (its folder only for the default path or with <c>--create-folders</c>).</summary>
        Write,
    }

    /// <summary>Where the embedded store lives by default: the user's local data folder (shared with the web host).</summary>
    public static string DefaultDatabasePath => SampleStore.DefaultDatabasePath;

    /// <summary>Reads appsettings.json next to the program and BATCHIVO__* environment variables (e.g. BATCHIVO__STORE__PROVIDER).</summary>
    /// <exception cref="BatchivoConfigurationException">appsettings.json cannot be read or is not valid JSON.</exception>
    public static IConfigurationRoot Configuration()
    {
        try
        {
            return new ConfigurationBuilder()
                .SetBasePath(AppContext.BaseDirectory)
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables()
                .Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            var file = System.IO.Path.Combine(AppContext.BaseDirectory, "appsettings.json");
            var cause = e is InvalidDataException && e.InnerException is { } inner ? inner.Message : e.Message;
            throw new BatchivoConfigurationException($"The configuration file {file} cannot be read: {cause.TrimEnd('.')}. Fix the file (it must be valid JSON, as in the shipped appsettings.json), or remove it to use the built-in defaults and BATCHIVO__* environment variables.", e);
        }
    }

    /// <summary>The store the configuration selects, and the file it uses when it is a file store.</summary>
    /// <exception cref="InputException">No store is configured, or <c>--db</c> is given for a store that is not a file.</exception>
    public static (string Provider, string? Path) Store(IConfiguration configuration, string? dbOption)
    {
        var provider = configuration["Batchivo:Store:Provider"];
        if (string.IsNullOrWhiteSpace(provider))
        {
            throw new InputException("No store is configured. Set Batchivo:Store:Provider in appsettings.json (sqlite, postgresql) or the BATCHIVO__STORE__PROVIDER environment variable.");
        }

        if (!SampleStore.IsFileStore(provider))
        {
            return dbOption is null
                ? (provider, null)
                : throw new InputException($"--db names a database file, but the configured store is '{provider}', which is not a file. Leave out --db, or select the sqlite store (Batchivo:Store:Provider).");
        }

        if (dbOption is not null && string.IsNullOrWhiteSpace(dbOption))
        {
            throw new InputException("--db is empty. Give the database file, e.g. --db shop.db, or leave out --db to use $BATCHIVO_DB or the default database.");
        }

        return (provider, SampleStore.DatabaseFile(configuration, dbOption));
    }

    /// <summary>Checks the database file for the command's access, creating the folder where the product may.</summary>
    /// <exception cref="InputException">A read finds no database, or a write would need a folder the user did not ask for.</exception>
    private static void Prepare(string path, Access access, bool createFolders)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        if (access == Access.Read && !File.Exists(path) && !Directory.Exists(path))
        {
            throw new InputException($"There is no Batchivo database at {path}. Commands that only read do not create one: check --db (or ${DatabaseVariable}), or record something first, e.g. batchivo catalog printer add NAME --model MODEL.");
        }

        if (access != Access.Write || Directory.Exists(folder))
        {
            return;
        }

        // The default data folder is the product's own; a folder in a path the user typed may be a typo.
        if (createFolders || string.Equals(path, System.IO.Path.GetFullPath(DefaultDatabasePath), StringComparison.Ordinal))
        {
            Directory.CreateDirectory(folder);
            return;
        }

        throw new InputException($"The folder {folder} does not exist, so the database {System.IO.Path.GetFileName(path)} cannot be created in it. Check the path for a typo, create the folder, or add --create-folders to create it.");
    }

    /// <summary>Builds the services.</summary>
    /// <param name="dbOption">The <c>--db</c> option, if given.</param>
    /// <param name="configure">Changes to the builder (e.g. the demo's clock).</param>
    /// <param name="embeddedFile">Use the embedded SQLite store in this file, whatever the configuration says (the demo's throwaway database).</param>
    /// <param name="access">What the command does with the store: a read never creates the database.</param>
    /// <param name="createFolders">Create the missing folders of the database's path (<c>--create-folders</c>).</param>
    public static ServiceProvider Build(string? dbOption = null, Action<IBatchivoBuilder>? configure = null, string? embeddedFile = null, Access access = Access.Write, bool createFolders = false)
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
            Prepare(path, access, createFolders);
            configuration = Override(configuration, ("Batchivo:Store:Settings:Path", path));

            // The store itself refuses to create the file too (SQLite's Mode=ReadWrite), should it vanish meanwhile.
            configuration = Override(configuration, ("Batchivo:Store:Settings:Create", access == Access.Write ? "true" : "false"));
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
}
