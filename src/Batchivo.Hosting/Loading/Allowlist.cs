namespace Batchivo.Hosting.Loading;

/// <summary>
/// Checks a plugin folder against the SHA-256 allowlist: the hash of the whole folder (<see cref="PluginFolderHash"/>),
/// so that a replaced dependency or native library is refused as surely as a replaced plugin assembly.
/// </summary>
internal static class Allowlist
{
    /// <summary>Null when the folder's hash is allowed (then <paramref name="hash"/> is it); else the refusal's message.</summary>
    public static string? Refusal(string folder, string name, IReadOnlySet<string> allowed, out string? hash)
    {
        hash = null;
        List<(string Path, string Sha256)> entries;
        try
        {
            entries = PluginFolderHash.Entries(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"Its folder could not be hashed for the allowlist: {ex.Message.TrimEnd('.')}. Only a plugin folder whose every file can be read and checked loads when Batchivo:Plugins:AllowedSha256 is set.";
        }

        var manifest = string.Concat(entries.Select(e => $"{e.Sha256}  {e.Path}\n"));
        hash = PluginFolderHash.HashText(manifest);
        if (allowed.Contains(hash))
        {
            return null;
        }

        var found = hash;
        hash = null;
        var trusted = TrustedManifest(folder, allowed);
        if (trusted is not null)
        {
            var differences = Differences(name, trusted, entries);
            return $"Its files differ from the plugin's allowed manifest ({PluginFolderHash.ManifestFileName}): {string.Join("; ", differences)}. The folder's SHA-256 is now {found}. Copy the plugin's original folder again; if you trust the new files, write a new manifest and allow its hash instead (Batchivo:Plugins:AllowedSha256).";
        }

        var main = Path.Combine(folder, name + ".dll");
        if (entries.Any(e => e.Path == name + ".dll") && allowed.Contains(PluginFolderHash.FileSha256(main)))
        {
            return $"The allowlist has the SHA-256 of its main assembly only, but an allowlist entry covers the whole plugin folder (its dependencies and native libraries too): the folder's SHA-256 is {found}. If you trust every file of the folder, replace the entry with this hash (Batchivo:Plugins:AllowedSha256; the plugins command prints it).";
        }

        return $"Its folder's SHA-256 {found} (over its {entries.Count} files: its assembly, dependencies, native libraries and other files) is not on the allowlist (Batchivo:Plugins:AllowedSha256). Add the hash if you trust every file of this plugin folder, or remove the plugin.";
    }

    // The folder's own manifest file, when its hash is on the allowlist: then it lists the files that were allowed.
    private static Dictionary<string, string>? TrustedManifest(string folder, IReadOnlySet<string> allowed)
    {
        var file = Path.Combine(folder, PluginFolderHash.ManifestFileName);
        try
        {
            return File.Exists(file) && allowed.Contains(PluginFolderHash.FileSha256(file)) ? PluginFolderHash.Parse(File.ReadAllText(file)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<string> Differences(string name, Dictionary<string, string> trusted, List<(string Path, string Sha256)> entries)
    {
        var differences = new List<string>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, sha256) in entries)
        {
            present.Add(path);
            if (!trusted.TryGetValue(path, out var expected))
            {
                differences.Add($"{path} ({PluginFolderHash.Kind(name, path)}) was added");
            }
            else if (!string.Equals(expected, sha256, StringComparison.Ordinal))
            {
                differences.Add($"{path} ({PluginFolderHash.Kind(name, path)}) was changed");
            }
        }

        differences.AddRange(trusted.Keys.Where(p => !present.Contains(p)).Order(StringComparer.Ordinal).Select(p => $"{p} ({PluginFolderHash.Kind(name, p)}) is missing"));
        return differences;
    }
}
