using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Batchivo.Plugins;

namespace Batchivo.Hosting.Loading;

/// <summary>
/// The one compatibility rule between a plugin and this host: a plugin is compatible when it was built against the
/// Batchivo.Core of this host's major version and not a newer one (so the loader can share the host's copy), and it
/// implements the host's plugin contract. What is known of a plugin differs by where it comes from (a folder's metadata
/// before loading, a loaded class, the <see cref="PluginInfo"/> it declares), but every fact goes through this rule.
/// </summary>
internal static class PluginCompatibility
{
    public const string CoreAssemblyName = "Batchivo.Core";

    private static Version HostCore => typeof(IBatchivoPlugin).Assembly.GetName().Version!;

    /// <summary>What a plugin says it was built against; null when it does not say (e.g. not read yet).</summary>
    /// <param name="Core">The Batchivo.Core version its assembly references.</param>
    /// <param name="Contract">The contract version its <see cref="PluginInfo"/> declares.</param>
    /// <param name="OwnCopy">Its plugin class implements <see cref="IBatchivoPlugin"/> from a copy of Batchivo.Core that is not the host's.</param>
    public readonly record struct BuiltAgainst(Version? Core = null, int? Contract = null, bool OwnCopy = false);

    /// <summary>Null when a plugin built against <paramref name="built"/> runs on this host; else why not and what to do.</summary>
    public static string? Problem(BuiltAgainst built)
    {
        var host = HostCore;
        if (built.Core is { } core && (core.Major != host.Major || new Version(core.Major, core.Minor) > new Version(host.Major, host.Minor)))
        {
            return $"It was built against Batchivo.Core {core.ToString(2)} but this host provides {host.ToString(2)} (contract {PluginContract.Version}). Rebuild the plugin against Batchivo.Core {host.ToString(2)}, or use a host of its version.";
        }

        if (built.OwnCopy)
        {
            return $"Its plugin class implements IBatchivoPlugin from its own copy of Batchivo.Core {built.Core?.ToString(2)}, not the host's {host.ToString(2)}. Rebuild it against the host's version and do not ship Batchivo.Core in the plugin folder.";
        }

        if (built.Contract is { } contract && contract != PluginContract.Version)
        {
            return $"It declares plugin contract {contract} but this host implements contract {PluginContract.Version}. Rebuild it against this host's Batchivo.Core.";
        }

        return null;
    }

    /// <summary>The Batchivo.Core version a plugin file references, read from its metadata without loading it; null when it references none.</summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static Version? ReferencedCoreVersion(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("The file has no .NET metadata.", path);
        }

        var metadata = pe.GetMetadataReader();
        if (!metadata.IsAssembly)
        {
            throw new BadImageFormatException("The file is a module, not an assembly.", path);
        }

        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (string.Equals(metadata.GetString(reference.Name), CoreAssemblyName, StringComparison.Ordinal))
            {
                return reference.Version;
            }
        }

        return null;
    }
}
