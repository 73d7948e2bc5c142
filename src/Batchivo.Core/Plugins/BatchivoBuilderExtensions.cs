using Microsoft.Extensions.DependencyInjection;

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
}
