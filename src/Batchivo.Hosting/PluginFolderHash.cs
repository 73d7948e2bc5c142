using System.Security.Cryptography;
using System.Text;

namespace Batchivo.Hosting;

/// <summary>
/// The SHA-256 of a whole plugin folder, the value an allowlist (<c>Batchivo:Plugins:AllowedSha256</c>) lists: every
/// file the plugin can load from its folder (its assembly, its dependencies, native libraries under
/// <c>runtimes/</c>, its <c>.deps.json</c> and <c>.runtimeconfig.json</c>, and any other file) is covered.
/// </summary>
/// <remarks>
/// <para>The folder hash is the SHA-256 of the folder's manifest: one line per regular file of the folder and its
/// subfolders, <c>&lt;sha256 of the file, hex lower case&gt;  &lt;path relative to the folder, with /&gt;</c> and a
/// line feed, in the byte order of the paths' UTF-8 text; exactly what <c>sha256sum</c> writes. On Linux the same
/// value comes from <c>cd plugins/&lt;Name&gt; &amp;&amp; find . -type f ! -name plugin-files.sha256 -printf '%P\n' |
/// LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum</c>.</para>
/// <para>The file <see cref="ManifestFileName"/> is left out of the manifest: a folder may hold its own manifest
/// (written with <see cref="Manifest"/> or the command above without the last <c>sha256sum</c>). When the folder's
/// hash is not allowed but that file's hash is, the host compares the two and names the files that were changed,
/// added or removed.</para>
/// </remarks>
public static class PluginFolderHash
{
    /// <summary>The name of the optional manifest file a plugin folder may hold (not part of its own hash).</summary>
    public const string ManifestFileName = "plugin-files.sha256";

    /// <summary>The folder hash (hex, lower case) of a plugin folder.</summary>
    /// <param name="folder">The plugin folder, e.g. <c>plugins/Acme.Scales</c>.</param>
    /// <returns>The SHA-256 of <see cref="Manifest"/>.</returns>
    /// <exception cref="IOException">A file could not be read, or the folder holds a symbolic link (a link is refused: what it points to could change without the folder changing).</exception>
    public static string Compute(string folder) => HashText(Manifest(folder));

    /// <summary>The manifest of a plugin folder: one <c>sha256sum</c> line per file, sorted by path.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <returns>The manifest text, ending with a line feed when the folder has a file.</returns>
    /// <exception cref="IOException">A file could not be read, or the folder holds a symbolic link.</exception>
    public static string Manifest(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var text = new StringBuilder();
        foreach (var (path, sha256) in Entries(folder))
        {
            text.Append(sha256).Append("  ").Append(path).Append('\n');
        }

        return text.ToString();
    }

    internal static string HashText(string manifest) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)));

    /// <summary>The files of the folder (relative path with /, SHA-256), sorted by the paths' UTF-8 bytes.</summary>
    internal static List<(string Path, string Sha256)> Entries(string folder)
    {
        var root = Path.GetFullPath(folder);
        var files = new List<string>();
        Collect(root, root, files);
        files.Sort((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
        return [.. files.Select(f => (f, FileSha256(Path.Combine(root, f))))];
    }

    /// <summary>Parses a manifest (<c>sha256sum</c> lines) into path to hash; lines that are not such lines are ignored.</summary>
    internal static Dictionary<string, string> Parse(string manifest)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in manifest.Split('\n'))
        {
            if (line.Length > 66 && line[64] == ' ' && line[65] is ' ' or '*')
            {
                entries[line[66..]] = line[..64].ToLowerInvariant();
            }
        }

        return entries;
    }

    /// <summary>What a file of a plugin folder is, in words, for messages.</summary>
    internal static string Kind(string pluginName, string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        var nativeFolder = relativePath.Contains("/native/", StringComparison.Ordinal);
        return name switch
        {
            _ when string.Equals(relativePath, pluginName + ".dll", StringComparison.OrdinalIgnoreCase) => "the plugin's main assembly",
            _ when name.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) => "the dependency manifest (deps.json)",
            _ when name.Contains(".runtimeconfig", StringComparison.OrdinalIgnoreCase) => "the runtime configuration (runtimeconfig.json)",
            _ when nativeFolder || name.EndsWith(".so", StringComparison.OrdinalIgnoreCase) || name.Contains(".so.", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".dylib", StringComparison.OrdinalIgnoreCase) => "a native library",
            _ when name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) => "a dependency assembly",
            _ => "a file",
        };
    }

    internal static string FileSha256(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void Collect(string root, string directory, List<string> files)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            var relative = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (entry.LinkTarget is not null)
            {
                throw new IOException($"'{relative}' in the plugin folder is a symbolic link; an allowlisted plugin folder holds regular files only. Copy the file it points to instead.");
            }

            if (entry is DirectoryInfo)
            {
                Collect(root, entry.FullName, files);
            }
            else if (!string.Equals(relative, ManifestFileName, StringComparison.Ordinal))
            {
                files.Add(relative);
            }
        }
    }
}
