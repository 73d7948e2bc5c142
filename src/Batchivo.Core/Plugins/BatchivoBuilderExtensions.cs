using Batchivo.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Batchivo.Plugins;

/// <summary>What every plugin package's registration call (e.g. <c>AddSqliteStore()</c>) is made of.</summary>
public static class BatchivoBuilderExtensions
{
    /// <summary>
    /// Adds a plugin compiled into the app (a package reference, not a plugin folder), once: a second call for the same
    /// plugin type does nothing, so a package's registration calls can be combined freely.
    /// </summary>
    /// <typeparam name="TPlugin">The plugin's class.</typeparam>
    /// <param name="builder">The Batchivo builder.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder TryAddPlugin<TPlugin>(this IBatchivoBuilder builder)
        where TPlugin : class, IBatchivoPlugin, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(TPlugin)))
        {
            return builder;
        }

        var plugin = new TPlugin();
        builder.Services.AddSingleton(plugin);
        return builder.AddPlugin(plugin);
    }

    /// <summary>
    /// Adds a subscriber to Batchivo's events (a singleton, created by the container), once per type: the production
    /// services tell it every run started, completed, failed or cancelled, every spool weighed and every ledger entry,
    /// after the commit that stored it.
    /// </summary>
    /// <typeparam name="TSubscriber">The subscriber's class.</typeparam>
    /// <param name="builder">The Batchivo builder.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddEventSubscriber<TSubscriber>(this IBatchivoBuilder builder)
        where TSubscriber : class, IBatchivoEventSubscriber
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IBatchivoEventSubscriber, TSubscriber>());
        return builder;
    }

    /// <summary>Adds a subscriber to Batchivo's events, an instance the caller owns (see <see cref="AddEventSubscriber{TSubscriber}(IBatchivoBuilder)"/>).</summary>
    /// <param name="builder">The Batchivo builder.</param>
    /// <param name="subscriber">The subscriber.</param>
    /// <returns>The builder.</returns>
    public static IBatchivoBuilder AddEventSubscriber(this IBatchivoBuilder builder, IBatchivoEventSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(subscriber);
        builder.Services.AddSingleton(subscriber);
        return builder;
    }
}
