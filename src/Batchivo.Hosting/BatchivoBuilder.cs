using Batchivo.Devices;
using Batchivo.Hosting.Loading;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting;

/// <summary>
/// Registers Batchivo into a service collection: plugins from folders or code, the selected store, scales and
/// printer connections. Created by <c>services.AddBatchivo(...)</c>.
/// </summary>
/// <remarks>Not thread-safe: use it while composing services at start-up. Plugins are loaded once and never unloaded.</remarks>
public sealed class BatchivoBuilder : IBatchivoBuilder
{
    private readonly PluginRegistrar _registrar;
    private readonly PluginFolderLoader _folders;

    internal BatchivoBuilder(IServiceCollection services, IPluginAssemblyLoader assemblyLoader)
    {
        Services = services;
        _registrar = new PluginRegistrar(services);
        _folders = new PluginFolderLoader(assemblyLoader, _registrar);
    }

    /// <inheritdoc />
    public IServiceCollection Services { get; }

    /// <summary>What was loaded and refused so far (also registered as a singleton).</summary>
    public PluginDiagnostics Diagnostics => _registrar.Diagnostics;

    internal PluginRegistrations Registrations => _registrar.Registrations;

    /// <summary>What was selected in code; the configured options are added when the services are resolved.</summary>
    internal BatchivoSelection Selection { get; } = new();

    /// <summary>
    /// How long a plugin's constructor (with <c>Info</c>) and its <c>Register</c> may each take; a plugin that takes
    /// longer is refused with <see cref="PluginRefusal.TimedOut"/>. Applies to plugins loaded after it is set.
    /// </summary>
    /// <value>Default: 10 seconds (<see cref="PluginOptions.RegistrationTimeout"/>).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan RegistrationTimeout
    {
        get => _registrar.Timeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _registrar.Timeout = value;
        }
    }

    /// <summary>
    /// Only plugin folders whose SHA-256 (hex, see <see cref="PluginFolderHash"/>: a hash over every file of the folder)
    /// is one of these load; others are refused with <see cref="PluginRefusal.NotAllowed"/>. Applies to plugins loaded
    /// after the call.
    /// </summary>
    /// <param name="sha256">The allowed hashes.</param>
    /// <returns>This builder.</returns>
    public BatchivoBuilder AllowOnlyPluginHashes(IEnumerable<string> sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        _folders.Allow(sha256);
        return this;
    }

    /// <summary>Only plugin folders with these names load; applies to plugins loaded after the call.</summary>
    /// <param name="names">The folder names.</param>
    /// <returns>This builder.</returns>
    public BatchivoBuilder EnableOnlyPlugins(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _folders.Enable(names);
        return this;
    }

    /// <summary>
    /// Loads every plugin folder of <paramref name="directory"/>: <c>&lt;directory&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>, in
    /// name order. A plugin that fails is refused with a diagnostic; the others load. A missing directory loads
    /// nothing and is not an error. A folder already loaded or refused is not considered again.
    /// </summary>
    /// <param name="directory">The directory; relative to the host's base directory when relative.</param>
    /// <returns>This builder.</returns>
    public BatchivoBuilder AddPluginsFrom(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _folders.Load(Path.GetFullPath(Path.IsPathRooted(directory) ? directory : Path.Combine(AppContext.BaseDirectory, directory)));
        return this;
    }

    /// <inheritdoc />
    public IBatchivoBuilder AddPlugin(IBatchivoPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        _registrar.Add(plugin);
        return this;
    }

    /// <inheritdoc />
    public IBatchivoBuilder UseStore(StoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Selection.Store = settings;
        return this;
    }

    /// <inheritdoc />
    /// <remarks>Adding the same scale again (same name, driver and settings) does nothing.</remarks>
    /// <exception cref="BatchivoConfigurationException">A scale of this name is already configured with another driver or settings.</exception>
    public IBatchivoBuilder AddScale(ScaleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Name);
        Selection.AddScale(settings);
        return this;
    }

    /// <inheritdoc />
    /// <remarks>Adding the same connection again (same printer, connector and settings) does nothing.</remarks>
    /// <exception cref="BatchivoConfigurationException">The printer already has another connection configured.</exception>
    public IBatchivoBuilder AddPrinterConnection(PrinterConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.PrinterName);
        Selection.AddPrinter(settings);
        return this;
    }

    internal void LoadPlugins(PluginOptions options)
    {
        RegistrationTimeout = options.RegistrationTimeout;
        AllowOnlyPluginHashes(options.AllowedSha256);
        EnableOnlyPlugins(options.Enabled);
        foreach (var directory in options.Directories)
        {
            AddPluginsFrom(directory);
        }
    }
}
