using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Diagnostics;
using Batchivo.Hosting.Diagnostics;
using Batchivo.Hosting.Loading;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.Configuration;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Batchivo to a service collection.</summary>
public static class BatchivoServiceCollectionExtensions
{
    /// <summary>
    /// Adds Batchivo: loads plugins from the configured directories, selects the store, scales and printers, and
    /// registers <see cref="IProductionStore"/>, <see cref="ProductionService"/> with its <see cref="CatalogService"/>,
    /// <see cref="RunService"/>, <see cref="WeighingService"/> and <see cref="AnalyticsService"/>, <see cref="BatchivoDevices"/> and
    /// <see cref="PluginDiagnostics"/>. Calling it again returns the same builder.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets options in code.</param>
    /// <returns>The builder, for <c>UseXxx</c>/<c>AddXxx</c> of plugins given in code.</returns>
    /// <exception cref="BatchivoConfigurationException">The plugin settings (<see cref="BatchivoOptions.Plugins"/>) are invalid.</exception>
    /// <remarks>The other options are validated when the host starts, or when first resolved without a host (<see cref="OptionsValidationException"/>).</remarks>
    public static BatchivoBuilder AddBatchivo(this IServiceCollection services, Action<BatchivoOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Register(services, configuration: null, configure);
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
    /// <exception cref="BatchivoConfigurationException">The plugin settings (<see cref="BatchivoOptions.Plugins"/>) are invalid.</exception>
    public static BatchivoBuilder AddBatchivo(this IServiceCollection services, IConfiguration configuration, Action<BatchivoOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(BatchivoOptions.SectionName);
        return Register(services, section.Exists() ? section : configuration, configure);
    }

    private static BatchivoBuilder Register(IServiceCollection services, IConfiguration? configuration, Action<BatchivoOptions>? configure)
    {
        // Plugins register services, so their folders are loaded now, with the plugin settings this call was given.
        // Everything else is read from IOptions<BatchivoOptions> when first resolved (so later Configure calls count),
        // and validated with DataAnnotations on start.
        var now = new BatchivoOptions();
        configuration?.Bind(now);
        configure?.Invoke(now);
        var invalid = new List<ValidationResult>();
        if (!Validator.TryValidateObject(now.Plugins, new ValidationContext(now.Plugins), invalid, validateAllProperties: true))
        {
            throw new BatchivoConfigurationException("Batchivo's plugin settings are invalid: " + string.Join(" ", invalid.Select(r => r.ErrorMessage)));
        }

        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(BatchivoBuilder))?.ImplementationInstance as BatchivoBuilder;
        var builder = existing ?? new BatchivoBuilder(services, new McMasterPluginAssemblyLoader(McMasterPluginAssemblyLoader.HostSharedTypes));
        var options = services.AddOptions<BatchivoOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (existing is null)
        {
            options.ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton(builder);
            services.AddSingleton(builder.Diagnostics);
            services.AddSingleton(builder.Registrations);
            services.AddSingleton(sp => builder.Selection.With(sp.GetRequiredService<IOptions<BatchivoOptions>>().Value));
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(ResolveStore);
            services.TryAddSingleton(sp => new StartupLog(sp.GetRequiredService<PluginDiagnostics>(), sp.GetService<ILoggerFactory>()));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StartupLog>(sp => sp.GetRequiredService<StartupLog>()));
            services.TryAddSingleton(sp => new ProductionService(sp.GetRequiredService<IProductionStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IScaleDirectory>(), sp.GetServices<IBatchivoEventSubscriber>(), sp.GetService<ILoggerFactory>()));
            services.TryAddSingleton(sp => new PrinterJobService(sp.GetRequiredService<IProductionStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetServices<IBatchivoEventSubscriber>(), sp.GetService<ILoggerFactory>()));
            services.TryAddSingleton(sp => sp.GetRequiredService<ProductionService>().Catalog);
            services.TryAddSingleton(sp => sp.GetRequiredService<ProductionService>().Runs);
            services.TryAddSingleton(sp => sp.GetRequiredService<ProductionService>().Weighing);
            services.TryAddSingleton(sp => sp.GetRequiredService<ProductionService>().Analytics);
            services.TryAddSingleton(sp => new BatchivoDevices(sp, sp.GetRequiredService<PluginRegistrations>(), sp.GetRequiredService<BatchivoSelection>()));
            services.TryAddSingleton<IScaleDirectory>(sp => sp.GetRequiredService<BatchivoDevices>());
        }

        builder.LoadPlugins(now.Plugins);
        return builder;
    }

    private static IProductionStore ResolveStore(IServiceProvider services)
    {
        var selection = services.GetRequiredService<BatchivoSelection>();
        var registrations = services.GetRequiredService<PluginRegistrations>();
        var diagnostics = services.GetRequiredService<PluginDiagnostics>();
        var log = services.GetService<StartupLog>();
        log?.LogPluginsOnce();
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

        // The store's settings (a connection string, a password) are never logged: only the provider, its plugin and the store's type.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var created = provider.Factory(services, store);
            if (log is not null && log.Logger.IsEnabled(LogLevel.Information))
            {
                var took = (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                HostingLog.StoreStarted(log.Logger, provider.Name, provider.Plugin, took, created.GetType().Name);
            }

            return created;
        }
        catch (Batchivo.BatchivoException ex)
        {
            if (log is not null)
            {
                HostingLog.StoreFailed(log.Logger, provider.Name, ex.Message);
            }

            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            var failed = PluginFailedException.For($"The store provider '{provider.Name}' (plugin {provider.Plugin})", "create the store", "Batchivo:Store:Settings", ex);
            if (log is not null)
            {
                HostingLog.StoreFailed(log.Logger, provider.Name, failed.Message);
            }

            throw failed;
        }
    }
}
