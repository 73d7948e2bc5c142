using System.Reflection;
using System.Runtime.ExceptionServices;
using Batchivo.Devices;
using Batchivo.Hosting.Loading;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Batchivo.Hosting;

/// <summary>
/// Registers Batchivo into a service collection: plugins from folders or code, the selected store, scales and
/// printer connections. Created by <c>services.AddBatchivo(...)</c>.
/// </summary>
/// <remarks>Not thread-safe: use it while composing services at start-up. Plugins are loaded once and never unloaded.</remarks>
public sealed class BatchivoBuilder : IBatchivoBuilder
{
    /// <summary>The types whose assemblies every plugin shares with the host (explicitly: not PreferSharedTypes).</summary>
    internal static readonly Type[] SharedTypes =
    [
        typeof(IBatchivoPlugin),     // Batchivo.Core: the contract
        typeof(IServiceCollection),  // Microsoft.Extensions.DependencyInjection.Abstractions
        typeof(ILogger),             // Microsoft.Extensions.Logging.Abstractions
        typeof(IOptions<>),          // Microsoft.Extensions.Options
    ];

    private readonly IPluginAssemblyLoader _assemblyLoader;
    private readonly HashSet<string> _allowedSha256 = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _enabled = new(StringComparer.OrdinalIgnoreCase);

    // Plugin folders (and refused enabled names) already dealt with: adding the same directory again, e.g. by a
    // second AddBatchivo call, must not load its plugins twice (which would refuse them all as duplicates).
    private readonly HashSet<string> _considered = new(StringComparer.Ordinal);

    internal BatchivoBuilder(IServiceCollection services, IPluginAssemblyLoader assemblyLoader)
    {
        Services = services;
        _assemblyLoader = assemblyLoader;
    }

    /// <inheritdoc />
    public IServiceCollection Services { get; }

    /// <summary>What was loaded and refused so far (also registered as a singleton).</summary>
    public PluginDiagnostics Diagnostics { get; } = new();

    internal PluginRegistrations Registrations { get; } = new();

    internal BatchivoSelection Selection { get; } = new();

    /// <summary>
    /// How long a plugin's constructor (with <c>Info</c>) and its <c>Register</c> may each take; a plugin that takes
    /// longer is refused with <see cref="PluginRefusal.TimedOut"/>. Applies to plugins loaded after it is set.
    /// </summary>
    /// <value>Default: 10 seconds (<see cref="PluginOptions.RegistrationTimeout"/>).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan RegistrationTimeout
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = PluginOptions.DefaultRegistrationTimeout;

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
        foreach (var hash in sha256)
        {
            _allowedSha256.Add(hash.Trim());
        }

