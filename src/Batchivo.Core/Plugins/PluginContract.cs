using System.Reflection;
using Batchivo.Devices;
using Batchivo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Plugins;

/// <summary>The version of the plugin contract this build of Batchivo.Core defines.</summary>
public static class PluginContract
{
    /// <summary>
    /// The contract version. A plugin reports the value it was compiled against in <see cref="PluginInfo.ContractVersion"/>
    /// (a constant, so it is baked into the plugin); the host refuses plugins built against another version.
    /// </summary>
    public const int Version = 1;
}

/// <summary>What a plugin says about itself.</summary>
/// <param name="Name">The unique name, e.g. Batchivo.Storage.Sqlite.</param>
/// <param name="Version">The plugin's version, e.g. 1.2.0.</param>
/// <param name="ContractVersion">Pass <see cref="PluginContract.Version"/>.</param>
/// <param name="Description">One line about what it provides.</param>
public sealed record PluginInfo(string Name, string Version, int ContractVersion, string? Description = null)
{
    /// <summary>
    /// What a plugin says about itself, with its name and version read from its assembly, so that the version a
    /// host reports is the one the package was built with, never typed by hand.
    /// </summary>
    /// <param name="pluginType">The plugin's entry point type, e.g. <c>typeof(SqliteStorePlugin)</c>.</param>
    /// <param name="contractVersion">Pass <see cref="PluginContract.Version"/>: a constant, so the plugin carries the contract it was compiled against.</param>
    /// <param name="description">One line about what it provides.</param>
    /// <returns>The name is the assembly's simple name; the version is its informational version without build metadata
    /// (the part after <c>+</c>), or its assembly version when it has none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pluginType"/> is null.</exception>
    public static PluginInfo FromAssembly(Type pluginType, int contractVersion, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(pluginType);
        var assembly = pluginType.Assembly;
        var name = assembly.GetName();
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = string.IsNullOrWhiteSpace(informational)
            ? name.Version?.ToString(3) ?? "0.0.0"
            : informational.Split('+', 2)[0];
        return new(name.Name ?? pluginType.Name, version, contractVersion, description);
    }
}

/// <summary>Settings of the selected store, from configuration or code.</summary>
/// <param name="Provider">The store provider's name, e.g. sqlite.</param>
/// <param name="Settings">Provider settings (path, connection string...), keys case-insensitive; bind them to the provider's options with <see cref="PluginSettings.Bind"/>.</param>
public sealed record StoreSettings(string Provider, IConfiguration Settings);

/// <summary>
/// The entry point of a plugin: one public class with a public parameterless constructor per plugin assembly.
/// </summary>
/// <remarks>
/// Keep the constructor cheap and free of I/O: the host creates the plugin at start-up. Let exceptions
/// propagate: the host catches them, reports the plugin as refused and goes on with the others.
/// </remarks>
public interface IBatchivoPlugin
{
    /// <summary>What the plugin says about itself.</summary>
    PluginInfo Info { get; }

    /// <summary>Registers the plugin's services: named store providers, scale drivers, printer connectors, slicer readers.</summary>
    /// <param name="registry">Where to register.</param>
    void Register(IPluginRegistry registry);
}

/// <summary>Where a plugin registers what it provides. Names are case-insensitive and unique per kind.</summary>
public interface IPluginRegistry
{
    /// <summary>The host's services, for the plugin's own dependencies (register them with <c>TryAdd*</c>).</summary>
    IServiceCollection Services { get; }

    /// <summary>Registers a store provider.</summary>
    /// <param name="name">The provider's name, e.g. sqlite.</param>
    /// <param name="factory">Creates the store from the host's services and the selected store's settings.</param>
    void AddStoreProvider(string name, Func<IServiceProvider, StoreSettings, IProductionStore> factory);

    /// <summary>Registers a scale driver.</summary>
    /// <param name="name">The driver's name, e.g. mt-sics.</param>
    /// <param name="factory">Creates a scale from the host's services and one configured scale's settings.</param>
    void AddScaleDriver(string name, Func<IServiceProvider, ScaleSettings, IScale> factory);

    /// <summary>Registers a printer connector.</summary>
    /// <param name="name">The connector's name, e.g. octoprint.</param>
    /// <param name="factory">Creates a connector from the host's services and one configured printer's settings.</param>
    void AddPrinterConnector(string name, Func<IServiceProvider, PrinterConnectionSettings, IPrinterConnector> factory);

    /// <summary>Registers a slicer file reader.</summary>
    /// <param name="name">The reader's name, e.g. prusaslicer.</param>
    /// <param name="factory">Creates the reader.</param>
    void AddSlicerReader(string name, Func<IServiceProvider, ISlicerFileReader> factory);
}

/// <summary>
/// What <c>services.AddBatchivo()</c> returns: registers plugins given in code and selects the store, scales and
/// printers. Plugin packages add their <c>UseXxx</c>/<c>AddXxx</c> extension methods to it.
/// </summary>
public interface IBatchivoBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>Registers a plugin given in code (a package reference instead of a plugin folder).</summary>
    /// <param name="plugin">The plugin.</param>
    /// <returns>This builder.</returns>
    IBatchivoBuilder AddPlugin(IBatchivoPlugin plugin);

    /// <summary>Selects the store.</summary>
    /// <param name="settings">The provider and its settings.</param>
    /// <returns>This builder.</returns>
    IBatchivoBuilder UseStore(StoreSettings settings);

    /// <summary>Adds a named scale.</summary>
    /// <param name="settings">The scale's name, driver and settings.</param>
    /// <returns>This builder.</returns>
    IBatchivoBuilder AddScale(ScaleSettings settings);

    /// <summary>Connects a printer of the catalog.</summary>
    /// <param name="settings">The printer's name, connector and settings.</param>
    /// <returns>This builder.</returns>
    IBatchivoBuilder AddPrinterConnection(PrinterConnectionSettings settings);
}
