using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Loading;

/// <summary>
/// Registers plugins, whether loaded from a folder or given in code, into the host's services: checks them against the
/// host (<see cref="PluginCompatibility"/>), runs their <c>Register</c> within the time limit, and keeps what they
/// provide only when nothing clashes. Every outcome goes to <see cref="Diagnostics"/>.
/// </summary>
/// <remarks>Not thread-safe: registering depends on what earlier plugins registered, so plugins register one at a time.</remarks>
internal sealed class PluginRegistrar(IServiceCollection services)
{
    /// <summary>What was loaded and refused so far.</summary>
    public PluginDiagnostics Diagnostics { get; } = new();

    /// <summary>What the loaded plugins provide.</summary>
    public PluginRegistrations Registrations { get; } = new();

    /// <summary>How long a plugin's constructor (with <c>Info</c>) and its <c>Register</c> may each take.</summary>
    public TimeSpan Timeout { get; set; } = PluginOptions.DefaultRegistrationTimeout;

    /// <summary>Registers a plugin given in code.</summary>
    public void Add(IBatchivoPlugin plugin)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        PluginInfo info;
        try
        {
            info = plugin.Info;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Refuse(plugin.GetType().FullName ?? "plugin", plugin.GetType().Name, PluginRefusal.ConstructorFailed, $"Its Info threw {ex.GetType().Name}: {ex.Message}");
            Batchivo.Diagnostics.BatchivoTelemetry.RecordPluginLoad(plugin.GetType().Name, loaded: false, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return;
        }

        Register(plugin, info, file: null, sha256: null, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Registers a plugin; <paramref name="file"/> is null for a plugin given in code. <paramref name="prepared"/> is
    /// how long loading it took before; the plugin's load time (on the meter, and on <see cref="LoadedPlugin.LoadTime"/>)
    /// adds its registration.
    /// </summary>
    public void Register(IBatchivoPlugin plugin, PluginInfo? info, string? file, string? sha256, TimeSpan prepared)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var loaded = Diagnostics.Loaded.Count;
        RegisterCore(plugin, info, file, sha256);
        var took = prepared + System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var kept = Diagnostics.Loaded.Count > loaded;
        if (kept)
        {
            Diagnostics.SetLastLoadTime(took);
        }

        var name = kept ? Diagnostics.Loaded[^1].Name : Diagnostics.Refused.Count > 0 ? Diagnostics.Refused[^1].Name : info?.Name ?? plugin.GetType().Name;
        Batchivo.Diagnostics.BatchivoTelemetry.RecordPluginLoad(name, kept, took);
    }

    private void RegisterCore(IBatchivoPlugin plugin, PluginInfo? info, string? file, string? sha256)
    {
        var source = file ?? plugin.GetType().FullName ?? "plugin";
        if (info is null || string.IsNullOrWhiteSpace(info.Name))
        {
            Refuse(source, plugin.GetType().Name, PluginRefusal.InvalidInfo, "Its Info has no name. Return a PluginInfo with a unique name.");
            return;
        }

        var core = plugin.GetType().Assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == PluginCompatibility.CoreAssemblyName)?.Version;
        if (PluginCompatibility.Problem(new(core, info.ContractVersion)) is { } mismatch)
        {
            Refuse(source, info.Name, PluginRefusal.ContractMismatch, mismatch);
            return;
        }

        if (Registrations.PluginNames.TryGetValue(info.Name, out var first))
        {
            Refuse(source, info.Name, PluginRefusal.DuplicateName, $"A plugin named '{info.Name}' is already loaded from {first}. Remove one of the two, or give them different names.");
            return;
        }

        var staging = new StagingRegistry(services);
        try
        {
            if (!TimeLimit.Run(() => plugin.Register(staging), Timeout, $"plugin {info.Name}"))
            {
                Diagnostics.Add(Refusals.TimedOut(source, info.Name, Timeout, "registering its services (nothing it registered was kept)"));
                return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Diagnostics.Add(Refusals.For(source, info.Name, Refusals.Unwrap(ex), PluginRefusal.RegisterFailed, "registering its services (nothing it registered was kept)"));
            return;
        }

        if (Clash(staging) is { } clash)
        {
            Refuse(source, info.Name, PluginRefusal.DuplicateName, clash);
            return;
        }

        Keep(staging, info.Name);
        Registrations.PluginNames[info.Name] = source;
        Diagnostics.Add(file is not null && sha256 is null
            ? new LoadedPlugin(info.Name, info.Version, info.ContractVersion, file, new Lazy<string?>(() => FolderSha256OrNull(Path.GetDirectoryName(file)!)), staging.Provides)
            : new LoadedPlugin(info.Name, info.Version, info.ContractVersion, file, sha256, staging.Provides));
    }

    public void Refuse(string file, string name, PluginRefusal reason, string message) =>
        Diagnostics.Add(new RefusedPlugin(file, name, reason, message));

    private void Keep(StagingRegistry staging, string plugin)
    {
        foreach (var descriptor in staging.AddedServices)
        {
            services.Add(descriptor);
        }

        foreach (var (n, f) in staging.Stores)
        {
            Registrations.Stores[n] = new(n, plugin, f);
        }

        foreach (var (n, f) in staging.ScaleDrivers)
        {
            Registrations.ScaleDrivers[n] = new(n, plugin, f);
        }

        foreach (var (n, f) in staging.PrinterConnectors)
        {
            Registrations.PrinterConnectors[n] = new(n, plugin, f);
        }

        foreach (var (n, f) in staging.SlicerReaders)
        {
            Registrations.SlicerReaders[n] = new(n, plugin, f);
        }
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
}
