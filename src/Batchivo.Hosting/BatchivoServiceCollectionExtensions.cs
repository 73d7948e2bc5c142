using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Hosting.Loading;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Batchivo to a service collection.</summary>
public static class BatchivoServiceCollectionExtensions
{
    /// <summary>
    /// Adds Batchivo: loads plugins from the configured directories, selects the store, scales and printers, and
    /// registers <see cref="IProductionStore"/>, <see cref="ProductionService"/>, <see cref="BatchivoDevices"/> and
    /// <see cref="PluginDiagnostics"/>. Calling it again returns the same builder.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets options in code.</param>
    /// <returns>The builder, for <c>UseXxx</c>/<c>AddXxx</c> of plugins given in code.</returns>
    /// <exception cref="BatchivoConfigurationException">The options are invalid (e.g. an empty store provider, a scale without a driver, the same scale name twice).</exception>
    public static BatchivoBuilder AddBatchivo(this IServiceCollection services, Action<BatchivoOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new BatchivoOptions();
        configure?.Invoke(options);
        return AddBatchivo(services, options);
    }

    /// <summary>Adds Batchivo with default options (no plugin folder, no store selected): select them in code on the builder.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The builder.</returns>
    public static BatchivoBuilder AddBatchivo(this IServiceCollection services) => AddBatchivo(services, configure: null);

    /// <summary>Adds Batchivo with options bound from configuration (the section <c>Batchivo</c> of it, or itself when it has no such section).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The builder.</returns>
    public static BatchivoBuilder AddBatchivo(this IServiceCollection services, IConfiguration configuration) =>
        AddBatchivo(services, configuration, configure: null);

    /// <summary>Adds Batchivo with options bound from configuration (the section <c>Batchivo</c> of it, or itself when it has no such section).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <param name="configure">Changes options after binding.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="BatchivoConfigurationException">The options are invalid (e.g. an empty store provider, a scale without a driver, the same scale name twice).</exception>
    public static BatchivoBuilder AddBatchivo(this IServiceCollection services, IConfiguration configuration, Action<BatchivoOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(BatchivoOptions.SectionName);
        var options = new BatchivoOptions();
        (section.Exists() ? section : configuration).Bind(options);
        configure?.Invoke(options);
        return AddBatchivo(services, options);
    }

    internal static BatchivoBuilder AddBatchivo(IServiceCollection services, BatchivoOptions options, IPluginAssemblyLoader? loader = null)
    {
        Validate(options);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(BatchivoBuilder))?.ImplementationInstance as BatchivoBuilder;
        var builder = existing ?? new BatchivoBuilder(services, loader ?? new McMasterPluginAssemblyLoader(McMasterPluginAssemblyLoader.HostSharedTypes));
        if (existing is null)
        {
            services.AddSingleton(builder);
            services.AddSingleton(builder.Diagnostics);
            services.AddSingleton(builder.Registrations);
            services.AddSingleton(builder.Selection);
            services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(ResolveStore);
            services.TryAddSingleton(sp => new ProductionService(sp.GetRequiredService<IProductionStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IScaleDirectory>()));
            services.TryAddSingleton(sp => new BatchivoDevices(sp, sp.GetRequiredService<PluginRegistrations>(), sp.GetRequiredService<BatchivoSelection>()));
            services.TryAddSingleton<IScaleDirectory>(sp => sp.GetRequiredService<BatchivoDevices>());
        }

        builder.Apply(options);
        return builder;
    }

    private static IProductionStore ResolveStore(IServiceProvider services)
    {
        var selection = services.GetRequiredService<BatchivoSelection>();
        var registrations = services.GetRequiredService<PluginRegistrations>();
        var diagnostics = services.GetRequiredService<PluginDiagnostics>();
        var loaded = BatchivoDevices.List([.. registrations.Stores.Keys.Order(StringComparer.OrdinalIgnoreCase)]);
        var refused = diagnostics.Refused.Count == 0 ? string.Empty : $" Refused plugins: {string.Join("; ", diagnostics.Refused.Select(r => $"{r.Name} ({r.Reason})"))}.";
        if (selection.Store is not { } store)
        {
            throw new BatchivoConfigurationException($"No store is selected. Set Batchivo:Store:Provider (loaded providers: {loaded}) or select one in code (e.g. UseStore).{refused}");
        }

        if (!registrations.Stores.TryGetValue(store.Provider, out var provider))
        {
            throw new BatchivoConfigurationException($"The store provider '{store.Provider}' is not loaded. Loaded providers: {loaded}. Check Batchivo:Store:Provider. {Batchivo.Hosting.PluginHelp.HowToLoad("store", "Batchivo.Storage.Sqlite", "AddSqliteStore()")}{refused}");
        }

        try
        {
            return provider.Factory(services, store);
        }
        catch (Exception ex) when (ex is not Batchivo.BatchivoException and not OutOfMemoryException and not OperationCanceledException)
        {
            throw PluginFailedException.For($"The store provider '{provider.Name}' (plugin {provider.Plugin})", "create the store", "Batchivo:Store:Settings", ex);
        }
    }

    private static void Validate(BatchivoOptions options)
    {
        var problems = new List<string>();
        if (options.Store is { } store && string.IsNullOrWhiteSpace(store.Provider))
        {
            problems.Add("Batchivo:Store:Provider is empty; name a store provider such as sqlite");
        }

        for (var i = 0; i < options.Scales.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Scales[i].Name) || string.IsNullOrWhiteSpace(options.Scales[i].Driver))
            {
                problems.Add($"Batchivo:Scales:{i} needs a Name and a Driver");
            }
        }

        for (var i = 0; i < options.Printers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Printers[i].Printer) || string.IsNullOrWhiteSpace(options.Printers[i].Connector))
            {
                problems.Add($"Batchivo:Printers:{i} needs a Printer and a Connector");
            }
        }

        if (options.Plugins.RegistrationTimeout <= TimeSpan.Zero)
        {
            problems.Add("Batchivo:Plugins:RegistrationTimeout must be a positive time, e.g. 00:00:10");
        }

        if (options.Plugins.Directories.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("Batchivo:Plugins:Directories has an empty entry");
        }

        if (problems.Count > 0)
        {
            throw new BatchivoConfigurationException("Batchivo's configuration is invalid: " + string.Join("; ", problems) + ".");
        }
    }
}
