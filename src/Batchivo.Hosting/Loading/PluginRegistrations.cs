using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Loading;

/// <summary>A named thing a plugin provides, with the plugin that provides it.</summary>
internal sealed record Provided<TFactory>(string Name, string Plugin, TFactory Factory);

/// <summary>Everything the loaded plugins provide, by kind and name (case-insensitive).</summary>
internal sealed class PluginRegistrations
{
    public Dictionary<string, Provided<Func<IServiceProvider, StoreSettings, IProductionStore>>> Stores { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, Provided<Func<IServiceProvider, ScaleSettings, IScale>>> ScaleDrivers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, Provided<Func<IServiceProvider, PrinterConnectionSettings, IPrinterConnector>>> PrinterConnectors { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, Provided<Func<IServiceProvider, ISlicerFileReader>>> SlicerReaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Plugin names loaded so far, with where they came from.</summary>
    public Dictionary<string, string> PluginNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Loaders kept alive: plugins are loaded once and never unloaded.</summary>
    public List<object> Loaders { get; } = [];
}

/// <summary>
/// Collects one plugin's registrations apart from the host's, so that a plugin whose <c>Register</c> throws, or
/// that claims a taken name, leaves nothing behind.
/// </summary>
internal sealed class StagingRegistry : IPluginRegistry
{
    private readonly IServiceCollection _services = new ServiceCollection();
    private readonly HashSet<ServiceDescriptor> _hostDescriptors = new(ReferenceEqualityComparer.Instance);

    public StagingRegistry(IServiceCollection host)
    {
        // The plugin sees the host's registrations, so its TryAdd* calls behave as they would on the host.
        foreach (var descriptor in host)
        {
            _services.Add(descriptor);
            _hostDescriptors.Add(descriptor);
        }
    }

    public IServiceCollection Services => _services;

    public List<(string Name, Func<IServiceProvider, StoreSettings, IProductionStore> Factory)> Stores { get; } = [];

    public List<(string Name, Func<IServiceProvider, ScaleSettings, IScale> Factory)> ScaleDrivers { get; } = [];

    public List<(string Name, Func<IServiceProvider, PrinterConnectionSettings, IPrinterConnector> Factory)> PrinterConnectors { get; } = [];

    public List<(string Name, Func<IServiceProvider, ISlicerFileReader> Factory)> SlicerReaders { get; } = [];

    /// <summary>
    /// The descriptors the plugin added, by identity rather than position: a plugin that removes or replaces one of
    /// the host's registrations must not shift what counts as its own. Removals of host services are not carried over.
    /// </summary>
    public IEnumerable<ServiceDescriptor> AddedServices => _services.Where(d => !_hostDescriptors.Contains(d));

    public IReadOnlyList<string> Provides =>
    [
        .. Stores.Select(s => "store:" + s.Name),
        .. ScaleDrivers.Select(s => "scale:" + s.Name),
        .. PrinterConnectors.Select(s => "printer:" + s.Name),
        .. SlicerReaders.Select(s => "slicer:" + s.Name),
        .. AddedServices.Select(d => "service:" + Describe(d.ServiceType)).Distinct(StringComparer.Ordinal),
    ];

    public void AddStoreProvider(string name, Func<IServiceProvider, StoreSettings, IProductionStore> factory) => Stores.Add((Check(name, "store provider"), NotNull(factory)));

    public void AddScaleDriver(string name, Func<IServiceProvider, ScaleSettings, IScale> factory) => ScaleDrivers.Add((Check(name, "scale driver"), NotNull(factory)));

    public void AddPrinterConnector(string name, Func<IServiceProvider, PrinterConnectionSettings, IPrinterConnector> factory) => PrinterConnectors.Add((Check(name, "printer connector"), NotNull(factory)));

    public void AddSlicerReader(string name, Func<IServiceProvider, ISlicerFileReader> factory) => SlicerReaders.Add((Check(name, "slicer reader"), NotNull(factory)));

    // A readable name for diagnostics: Namespace.Name, with generic arguments as C# writes them.
    private static string Describe(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = type.FullName ?? $"{type.Namespace}.{type.Name}";
        if (!type.IsGenericType)
        {
            return name;
        }

        var plain = $"{type.Namespace}.{type.Name}";
        var tick = plain.IndexOf('`', StringComparison.Ordinal);
        return $"{(tick < 0 ? plain : plain[..tick])}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>";
    }

    private static string Check(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"A {what} needs a name.", nameof(name));
        }

        return name.Trim();
    }

    private static T NotNull<T>(T factory)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory;
    }
}
