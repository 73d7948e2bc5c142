using System.Reflection;

namespace Acme.Plugin;

/// <summary>The plugin's version, read from its assembly (the project's &lt;Version&gt;), never typed by hand.</summary>
internal static class PluginVersion
{
    public static string Of(Type pluginType) =>
        pluginType.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? pluginType.Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
