using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text.Json;

namespace Batchivo.Hosting.Loading;

/// <summary>
/// Checks, when a plugin loads, that what it will need later is there and whole: every assembly its assembly references
/// (and they reference, within its folder) loads in its context, and every assembly and native library its deps.json
/// lists for this platform is in its folder and not cut short. Without it a plugin deployed without a library, or with a
/// truncated one, is listed as loaded and fails when its store or device is first used.
/// </summary>
internal static class DependencyCheck
{
    /// <summary>The first problem found (reason and message naming the file), or null when every dependency resolves.</summary>
    public static (PluginRefusal Reason, string Message)? Problem(Assembly main, string folder, string name)
    {
        return References(main) ?? Listed(folder, name);
    }

    // Loads every assembly the plugin's assembly references, and what those that come from its folder reference.
    private static (PluginRefusal, string)? References(Assembly main)
    {
        var context = AssemblyLoadContext.GetLoadContext(main);
        if (context is null)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { main.GetName().Name ?? string.Empty };
        var pending = new Queue<Assembly>([main]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || !seen.Add(reference.Name))
                {
                    continue;
                }

                Assembly loaded;
                try
                {
                    loaded = context.LoadFromAssemblyName(reference);
                }
                catch (FileNotFoundException)
                {
                    return (PluginRefusal.MissingDependency, $"It needs the assembly {reference.Name}.dll ({reference.Version}, referenced by {assembly.GetName().Name}), which is neither in its folder nor shared by the host. Publish the plugin with its dependencies and copy its whole output folder.");
                }
                catch (Exception ex) when (ex is FileLoadException or BadImageFormatException)
                {
                    var file = (ex as FileLoadException)?.FileName ?? (ex as BadImageFormatException)?.FileName ?? reference.Name + ".dll";
                    return (PluginRefusal.Corrupt, $"Its dependency {reference.Name} ({file}, referenced by {assembly.GetName().Name}) could not be loaded: {ex.Message.TrimEnd('.')}. The file is damaged, truncated or of the wrong version: copy the plugin's whole output folder again.");
                }
                catch (Exception ex) when (ex is not OutOfMemoryException and not IOException and not UnauthorizedAccessException)
                {
                    // Whatever else the loader throws for one plugin's dependency refuses that plugin, not the host.
                    return (PluginRefusal.LoadFailed, $"Its dependency {reference.Name} (referenced by {assembly.GetName().Name}) could not be loaded: {ex.Message.TrimEnd('.')}. Copy the plugin's whole output folder again, or update the plugin.");
                }

                if (AssemblyLoadContext.GetLoadContext(loaded) == context)
                {
                    pending.Enqueue(loaded);
                }
            }
        }

        return null;
    }

    // The assemblies and native libraries the deps.json lists for this platform: present, and whole.
    private static (PluginRefusal, string)? Listed(string folder, string name)
    {
        var depsFile = Path.Combine(folder, name + ".deps.json");
        if (!File.Exists(depsFile))
        {
            return null;
        }

        List<(string Path, bool Native)> assets;
        try
        {
            assets = Assets(File.ReadAllText(depsFile));
        }
        catch (JsonException ex)
        {
            return (PluginRefusal.Corrupt, $"Its dependency manifest {name}.deps.json is not valid JSON ({ex.Message.TrimEnd('.')}). Copy the plugin's whole output folder again.");
        }

        foreach (var (path, native) in assets)
        {
            var file = Path.Combine(folder, path);
            if (!File.Exists(file) && !File.Exists(file = Path.Combine(folder, Path.GetFileName(path))))
            {
                return (PluginRefusal.MissingDependency, $"Its {(native ? "native library" : "assembly")} {path}, listed in {name}.deps.json, is not in its folder. Copy the plugin's whole output folder again.");
            }

            var damage = native ? NativeDamage(file) : ManagedDamage(file);
            if (damage is not null)
            {
                return (PluginRefusal.Corrupt, $"Its {(native ? "native library" : "assembly")} {path} is damaged: {damage}. Copy the plugin's whole output folder again.");
            }
        }

        return null;
    }

    // Every runtime asset of every library for this platform: RID-independent ones, and of the RID-specific ones those
    // of the most specific RID this platform runs (as the loader picks them).
    private static List<(string Path, bool Native)> Assets(string depsJson)
    {
        var assets = new List<(string, bool)>();
        using var document = JsonDocument.Parse(depsJson);
        if (!document.RootElement.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object)
        {
            return assets;
        }

        var chain = RidChain();
        foreach (var target in targets.EnumerateObject().Take(1).Where(t => t.Value.ValueKind == JsonValueKind.Object))
        {
            foreach (var library in target.Value.EnumerateObject().Where(l => l.Value.ValueKind == JsonValueKind.Object))
            {
                foreach (var (kind, native) in new[] { ("runtime", false), ("native", true) })
                {
                    if (library.Value.TryGetProperty(kind, out var plain) && plain.ValueKind == JsonValueKind.Object)
                    {
                        assets.AddRange(plain.EnumerateObject().Select(a => (a.Name, native)));
                    }
                }

                if (library.Value.TryGetProperty("runtimeTargets", out var specific) && specific.ValueKind == JsonValueKind.Object)
                {
                    var byType = specific.EnumerateObject()
                        .Select(a => (a.Name, Rid: Text(a.Value, "rid"), Type: Text(a.Value, "assetType")))
                        .Where(a => a.Type is "runtime" or "native")
                        .GroupBy(a => a.Type);
                    foreach (var group in byType)
                    {
                        var best = chain.FirstOrDefault(rid => group.Any(a => a.Rid == rid));
                        assets.AddRange(group.Where(a => best is not null && a.Rid == best).Select(a => (a.Name, group.Key == "native")));
                    }
                }
            }
        }

        return assets;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // This platform's RID and the ones it falls back to (the portable graph): linux-musl-x64, linux-x64, linux, unix.
    private static List<string> RidChain()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        var chain = new List<string> { rid };
        var dash = rid.LastIndexOf('-');
        if (dash > 0)
        {
            var os = rid[..dash];
            var arch = rid[(dash + 1)..];
            if (os.EndsWith("-musl", StringComparison.Ordinal))
            {
                chain.Add(os[..^"-musl".Length] + "-" + arch);
            }

            chain.Add(os.Split('-')[0]);
        }

        if (!OperatingSystem.IsWindows())
        {
            chain.Add("unix");
        }

        chain.Add("any");
        return chain;
    }

    // Null when the file is a whole .NET assembly; else what is wrong with it.
    private static string? ManagedDamage(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return "it is not a .NET assembly";
            }

            _ = pe.GetMetadata().Length;
            return SectionsBeyondEnd(pe, stream.Length);
        }
        catch (BadImageFormatException ex)
        {
            return $"it is not a valid .NET assembly ({ex.Message.TrimEnd('.')})";
        }
    }

    private static string? SectionsBeyondEnd(PEReader pe, long length) =>
        pe.PEHeaders.SectionHeaders.Any(s => (long)s.PointerToRawData + s.SizeOfRawData > length)
            ? $"it is cut short ({length} bytes, but its sections extend beyond)"
            : null;

    // Null when the file looks like a whole native library of a known format (ELF, PE, Mach-O); else what is wrong.
    private static string? NativeDamage(string file)
    {
        using var stream = File.OpenRead(file);
        var header = new byte[64];
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var length = stream.Length;
        if (read >= 52 && header[0] == 0x7F && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F')
        {
            return ElfDamage(header, read, length);
        }

        if (read >= 2 && header[0] == (byte)'M' && header[1] == (byte)'Z')
        {
            stream.Position = 0;
            try
            {
                using var pe = new PEReader(stream, PEStreamOptions.LeaveOpen);
                return SectionsBeyondEnd(pe, length);
            }
            catch (BadImageFormatException ex)
            {
                return $"it is not a valid library ({ex.Message.TrimEnd('.')})";
            }
        }

        var magic = read >= 4 ? BitConverter.ToUInt32(header, 0) : 0;
        return magic is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE or 0xCAFEBABE or 0xBEBAFECA
            ? null
            : $"it is not a native library ({length} bytes of another format)";
    }

    // The program and section header tables of an ELF file lie within it: the section headers are at its end, so a
    // truncated copy loses them.
    private static string? ElfDamage(byte[] header, int read, long length)
    {
        var is64 = header[4] == 2;
        if (header[5] != 1 || (is64 && read < 64))
        {
            return header[5] != 1 ? null : "it is cut short (its ELF header is incomplete)";
        }

        var (phoff, shoff) = is64
            ? ((long)BitConverter.ToUInt64(header, 0x20), (long)BitConverter.ToUInt64(header, 0x28))
            : (BitConverter.ToUInt32(header, 0x1C), (long)BitConverter.ToUInt32(header, 0x20));
        var at = is64 ? 0x36 : 0x2A;
        var phentsize = BitConverter.ToUInt16(header, at);
        var phnum = BitConverter.ToUInt16(header, at + 2);
        var shentsize = BitConverter.ToUInt16(header, at + 4);
        var shnum = BitConverter.ToUInt16(header, at + 6);
        var end = Math.Max(phoff + ((long)phentsize * phnum), shoff + ((long)shentsize * shnum));
        return end > length ? $"it is cut short ({length} bytes, but its headers say at least {end})" : null;
    }
}
