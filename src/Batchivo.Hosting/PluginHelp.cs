namespace Batchivo.Hosting;

/// <summary>What an app does to load a plugin it lacks, for both ways an app gets one: a plugin folder or a package reference.</summary>
internal static class PluginHelp
{
    /// <summary>The advice, naming a shipped plugin of the kind as the example.</summary>
    /// <param name="kind">What the plugin provides, e.g. store.</param>
    /// <param name="example">A shipped plugin of that kind, e.g. Batchivo.Storage.Sqlite.</param>
    /// <param name="call">Its package's registration call, e.g. AddSqliteStore().</param>
    /// <returns>The advice, as sentences.</returns>
    public static string HowToLoad(string kind, string example, string call) =>
        $"With plugin folders, copy the {kind} plugin's whole output folder (e.g. {example}/) into a folder listed in Batchivo:Plugins:Directories. " +
        $"With a package reference, call the package's registration, e.g. services.AddBatchivo(configuration).{call}.";
}
