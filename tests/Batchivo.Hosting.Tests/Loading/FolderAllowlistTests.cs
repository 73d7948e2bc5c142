using Batchivo.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests.Loading;

/// <summary>
/// The allowlist covers every file of a plugin's folder, not only its main assembly: a replaced dependency, native
/// library, deps.json or runtimeconfig.json, or an added file, is refused. Runs on a copy of the real SQLite store
/// plugin, which has managed dependencies and native libraries under runtimes/.
/// </summary>
public sealed class FolderAllowlistTests : IDisposable
{
    private const string Main = FixturePlugins.Sqlite + ".dll";
    private const string ManagedDependency = "SQLitePCLRaw.batteries_v2.dll";
    private const string NativeLibrary = "runtimes/linux-x64/native/libe_sqlite3.so";
    private const string DepsJson = FixturePlugins.Sqlite + ".deps.json";
    private const string RuntimeConfig = FixturePlugins.Sqlite + ".runtimeconfig.json";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "batchivo-hosting-tests", Guid.NewGuid().ToString("N"));

    public FolderAllowlistTests()
    {
        Plugins = Path.Combine(_root, "plugins");
        Folder = Path.Combine(Plugins, FixturePlugins.Sqlite);
        TempPluginDirectory.CopyDirectory(Path.Combine(FixturePlugins.StoreDirectory, FixturePlugins.Sqlite), Folder);
    }

    private string Plugins { get; }

    private string Folder { get; }

    public static TheoryData<string, string, string> Tampering => new()
    {
        { "main assembly", Main, "the plugin's main assembly" },
        { "managed dependency", ManagedDependency, "a dependency assembly" },
        { "native library", NativeLibrary, "a native library" },
        { "deps.json", DepsJson, "the dependency manifest (deps.json)" },
        { "runtimeconfig.json", RuntimeConfig, "the runtime configuration (runtimeconfig.json)" },
        { "added file", "extra.dll", "a dependency assembly" },
    };

    [Fact]
    public void The_unchanged_folder_loads_with_its_folder_hash_allowed_and_reports_that_hash()
    {
        var hash = FixturePlugins.FolderSha256(Folder);

        var builder = Load(hash);

        Assert.Empty(builder.Diagnostics.Refused);
        var loaded = Assert.Single(builder.Diagnostics.Loaded);
        Assert.Equal(hash, loaded.Sha256);
        Assert.Equal(hash, PluginFolderHash.Compute(Folder));
    }

    [Fact]
    public void Without_an_allowlist_a_loaded_plugin_reports_its_folder_hash()
    {
        var builder = new ServiceCollection().AddBatchivo(o => o.Plugins.Directories.Add(Plugins));

        Assert.Equal(FixturePlugins.FolderSha256(Folder), Assert.Single(builder.Diagnostics.Loaded).Sha256);
    }

    [Theory]
    [InlineData(Main)]
    [InlineData(ManagedDependency)]
    [InlineData(NativeLibrary)]
    [InlineData(DepsJson)]
    [InlineData(RuntimeConfig)]
    [InlineData("extra.dll")]
    public void Replacing_or_adding_any_kind_of_file_is_refused_without_a_manifest(string path)
    {
        var allowed = FixturePlugins.FolderSha256(Folder);
        Tamper(path);

        var builder = Load(allowed);

        Assert.Empty(builder.Diagnostics.Loaded);
        var refused = FixturePlugins.Refused(builder, FixturePlugins.Sqlite);
        Assert.Equal(PluginRefusal.NotAllowed, refused.Reason);
        Assert.Contains(FixturePlugins.FolderSha256(Folder), refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(allowed, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Tampering))]
    public void With_the_folders_manifest_allowed_the_refusal_names_the_file_and_its_kind(string what, string path, string kind)
    {
        File.WriteAllText(Path.Combine(Folder, PluginFolderHash.ManifestFileName), PluginFolderHash.Manifest(Folder));
        var manifestHash = FixturePlugins.Sha256(Path.Combine(Folder, PluginFolderHash.ManifestFileName));
        Assert.Equal(FixturePlugins.FolderSha256(Folder), manifestHash);
        Tamper(path);

        var builder = Load(manifestHash);

        Assert.Empty(builder.Diagnostics.Loaded);
        var refused = FixturePlugins.Refused(builder, FixturePlugins.Sqlite);
        Assert.Equal(PluginRefusal.NotAllowed, refused.Reason);
        var verb = what == "added file" ? "was added" : "was changed";
        Assert.Contains($"{path} ({kind}) {verb}", refused.Message, StringComparison.Ordinal);
        Assert.Single(refused.Message.Split("; "), part => part.Contains(" was ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_removed_file_is_named_as_missing_when_the_manifest_is_allowed()
    {
        File.WriteAllText(Path.Combine(Folder, PluginFolderHash.ManifestFileName), PluginFolderHash.Manifest(Folder));
        var manifestHash = FixturePlugins.Sha256(Path.Combine(Folder, PluginFolderHash.ManifestFileName));
        File.Delete(Path.Combine(Folder, NativeLibrary));

        var refused = FixturePlugins.Refused(Load(manifestHash), FixturePlugins.Sqlite);

        Assert.Equal(PluginRefusal.NotAllowed, refused.Reason);
        Assert.Contains($"{NativeLibrary} (a native library) is missing", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replaced_dependency_is_refused_when_the_allowlist_has_the_main_assemblys_hash()
    {
        // The reported bypass: the allowlisted assembly is unchanged, a library next to it is replaced.
        var allowed = FixturePlugins.Sha256(Path.Combine(Folder, Main));
        Tamper(ManagedDependency);

        var builder = Load(allowed);

        Assert.Empty(builder.Diagnostics.Loaded);

        var refused = FixturePlugins.Refused(builder, FixturePlugins.Sqlite);
        Assert.Equal(PluginRefusal.NotAllowed, refused.Reason);
        Assert.Contains("main assembly only", refused.Message, StringComparison.Ordinal);
        Assert.Contains(FixturePlugins.FolderSha256(Folder), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_inside_an_allowlisted_folder_is_refused()
    {
        var allowed = FixturePlugins.FolderSha256(Folder);
        var library = Path.Combine(Folder, ManagedDependency);
        var outside = Path.Combine(_root, ManagedDependency);
        File.Move(library, outside);
        File.CreateSymbolicLink(library, outside);

        var refused = FixturePlugins.Refused(Load(allowed), FixturePlugins.Sqlite);

        Assert.Equal(PluginRefusal.NotAllowed, refused.Reason);
        Assert.Contains($"'{ManagedDependency}' in the plugin folder is a symbolic link", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var entry in new DirectoryInfo(_root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Where(e => e.LinkTarget is not null).ToList())
        {
            entry.Delete();
        }

        Directory.Delete(_root, recursive: true);
    }

    private BatchivoBuilder Load(string allowed)
    {
        var builder = new ServiceCollection().AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(Plugins);
            o.Plugins.AllowedSha256.Add(allowed);
        });
        FixturePlugins.Log(builder);
        return builder;
    }

    // Replaces the file with different bytes of the same kind (another file of the folder, or the file changed), or adds one.
    private void Tamper(string path)
    {
        var file = Path.Combine(Folder, path);
        switch (path)
        {
            case ManagedDependency or "extra.dll":
                File.Copy(Path.Combine(Folder, "SQLitePCLRaw.core.dll"), file, overwrite: true);
                break;
            case DepsJson or RuntimeConfig:
                File.WriteAllText(file, File.ReadAllText(file).Replace("\"", "\" ", StringComparison.Ordinal));
                break;
            default:
                File.AppendAllText(file, "tampered");
                break;
        }
    }
}
