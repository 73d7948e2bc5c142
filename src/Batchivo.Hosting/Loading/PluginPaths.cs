namespace Batchivo.Hosting.Loading;

/// <summary>Where a plugin folder's file really is: plugins load only from plain folders directly inside a plugin directory.</summary>
internal static class PluginPaths
{
    /// <summary>A name that is one folder of a directory: not empty, not a relative step, no separator or invalid character.</summary>
    public static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
        && name.IndexOfAny(['/', '\\', ':']) < 0;

    /// <summary>
    /// Where the file really is, every link along its path followed (as the OS does when it opens it), when that is
    /// outside the directory's real location; null when it is inside. Checking only the file's and its folder's own
    /// link targets would miss a link to a linked folder: plugins/A/A.dll -> plugins/B/A.dll with plugins/B -> /elsewhere.
    /// </summary>
    /// <exception cref="IOException">A link loop.</exception>
    public static string? ResolvesOutside(string root, string file)
    {
        var realRoot = RealPath(root);
        var prefix = realRoot.EndsWith(Path.DirectorySeparatorChar) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        var target = RealPath(file);
        return target.StartsWith(prefix, StringComparison.Ordinal) ? null : target;
    }

    private static string RealPath(string path)
    {
        var hops = 0;
        return Resolve(Path.GetFullPath(path));

        string Resolve(string full)
        {
            var current = Path.GetPathRoot(full)!;
            foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                var next = Path.Combine(current, part);
                if (new FileInfo(next).LinkTarget is { } link)
                {
                    // The limit Linux applies (MAXSYMLINKS), so a link loop ends as an I/O error, not a hang.
                    if (++hops > 40)
                    {
                        throw new IOException($"Too many levels of symbolic links at {next}.");
                    }

                    next = Resolve(Path.GetFullPath(Path.IsPathRooted(link) ? link : Path.Combine(current, link)));
                }

                current = next;
            }

            return current;
        }
    }
}
