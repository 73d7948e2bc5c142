using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests.Support;

/// <summary>The real plugin folders the build put next to the tests: <c>fixture-plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c>.</summary>
internal static class FixturePlugins
{
    /// <summary>The directory name, relative to the test assembly's folder (as the build targets write it).</summary>
    public const string DirectoryName = "fixture-plugins";

    public const string MemoryStore = "Fixture.MemoryStore";
    public const string Printer = "Fixture.Printer";
    public const string Slicer = "Fixture.Slicer";
    public const string Services = "Fixture.Services";
    public const string HelloScale = "Batchivo.Examples.HelloScale";
    public const string DuplicateA = "Fixture.DuplicateA";
    public const string DuplicateB = "Fixture.DuplicateB";
    public const string ThrowsInConstructor = "Fixture.ThrowsInConstructor";
    public const string ThrowsInRegister = "Fixture.ThrowsInRegister";
    public const string MissingDependency = "Fixture.MissingDependency";
    public const string OldContract = "Fixture.OldContract";
    public const string NewContract = "Fixture.NewContract";
    public const string ProviderClash = "Fixture.ProviderClash";
    public const string NoPluginClass = "Fixture.NoPluginClass";
    public const string Corrupt = "Fixture.Corrupt";
    public const string EmptyFolder = "Fixture.EmptyFolder";

    /// <summary>The plugin folders that load.</summary>
    public static readonly string[] Good = [HelloScale, DuplicateA, MemoryStore, Printer, Services, Slicer];

    /// <summary>The absolute path of the directory the build produced.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, DirectoryName);

    /// <summary>The plugin file of a folder in the build's directory.</summary>
    public static string File(string folder) => FileIn(Directory, folder);

    /// <summary>The plugin file of a folder in <paramref name="directory"/>.</summary>
    public static string FileIn(string directory, string folder) => Path.Combine(directory, folder, folder + ".dll");

    /// <summary>The SHA-256 of a file, computed here independently of the host (hex, lower case).</summary>
    public static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(file)));

    /// <summary>A host with every fixture plugin folder loaded.</summary>
    public static (ServiceCollection Services, BatchivoBuilder Builder) LoadAll(Action<BatchivoOptions>? configure = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(Directory);
            configure?.Invoke(o);
        });
        Log(builder);
        return (services, builder);
    }

    /// <summary>Writes the diagnostics to the test output (visible with the detailed console logger).</summary>
    public static void Log(BatchivoBuilder builder)
    {
        foreach (var line in builder.Diagnostics.Describe())
        {
            Console.WriteLine(line);
        }
    }

    public static LoadedPlugin Loaded(BatchivoBuilder builder, string name) =>
        Assert.Single(builder.Diagnostics.Loaded, p => p.Name == name);

    public static RefusedPlugin Refused(BatchivoBuilder builder, string name) =>
        Assert.Single(builder.Diagnostics.Refused, p => p.Name == name);

    /// <summary>The service type a plugin registered, found by name: the tests cannot reference plugin assemblies.</summary>
    public static Type? ServiceType(IServiceCollection services, string fullName) =>
        services.Select(d => d.ServiceType).FirstOrDefault(t => t.FullName == fullName);
}
