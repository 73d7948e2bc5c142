using System.Reflection;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;

namespace Batchivo.Hosting.Loading;

/// <summary>
/// Loads plugins with McMaster.NETCore.Plugins' load context: one context per plugin, explicit shared assemblies
/// (never PreferSharedTypes), the plugin's own dependencies resolved from its folder and deps.json.
/// </summary>
/// <remarks>
/// It builds the context as <c>PluginLoader.CreateFromAssemblyFile</c> does, but works out once per host what is the
/// same for every plugin, where <c>PluginLoader</c> redoes it for each:
/// <list type="bullet">
/// <item>The shared assemblies: <c>PluginLoader</c> walks the whole reference closure of the shared assemblies and
/// loads every assembly in it into the host (about fifty runtime assemblies, System.Private.Xml and System.Net.Http
/// among them, none of which a plugin needs). Here the closure is walked once and stops at the runtime's own
/// assemblies (Microsoft.NETCore.App): every assembly of the closure that the host itself carries (Batchivo.Core,
/// the Microsoft.Extensions abstractions and what they reference) is shared, and the runtime assemblies they reference
/// directly are shared by name without being loaded (McMaster's lazy mode, which also shares the references of each
/// shared assembly as it loads).</item>
/// <item>The probing paths from runtimeconfig files: <c>PluginLoader</c> deserialises the plugin's and every host
/// runtimeconfig(.dev).json for each plugin, throwing and catching an exception for each missing dev file. They add
/// probing paths only when they list <c>additionalProbingPaths</c>, or when a runtime package store exists next to the
/// <c>dotnet</c> muxer; McMaster reads them only then, and the host's are looked at once.</item>
/// </list>
/// Thread-safe: a host loads its plugin folders in parallel.
/// </remarks>
internal sealed class McMasterPluginAssemblyLoader : IPluginAssemblyLoader
{
    /// <summary>The types whose assemblies every plugin shares with the host (explicitly: not PreferSharedTypes).</summary>
    public static readonly Type[] HostSharedTypes =
    [
        typeof(Batchivo.Plugins.IBatchivoPlugin),                            // Batchivo.Core: the contract
        typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection), // Microsoft.Extensions.DependencyInjection.Abstractions
        typeof(Microsoft.Extensions.Logging.ILogger),                        // Microsoft.Extensions.Logging.Abstractions
        typeof(Microsoft.Extensions.Options.IOptions<>),                     // Microsoft.Extensions.Options
        typeof(Microsoft.Extensions.Configuration.IConfiguration),           // Microsoft.Extensions.Configuration.Abstractions: plugin settings
    ];

    private readonly AssemblyLoadContext _hostContext;
    private readonly Type[] _sharedTypes;
    private readonly Lazy<AssemblyName[]> _shared;
    private readonly Lazy<string[]> _hostRuntimeConfigs = new(HostRuntimeConfigs);

    /// <param name="sharedTypes">Types whose assemblies every plugin shares with the host.</param>
    public McMasterPluginAssemblyLoader(Type[] sharedTypes)
    {
        _sharedTypes = sharedTypes;

        // As PluginLoader: the context that loaded the host's code (and so its copy of the contract) provides the shared assemblies.
        _hostContext = AssemblyLoadContext.GetLoadContext(typeof(McMasterPluginAssemblyLoader).Assembly) ?? AssemblyLoadContext.Default;
        _shared = new(SharedClosure);
    }

    public Assembly Load(string assemblyPath, out object keepAlive)
    {
        var builder = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(assemblyPath)
            .SetDefaultContext(_hostContext)
            .IsLazyLoaded(true);
        foreach (var name in _shared.Value)
        {
            builder.PreferDefaultLoadContextAssembly(name);
        }

        var pluginConfig = Path.ChangeExtension(assemblyPath, ".runtimeconfig.json");
        if (AddsProbingPaths(pluginConfig))
        {
            builder.TryAddAdditionalProbingPathFromRuntimeConfig(pluginConfig, includeDevConfig: true, out _);
        }

        foreach (var hostConfig in _hostRuntimeConfigs.Value)
        {
            builder.TryAddAdditionalProbingPathFromRuntimeConfig(hostConfig, includeDevConfig: true, out _);
        }

        var context = builder.Build();
        keepAlive = context;
        return context.LoadFromAssemblyPath(assemblyPath);
    }

    // The shared assemblies and, transitively, the assemblies they reference that are not the runtime's own: those are
    // loaded here, once (the host carries them anyway).
    private AssemblyName[] SharedClosure()
    {
        var runtime = RuntimeAssemblyNames();
        var roots = _sharedTypes.Select(t => t.Assembly.GetName()).ToArray();
        var rootNames = roots.Select(r => r.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var closure = new List<AssemblyName>();
        var pending = new Queue<AssemblyName>(roots);
        while (pending.TryDequeue(out var name))
        {
            if (name.Name is null || !seen.Add(name.Name) || (runtime.Contains(name.Name) && !rootNames.Contains(name.Name)))
            {
                continue;
            }

            closure.Add(name);
            foreach (var reference in _hostContext.LoadFromAssemblyName(name).GetReferencedAssemblies())
            {
                pending.Enqueue(reference);
            }
        }

        return [.. closure];
    }

    // The names of the trusted platform assemblies that come from the runtime's directory (Microsoft.NETCore.App),
    // not from the host's own folder or another shared framework.
    private static HashSet<string> RuntimeAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (string.IsNullOrEmpty(runtimeDirectory) || AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string trusted)
        {
            return names; // e.g. a single-file host: walk the whole closure, as PluginLoader does
        }

        foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(Path.GetDirectoryName(path), runtimeDirectory, StringComparison.Ordinal))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return names;
    }

    // The host's runtimeconfig files (PluginLoader reads every *.runtimeconfig.json of the host's folder for each
    // plugin, for `dotnet test` whose entry assembly is not the one the file is named after) that add probing paths.
    private static string[] HostRuntimeConfigs() =>
        [.. Directory.GetFiles(AppContext.BaseDirectory, "*.runtimeconfig.json").Where(AddsProbingPaths)];

    // Whether McMaster would add a probing path from this runtimeconfig.json: when it or its .dev.json lists
    // additionalProbingPaths, or when running under the dotnet muxer next to a runtime package store (dotnet/store/).
    private static bool AddsProbingPaths(string runtimeConfig) =>
        PackageStoreExists.Value || Lists(runtimeConfig) || Lists(runtimeConfig[..^".json".Length] + ".dev.json");

    private static bool Lists(string file) =>
        File.Exists(file) && File.ReadAllText(file).Contains("additionalProbingPaths", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<bool> PackageStoreExists = new(() =>
        Environment.ProcessPath is { } process
        && string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.OrdinalIgnoreCase)
        && Path.GetDirectoryName(process) is { } muxerDirectory
        && Directory.Exists(Path.Combine(muxerDirectory, "store")));
}
