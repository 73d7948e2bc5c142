namespace Batchivo.Hosting;

/// <summary>
/// A loaded plugin failed when the host asked it for a store or device: its factory threw something other than a
/// Batchivo error, e.g. because a file the plugin needs is missing or damaged, or because of a fault of the plugin.
/// The message names the plugin, the cause, and what to do; <see cref="Exception.InnerException"/> is the original.
/// </summary>
public sealed class PluginFailedException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What failed, why, and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PluginFailedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The error for a factory that threw <paramref name="cause"/>.</summary>
    /// <param name="what">What failed, e.g. "The store provider 'sqlite' (plugin Batchivo.Storage.Sqlite)".</param>
    /// <param name="doing">What it was asked to do, e.g. "create the store".</param>
    /// <param name="settingsKey">Where its settings are configured.</param>
    /// <param name="cause">What the factory threw.</param>
    internal static PluginFailedException For(string what, string doing, string settingsKey, Exception cause)
    {
        var inner = cause is System.Reflection.TargetInvocationException { InnerException: { } wrapped } ? wrapped : cause;
        var detail = FirstSentence(inner.Message);
        return inner switch
        {
            FileNotFoundException { FileName: { } file } =>
                new($"{what} could not {doing}: a file the plugin needs is missing ({file}). Copy the plugin's whole output folder into the plugin directory again; the plugins command checks it.", cause),
            FileNotFoundException or FileLoadException or BadImageFormatException or DllNotFoundException or EntryPointNotFoundException or TypeLoadException or MissingMethodException =>
                new($"{what} could not {doing}: a file or library the plugin needs is missing, damaged or of another version ({detail}). Copy the plugin's whole output folder into the plugin directory again, with its native libraries; the plugins command checks it.", cause),
            _ =>
                new($"{what} failed to {doing}: {detail}. Check its settings ({settingsKey}); if they are right, the plugin itself failed: update it, or report it to the plugin's author.", cause),
        };
    }

    private static string FirstSentence(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        var end = line.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 && line.StartsWith("Unable to load", StringComparison.Ordinal) ? colon : line.Length;
        return line[..end].TrimEnd('.', ' ');
    }
}
