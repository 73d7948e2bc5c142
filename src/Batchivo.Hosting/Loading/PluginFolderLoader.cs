using System.Reflection;
using System.Runtime.ExceptionServices;
using Batchivo.Plugins;

namespace Batchivo.Hosting.Loading;

/// <summary>
/// Loads the plugin folders of a directory (<c>&lt;directory&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>): checks each folder
/// (plain name, no link out of the directory, the allowlist, the Batchivo.Core it was built against), loads it through
/// <see cref="IPluginAssemblyLoader"/>, checks its dependencies, creates its plugin class and hands it to the
/// <see cref="PluginRegistrar"/>. A folder that fails any step is refused; the others go on.
/// </summary>
internal sealed class PluginFolderLoader(IPluginAssemblyLoader assemblyLoader, PluginRegistrar registrar)
{
    private readonly HashSet<string> _allowedSha256 = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _enabled = new(StringComparer.OrdinalIgnoreCase);

    // Plugin folders (and refused enabled names) already dealt with: adding the same directory again, e.g. by a
    // second AddBatchivo call, must not load its plugins twice (which would refuse them all as duplicates).
    private readonly HashSet<string> _considered = new(StringComparer.Ordinal);

    public void Allow(IEnumerable<string> sha256)
    {
        foreach (var hash in sha256)
        {
            _allowedSha256.Add(hash.Trim());
        }
    }

    public void Enable(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            _enabled.Add(name.Trim());
        }
    }

    /// <summary>Loads every plugin folder of <paramref name="root"/> (an absolute path) not considered yet, in name order.</summary>
    public void Load(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
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

        foreach (var wanted in _enabled.Where(n => !PluginPaths.IsPlainName(n)))
        {
            if (_considered.Add(Path.Combine(root, wanted)))
            {
                registrar.Refuse(Path.Combine(root, wanted), wanted, PluginRefusal.OutsideDirectory, $"The plugin name '{wanted}' is not a plain folder name; plugins load only from folders directly inside {root}. Use the folder's name.");
            }
        }
    }

    // Reading a plugin's files can fail in ways no check foresees (unreadable file, a special file, a link loop,
    // a file that vanishes): the plugin is refused, the host goes on. Anything else is a bug of the host: it is
    // rethrown when the folder's turn comes, as if the folders were loaded one after the other.
    private PluginFolder PrepareGuarded(string root, string name)
    {
        var folder = new PluginFolder();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            Prepare(folder, root, name);
            folder.Prepared = System.Diagnostics.Stopwatch.GetElapsedTime(started);
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
            registrar.Registrations.Loaders.Add(folder.KeepAlive);
        }

        folder.Failure?.Throw();
        if (folder.Refusal is not null)
        {
            registrar.Diagnostics.Add(folder.Refusal);
            Batchivo.Diagnostics.BatchivoTelemetry.RecordPluginLoad(folder.Refusal.Name, loaded: false, folder.Prepared);
        }
        else if (folder.Plugin is not null)
        {
            registrar.Register(folder.Plugin, folder.Info, folder.File, folder.Sha256, folder.Prepared);
        }
    }

    // Runs in parallel with the other folders: touches nothing of the loader but what it only reads.
    private void Prepare(PluginFolder result, string root, string name)
    {
        var folder = Path.Combine(root, name);
        var file = Path.Combine(folder, name + ".dll");
        result.File = file;
        if (!PluginPaths.IsPlainName(name))
        {
            result.Refusal = new(folder, name, PluginRefusal.OutsideDirectory, $"'{name}' is not a plain folder name. Rename the folder.");
            return;
        }

        if (!File.Exists(file))
        {
            result.Refusal = new(folder, name, PluginRefusal.FileMissing, $"The plugin folder has no {name}.dll. A plugin folder holds <Name>/<Name>.dll; build or copy the plugin's output into it, or remove the folder.");
            return;
        }

        if (PluginPaths.ResolvesOutside(root, file) is { } target)
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
        Version? referenced;
        try
        {
            referenced = PluginCompatibility.ReferencedCoreVersion(file);
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

        // Before loading: a plugin built against another Batchivo.Core would get its own copy and not be a plugin to the host.
        if (PluginCompatibility.Problem(new(referenced)) is { } mismatch)
        {
            result.Refusal = new(file, name, PluginRefusal.ContractMismatch, mismatch);
            return;
        }

        Assembly assembly;
        try
        {
            assembly = assemblyLoader.Load(file, out var keepAlive);
            result.KeepAlive = keepAlive;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            result.Refusal = Refusals.For(file, name, ex, PluginRefusal.LoadFailed, "loading it");
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

        Create(result, file, name, candidates[0]);
    }

    private void Create(PluginFolder result, string file, string name, Type type)
    {
        var limit = registrar.Timeout;
        try
        {
            // Kept in locals: a plugin that runs past the limit must not change the result when it ends at last.
            IBatchivoPlugin? plugin = null;
            PluginInfo? info = null;
            if (!TimeLimit.Run(() => { var created = (IBatchivoPlugin)Activator.CreateInstance(type)!; info = created.Info; plugin = created; }, limit, $"plugin {name}"))
            {
                result.Refusal = Refusals.TimedOut(file, name, limit, $"creating {type.FullName} and reading its Info");
                return;
            }

            result.Plugin = plugin;
            result.Info = info;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            result.Plugin = null;
            result.Refusal = Refusals.For(file, name, Refusals.Unwrap(ex), PluginRefusal.ConstructorFailed, $"creating {type.FullName}");
        }
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
            return Refusals.For(file, name, missing, PluginRefusal.MissingDependency, "reading its types");
        }

        // The loader falls back to the plugin's own copy of Batchivo.Core when it cannot share the host's: the
        // plugin class then implements an interface of the same name that is not the host's.
        var theirs = SafeTypes(assembly).SelectMany(t => t.GetInterfaces()).FirstOrDefault(i => i.FullName == typeof(IBatchivoPlugin).FullName && i != typeof(IBatchivoPlugin));
        if (theirs is not null)
        {
            return new(file, name, PluginRefusal.ContractMismatch, PluginCompatibility.Problem(new(theirs.Assembly.GetName().Version, OwnCopy: true))!);
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

    /// <summary>What checking and loading one plugin folder came to, until it is registered or refused in turn.</summary>
    private sealed class PluginFolder
    {
        public string? File { get; set; }

        public string? Sha256 { get; set; }

        public object? KeepAlive { get; set; }

        public IBatchivoPlugin? Plugin { get; set; }

        public PluginInfo? Info { get; set; }

        public RefusedPlugin? Refusal { get; set; }

        /// <summary>How long checking, loading and creating the plugin took (its registration is timed by the registrar).</summary>
        public TimeSpan Prepared { get; set; }

        public ExceptionDispatchInfo? Failure { get; set; }
    }
}
