namespace Batchivo.Hosting.Tests.Support;

/// <summary>A fresh copy of the build's fixture-plugins folder under a unique temporary root, for tests that change files.</summary>
/// <remarks>Layout: <c>&lt;Root&gt;/plugins</c> is the copy; <c>&lt;Root&gt;/outside</c> is a sibling outside it.</remarks>
internal sealed class TempPluginDirectory : IDisposable
{
    public TempPluginDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "batchivo-hosting-tests", Guid.NewGuid().ToString("N"));
        Plugins = Path.Combine(Root, "plugins");
        Outside = Path.Combine(Root, "outside");
        CopyDirectory(FixturePlugins.Directory, Plugins);
        Directory.CreateDirectory(Outside);
    }

    public string Root { get; }

    public string Plugins { get; }

    public string Outside { get; }

    /// <summary>Moves a plugin folder out of the plugin directory into <see cref="Outside"/>; returns its new path.</summary>
    public string MoveOutside(string folder)
    {
        var target = Path.Combine(Outside, folder);
        Directory.Move(Path.Combine(Plugins, folder), target);
        return target;
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    public void Dispose()
    {
        // Remove links first so that deleting the tree can never follow one out of it.
        foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Where(e => e.LinkTarget is not null).ToList())
        {
            entry.Delete();
        }

        Directory.Delete(Root, recursive: true);
    }
}
