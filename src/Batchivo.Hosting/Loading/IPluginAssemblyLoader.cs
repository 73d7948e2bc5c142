using System.Reflection;
using McMaster.NETCore.Plugins;

namespace Batchivo.Hosting.Loading;

/// <summary>The seam in front of the assembly loader (McMaster.NETCore.Plugins is in maintenance mode).</summary>
internal interface IPluginAssemblyLoader
{
    /// <summary>Loads a plugin's main assembly in its own load context, sharing the given types' assemblies with the host.</summary>
    /// <param name="assemblyPath">The absolute path of the main assembly.</param>
    /// <param name="sharedTypes">Types whose assemblies the plugin shares with the host.</param>
    /// <param name="keepAlive">Receives the loader object, to keep it alive.</param>
    /// <returns>The main assembly.</returns>
    Assembly Load(string assemblyPath, Type[] sharedTypes, out object keepAlive);
}

/// <summary>Loads plugins with McMaster.NETCore.Plugins: one load context per plugin, explicit shared types.</summary>
internal sealed class McMasterPluginAssemblyLoader : IPluginAssemblyLoader
{
    public Assembly Load(string assemblyPath, Type[] sharedTypes, out object keepAlive)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, sharedTypes, config => config.PreferSharedTypes = false);
        keepAlive = loader;
        return loader.LoadDefaultAssembly();
    }
}