        return this;
    }

    /// <summary>Only plugin folders with these names load; applies to plugins loaded after the call.</summary>
    /// <param name="names">The folder names.</param>
    /// <returns>This builder.</returns>
    public BatchivoBuilder EnableOnlyPlugins(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            _enabled.Add(name.Trim());
        }

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
        var root = Path.GetFullPath(Path.IsPathRooted(directory) ? directory : Path.Combine(AppContext.BaseDirectory, directory));
        if (!Directory.Exists(root))
        {
            return this;
        }

        var names = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.OrdinalIgnoreCase)
            .Where(name => (_enabled.Count == 0 || _enabled.Contains(name)) && _considered.Add(Path.Combine(root, name)))
            .ToArray();

        // Checking, loading and creating each plugin depends on no other plugin: done in parallel, which at start-up
        // overlaps the one-off costs (the loader's first use, compiling the loading code) with the next plugins' file
        // work. Registering does depend on the others (unique names, what earlier plugins registered): done here, in
        // name order, so the outcome is the same as loading one after the other.
        var folders = new PluginFolder[names.Length];
        if (folders.Length == 1)
        {
            folders[0] = PrepareGuarded(root, names[0]);
        }
        else
        {
            Parallel.For(0, folders.Length, i => folders[i] = PrepareGuarded(root, names[i]));
        }

        foreach (var folder in folders)
        {
            Commit(folder);
        }

        foreach (var wanted in _enabled.Where(n => !IsPlainName(n)))
        {
            if (_considered.Add(Path.Combine(root, wanted)))
            {
                Refuse(Path.Combine(root, wanted), wanted, PluginRefusal.OutsideDirectory, $"The plugin name '{wanted}' is not a plain folder name; plugins load only from folders directly inside {root}. Use the folder's name.");
            }
        }

        return this;
    }

    /// <inheritdoc />
    public IBatchivoBuilder AddPlugin(IBatchivoPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        PluginInfo info;
        try
        {
            info = plugin.Info;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Refuse(plugin.GetType().FullName ?? "plugin", plugin.GetType().Name, PluginRefusal.ConstructorFailed, $"Its Info threw {ex.GetType().Name}: {ex.Message}");
            return this;
        }

        Register(plugin, info, file: null, sha256: null);
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
        if (Selection.Scales.TryGetValue(settings.Name.Trim(), out var existing))
        {
            return SameDevice(existing.Driver, settings.Driver, existing.Settings, settings.Settings)
                ? this
                : throw new BatchivoConfigurationException($"A scale named '{settings.Name}' is configured twice. Give each scale its own name.");
        }

        Selection.Scales.Add(settings.Name.Trim(), settings);
        return this;
    }

    /// <inheritdoc />
    /// <remarks>Adding the same connection again (same printer, connector and settings) does nothing.</remarks>
    /// <exception cref="BatchivoConfigurationException">The printer already has another connection configured.</exception>
    public IBatchivoBuilder AddPrinterConnection(PrinterConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.PrinterName);
        if (Selection.Printers.TryGetValue(settings.PrinterName.Trim(), out var existing))
        {
            return SameDevice(existing.Connector, settings.Connector, existing.Settings, settings.Settings)
                ? this
                : throw new BatchivoConfigurationException($"Printer '{settings.PrinterName}' has two connections configured. Keep one.");
        }

        Selection.Printers.Add(settings.PrinterName.Trim(), settings);
        return this;
    }

    internal void Apply(BatchivoOptions options)
    {
        RegistrationTimeout = options.Plugins.RegistrationTimeout;
        AllowOnlyPluginHashes(options.Plugins.AllowedSha256);
        EnableOnlyPlugins(options.Plugins.Enabled);
        foreach (var directory in options.Plugins.Directories)
        {
            AddPluginsFrom(directory);
        }

        if (options.Store is { } store)
        {
            UseStore(new StoreSettings(store.Provider, Copy(store.Settings)));
        }

        foreach (var scale in options.Scales)
        {
            AddScale(new ScaleSettings(scale.Name, scale.Driver, Copy(scale.Settings)));
        }

        foreach (var printer in options.Printers)
        {
            AddPrinterConnection(new PrinterConnectionSettings(printer.Printer, printer.Connector, Copy(printer.Settings)));
        }
    }

    private static Dictionary<string, string?> Copy(IDictionary<string, string?> settings) => new(settings, StringComparer.OrdinalIgnoreCase);

    // The same device configured again (e.g. AddBatchivo called twice with one configuration) is not a conflict.
    private static bool SameDevice(string? driver, string? otherDriver, IReadOnlyDictionary<string, string?> settings, IReadOnlyDictionary<string, string?> otherSettings) =>
        string.Equals(driver?.Trim(), otherDriver?.Trim(), StringComparison.OrdinalIgnoreCase)
        && settings.Count == otherSettings.Count
        && settings.All(s => otherSettings.TryGetValue(s.Key, out var value) && string.Equals(s.Value, value, StringComparison.Ordinal));

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
        && name.IndexOfAny(['/', '\\', ':']) < 0;

    // Reading a plugin's files can fail in ways no check foresees (unreadable file, a special file, a link loop,
    // a file that vanishes): the plugin is refused, the host goes on. Anything else is a bug of the host: it is
    // rethrown when the folder's turn comes, as if the folders were loaded one after the other.
    private PluginFolder PrepareGuarded(string root, string name)
    {
        var folder = new PluginFolder();
        try
        {
            Prepare(folder, root, name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            folder.Refusal = new RefusedPlugin(Path.Combine(root, name), name, PluginRefusal.LoadFailed, $"Its files could not be read ({ex.GetType().Name}: {ex.Message}). Check that the folder holds regular files the host may read.");
        }
        catch (Exception ex)
        {
            folder.Failure = ExceptionDispatchInfo.Capture(ex);
        }

        return folder;
    }

    private void Commit(PluginFolder folder)
    {
        if (folder.KeepAlive is not null)
        {
            Registrations.Loaders.Add(folder.KeepAlive);
        }

        folder.Failure?.Throw();
        if (folder.Refusal is not null)
        {
            Diagnostics.Add(folder.Refusal);
        }
        else if (folder.Plugin is not null)
        {
            Register(folder.Plugin, folder.Info, folder.File, folder.Sha256);
        }
    }

    // Runs in parallel with the other folders: touches nothing of the builder but what it only reads.
    private void Prepare(PluginFolder result, string root, string name)
    {
        var folder = Path.Combine(root, name);
        var file = Path.Combine(folder, name + ".dll");
        result.File = file;
        if (!IsPlainName(name))
        {
            result.Refusal = new(folder, name, PluginRefusal.OutsideDirectory, $"'{name}' is not a plain folder name. Rename the folder.");
            return;
        }

        if (!File.Exists(file))
        {
            result.Refusal = new(folder, name, PluginRefusal.FileMissing, $"The plugin folder has no {name}.dll. A plugin folder holds <Name>/<Name>.dll; build or copy the plugin's output into it, or remove the folder.");
            return;
        }

        if (ResolvesOutside(root, file) is { } target)
        {
            result.Refusal = new(file, name, PluginRefusal.OutsideDirectory, $"The plugin's folder or file is a link: the file is really {target}, outside the plugin directory {root}. Copy the plugin into the directory instead of linking to it.");
            return;
        }

        // The allowlist covers the whole folder: every file the plugin can load from it. Without an allowlist the
        // folder's hash is only for the diagnostics: it is computed when they are first read.
        string? sha256 = null;
        if (_allowedSha256.Count > 0 && Allowlist.Refusal(folder, name, _allowedSha256, out sha256) is { } notAllowed)
        {
            result.Refusal = new(file, name, PluginRefusal.NotAllowed, notAllowed);
            return;
        }

        result.Sha256 = sha256;
        var hostCore = typeof(IBatchivoPlugin).Assembly.GetName().Version!;
        Version? referenced;
        try
        {
            referenced = ContractInspector.ReferencedCoreVersion(file);
        }
        catch (BadImageFormatException ex)
        {
            result.Refusal = new(file, name, PluginRefusal.Corrupt, $"The file is not a valid .NET assembly ({ex.Message}). Rebuild the plugin or replace the file.");
            return;
        }

        if (referenced is null)
        {
            result.Refusal = new(file, name, PluginRefusal.NoPluginClass, "The assembly does not reference Batchivo.Core, so it has no plugin class. A plugin implements Batchivo.Plugins.IBatchivoPlugin.");
            return;
        }

        if (!ContractInspector.IsCompatible(referenced, hostCore))
        {
            result.Refusal = new(file, name, PluginRefusal.ContractMismatch, $"It was built against Batchivo.Core {referenced.ToString(2)} but this host provides {hostCore.ToString(2)} (contract {PluginContract.Version}). Rebuild the plugin against Batchivo.Core {hostCore.ToString(2)}, or use a host of its version.");
            return;
        }

        Assembly assembly;
        try
        {
            assembly = _assemblyLoader.Load(file, out var keepAlive);
            result.KeepAlive = keepAlive;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            result.Refusal = RefusalFor(file, name, ex, PluginRefusal.LoadFailed, "loading it");
            return;
        }

        if (DependencyCheck.Problem(assembly, folder, name) is { } problem)
        {
            result.Refusal = new(file, name, problem.Reason, problem.Message);
            return;
        }

        var candidates = PluginTypes(assembly, out var loaderErrors);
        if (candidates.Count != 1)
        {
            result.Refusal = RefusalWithoutPluginClass(file, name, assembly, candidates, loaderErrors);
            return;
        }

        try
        {
            // Kept in locals: a plugin that runs past the limit must not change the result when it ends at last.
            IBatchivoPlugin? plugin = null;
            PluginInfo? info = null;
            if (!TimeLimit.Run(() => { var created = (IBatchivoPlugin)Activator.CreateInstance(candidates[0])!; info = created.Info; plugin = created; }, RegistrationTimeout, $"plugin {name}"))
            {
                result.Refusal = new(file, name, PluginRefusal.TimedOut, TimedOut($"creating {candidates[0].FullName} and reading its Info"));
                return;
            }

            result.Plugin = plugin;
            result.Info = info;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            result.Plugin = null;
            result.Refusal = RefusalFor(file, name, Unwrap(ex), PluginRefusal.ConstructorFailed, $"creating {candidates[0].FullName}");
        }
    }

    private void Register(IBatchivoPlugin plugin, PluginInfo? info, string? file, string? sha256)
    {
        var source = file ?? plugin.GetType().FullName ?? "plugin";
        if (info is null || string.IsNullOrWhiteSpace(info.Name))
        {
            Refuse(source, plugin.GetType().Name, PluginRefusal.InvalidInfo, "Its Info has no name. Return a PluginInfo with a unique name.");
            return;
        }

        if (info.ContractVersion != PluginContract.Version)
        {
            Refuse(source, info.Name, PluginRefusal.ContractMismatch, $"It declares plugin contract {info.ContractVersion} but this host implements contract {PluginContract.Version}. Rebuild it against this host's Batchivo.Core.");
            return;
        }

        if (Registrations.PluginNames.TryGetValue(info.Name, out var first))
        {
            Refuse(source, info.Name, PluginRefusal.DuplicateName, $"A plugin named '{info.Name}' is already loaded from {first}. Remove one of the two, or give them different names.");
            return;
        }

        var staging = new StagingRegistry(Services);
        try
        {
            if (!TimeLimit.Run(() => plugin.Register(staging), RegistrationTimeout, $"plugin {info.Name}"))
            {
                Refuse(source, info.Name, PluginRefusal.TimedOut, TimedOut("registering its services (nothing it registered was kept)"));
                return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Diagnostics.Add(RefusalFor(source, info.Name, Unwrap(ex), PluginRefusal.RegisterFailed, "registering its services (nothing it registered was kept)"));
            return;
        }

        var clash = Clash(staging);
        if (clash is not null)
        {
            Refuse(source, info.Name, PluginRefusal.DuplicateName, clash);
            return;
        }

        foreach (var descriptor in staging.AddedServices)
        {
            Services.Add(descriptor);
        }

        foreach (var (n, f) in staging.Stores)
        {
            Registrations.Stores[n] = new(n, info.Name, f);
        }

        foreach (var (n, f) in staging.ScaleDrivers)
        {
            Registrations.ScaleDrivers[n] = new(n, info.Name, f);
        }

        foreach (var (n, f) in staging.PrinterConnectors)
        {
            Registrations.PrinterConnectors[n] = new(n, info.Name, f);
        }

        foreach (var (n, f) in staging.SlicerReaders)
        {
            Registrations.SlicerReaders[n] = new(n, info.Name, f);
        }

        Registrations.PluginNames[info.Name] = source;
        Diagnostics.Add(file is not null && sha256 is null
            ? new LoadedPlugin(info.Name, info.Version, info.ContractVersion, file, new Lazy<string?>(() => FolderSha256OrNull(Path.GetDirectoryName(file)!)), staging.Provides)
            : new LoadedPlugin(info.Name, info.Version, info.ContractVersion, file, sha256, staging.Provides));
    }

    private string? Clash(StagingRegistry staging)
    {
        static string? Find<T>(IEnumerable<string> names, Dictionary<string, Provided<T>> taken, string kind)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
            {
                if (!seen.Add(name))
                {
                    return $"It registers the {kind} '{name}' twice.";
                }

                if (taken.TryGetValue(name, out var other))
                {
                    return $"The {kind} '{name}' is already provided by plugin '{other.Plugin}'. Remove one of the two plugins.";
                }
            }

            return null;
        }

        return Find(staging.Stores.Select(s => s.Name), Registrations.Stores, "store provider")
            ?? Find(staging.ScaleDrivers.Select(s => s.Name), Registrations.ScaleDrivers, "scale driver")
            ?? Find(staging.PrinterConnectors.Select(s => s.Name), Registrations.PrinterConnectors, "printer connector")
            ?? Find(staging.SlicerReaders.Select(s => s.Name), Registrations.SlicerReaders, "slicer reader");
    }

    private static List<Type> PluginTypes(Assembly assembly, out List<Exception> loaderErrors)
    {
        loaderErrors = [];
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
            loaderErrors.AddRange(ex.LoaderExceptions.OfType<Exception>());
        }

        return [.. types.OfType<Type>().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBatchivoPlugin).IsAssignableFrom(t))];
    }

    private static RefusedPlugin RefusalWithoutPluginClass(string file, string name, Assembly assembly, List<Type> candidates, List<Exception> loaderErrors)
    {
        if (candidates.Count > 1)
        {
            return new(file, name, PluginRefusal.NoPluginClass, $"It has {candidates.Count} plugin classes ({string.Join(", ", candidates.Select(c => c.FullName))}); a plugin assembly has exactly one.");
        }

        if (loaderErrors.FirstOrDefault(e => e is FileNotFoundException or FileLoadException) is { } missing)
        {
            return RefusalFor(file, name, missing, PluginRefusal.MissingDependency, "reading its types");
        }

        // The loader falls back to the plugin's own copy of Batchivo.Core when it cannot share the host's: the
        // plugin class then implements an interface of the same name that is not the host's.
        var foreign = SafeTypes(assembly).FirstOrDefault(t => t.GetInterfaces().Any(i => i.FullName == typeof(IBatchivoPlugin).FullName));
        if (foreign is not null)
        {
            var theirs = foreign.GetInterfaces().First(i => i.FullName == typeof(IBatchivoPlugin).FullName).Assembly.GetName();
            return new(file, name, PluginRefusal.ContractMismatch, $"Its plugin class {foreign.FullName} implements IBatchivoPlugin from its own copy of Batchivo.Core {theirs.Version?.ToString(2)}, not the host's {typeof(IBatchivoPlugin).Assembly.GetName().Version?.ToString(2)}. Rebuild it against the host's version and do not ship Batchivo.Core in the plugin folder.");
        }

        var detail = loaderErrors.Count > 0 ? $" Loading its types failed: {loaderErrors[0].Message}" : string.Empty;
        return new(file, name, PluginRefusal.NoPluginClass, $"The assembly has no public class implementing Batchivo.Plugins.IBatchivoPlugin, so there is nothing to load.{detail} Add the plugin class, or move a library that is not a plugin out of the plugin directory (into the folder of the plugin that uses it).");
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }

    private static RefusedPlugin RefusalFor(string file, string name, Exception ex, PluginRefusal reason, string doing)
    {
        if (ex is FileNotFoundException or FileLoadException)
        {
            var missing = ex is FileNotFoundException f && f.FileName is { } fn ? fn : ex.Message;
            return new(file, name, PluginRefusal.MissingDependency, $"It needs '{missing}', which is neither in its folder nor shared by the host ({doing}). Publish the plugin with its dependencies into its folder.");
        }

        if (ex is BadImageFormatException)
        {
            return new(file, name, PluginRefusal.Corrupt, $"A file of the plugin is not a valid assembly ({ex.Message}). Rebuild or replace the plugin.");
        }

        return new(file, name, reason, $"{ex.GetType().Name} while {doing}: {ex.Message.TrimEnd('.')}. The plugin itself failed: fix or update it, or remove it.");
    }

    private string TimedOut(string doing) =>
        $"It took longer than {RegistrationTimeout.TotalSeconds:0.###} s {doing} and was stopped waiting for. A plugin's constructor and Register must be quick and free of I/O; fix or update it, remove it, or raise Batchivo:Plugins:RegistrationTimeout if it is merely slow.";

    private void Refuse(string file, string name, PluginRefusal reason, string message) =>
        Diagnostics.Add(new RefusedPlugin(file, name, reason, message));

    private static Exception Unwrap(Exception ex) => ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;

    // For the diagnostics of a loaded plugin, computed on first read: by then the folder may have gone.
    private static string? FolderSha256OrNull(string folder)
    {
        try
        {
            return PluginFolderHash.Compute(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Where the file really is, every link along its path followed (as the OS does when it opens it), when that is
    // outside the directory's real location. Checking only the file's and its folder's own link targets would miss a
    // link to a linked folder: plugins/A/A.dll -> plugins/B/A.dll with plugins/B -> /elsewhere.
    private static string? ResolvesOutside(string root, string file)
    {
        var realRoot = RealPath(root);
        var prefix = realRoot.EndsWith(Path.DirectorySeparatorChar) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        var target = RealPath(file);
        return target.StartsWith(prefix, StringComparison.Ordinal) ? null : target;
    }

    private static string RealPath(string path)
    {
        var hops = 0;
        return Resolve(Path.GetFullPath(path));

        string Resolve(string full)
        {
            var current = Path.GetPathRoot(full)!;
            foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                var next = Path.Combine(current, part);
                if (new FileInfo(next).LinkTarget is { } link)
                {
                    // The limit Linux applies (MAXSYMLINKS), so a link loop ends as an I/O error, not a hang.
                    if (++hops > 40)
                    {
                        throw new IOException($"Too many levels of symbolic links at {next}.");
                    }

                    next = Resolve(Path.GetFullPath(Path.IsPathRooted(link) ? link : Path.Combine(current, link)));
                }

                current = next;
            }

            return current;
        }
    }

    /// <summary>What checking and loading one plugin folder came to, until it is registered or refused in turn.</summary>
    private sealed class PluginFolder
    {
        public string? File { get; set; }

        public string? Sha256 { get; set; }

        public object? KeepAlive { get; set; }

        public IBatchivoPlugin? Plugin { get; set; }

        public PluginInfo? Info { get; set; }

        public RefusedPlugin? Refusal { get; set; }

        public ExceptionDispatchInfo? Failure { get; set; }
    }
}
