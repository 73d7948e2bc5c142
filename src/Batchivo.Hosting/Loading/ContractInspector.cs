using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Batchivo.Hosting.Loading;

/// <summary>Reads a plugin file's metadata without loading it: is it an assembly, and which Batchivo.Core does it reference.</summary>
internal static class ContractInspector
{
    public const string CoreAssemblyName = "Batchivo.Core";

    /// <summary>The Batchivo.Core version the assembly references; null when it references none.</summary>
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

    /// <summary>A plugin built against <paramref name="referenced"/> runs on <paramref name="host"/> when the major versions match and the host is not older.</summary>
    public static bool IsCompatible(Version referenced, Version host) =>
        referenced.Major == host.Major && new Version(referenced.Major, referenced.Minor) <= new Version(host.Major, host.Minor);
}
