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
    public const string LazyDependency = "Fixture.LazyDependency";
    public const string FactoryThrows = "Fixture.FactoryThrows";
    public const string HangsInRegister = "Fixture.HangsInRegister";
    public const string HangsInConstructor = "Fixture.HangsInConstructor";

    /// <summary>The real SQLite store plugin (managed dependencies, native libraries), built into <see cref="StoreDirectory"/>.</summary>
    public const string Sqlite = "Batchivo.Storage.Sqlite";

    /// <summary>The plugin folders that load.</summary>
    public static readonly string[] Good = [HelloScale, DuplicateA, MemoryStore, Printer, Services, Slicer];

    /// <summary>The absolute path of the directory the build produced.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, DirectoryName);

    /// <summary>The directory of the real store plugin: <c>store-plugins/Batchivo.Storage.Sqlite</c>.</summary>
    public static string StoreDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "store-plugins");

    /// <summary>The directory of the plugins that hang in their constructor or Register, or whose factories throw.</summary>
    public static string IsolatedDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "isolated-plugins");

    /// <summary>The plugin file of a folder in the build's directory.</summary>
    public static string File(string folder) => FileIn(Directory, folder);

    /// <summary>The plugin file of a folder in <paramref name="directory"/>.</summary>
    public static string FileIn(string directory, string folder) => Path.Combine(directory, folder, folder + ".dll");

    /// <summary>The SHA-256 of a file, computed here independently of the host (hex, lower case).</summary>
    public static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(file)));

    /// <summary>
    /// A plugin folder's hash computed here independently of the host, by the shell command the documentation gives
    /// operators (find, sort and sha256sum), so the host and the documented command are checked against each other.
    /// </summary>
    public static string FolderSha256(string folder)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", "cd \"$1\" && find . -type f ! -path ./plugin-files.sha256 -printf '%P\\n' | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum", "bash", folder])
        {
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output[..64];
    }

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
