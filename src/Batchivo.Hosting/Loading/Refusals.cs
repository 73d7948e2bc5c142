using System.Reflection;

namespace Batchivo.Hosting.Loading;

/// <summary>The refusals that the folder loader and the registrar word alike: a failed plugin call, a time limit passed.</summary>
internal static class Refusals
{
    /// <summary>The refusal for a plugin whose code threw while the host was <paramref name="doing"/> something with it.</summary>
    public static RefusedPlugin For(string file, string name, Exception ex, PluginRefusal reason, string doing)
    {
        if (ex is FileNotFoundException or FileLoadException)
        {
            var missing = ex is FileNotFoundException f && f.FileName is { } fn ? fn : ex.Message;
            return new(file, name, PluginRefusal.MissingDependency, $"It needs '{missing}', which is neither in its folder nor shared by the host ({doing}). Publish the plugin with its dependencies into its folder.");
        }

        if (ex is BadImageFormatException)
        {
            return new(file, name, PluginRefusal.Corrupt, $"A file of the plugin is not a valid assembly ({ex.Message}). Rebuild or replace the plugin.");
        }

        return new(file, name, reason, $"{ex.GetType().Name} while {doing}: {ex.Message.TrimEnd('.')}. The plugin itself failed: fix or update it, or remove it.");
    }

    /// <summary>The refusal for a plugin that took longer than <paramref name="limit"/> <paramref name="doing"/> something.</summary>
    public static RefusedPlugin TimedOut(string file, string name, TimeSpan limit, string doing) =>
        new(file, name, PluginRefusal.TimedOut, $"It took longer than {limit.TotalSeconds:0.###} s {doing} and was stopped waiting for. A plugin's constructor and Register must be quick and free of I/O; fix or update it, remove it, or raise Batchivo:Plugins:RegistrationTimeout if it is merely slow.");

    /// <summary>The plugin's own exception, not the reflection wrapper around it.</summary>
    public static Exception Unwrap(Exception ex) => ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
}
