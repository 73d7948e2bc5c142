using System.Reflection;

namespace Batchivo.Hosting.Loading;

/// <summary>The seam in front of the assembly loader (McMaster.NETCore.Plugins is in maintenance mode).</summary>
/// <remarks>One loader serves one host: what every plugin shares with the host is worked out once, not per plugin.</remarks>
internal interface IPluginAssemblyLoader
{
    /// <summary>Loads a plugin's main assembly in its own load context, sharing the host's contract assemblies.</summary>
    /// <param name="assemblyPath">The absolute path of the main assembly.</param>
    /// <param name="keepAlive">Receives the load context, to keep it alive.</param>
    /// <returns>The main assembly.</returns>
    Assembly Load(string assemblyPath, out object keepAlive);
}
